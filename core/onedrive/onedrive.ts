import { GraphClient } from '../graph/client.js';
import type { TokenProvider } from '../graph/client.js';
import { graphBaseUrl } from '../graph/endpoints.js';
import type { Pacer } from '../graph/pacer.js';
import type { DriveContext, ItemRef } from './context.js';
import { driveBase } from './context.js';
import { copyItem } from './copy.js';
import { downloadFile } from './download.js';
import type { DownloadOptions } from './download.js';
import { driveById, myDrive } from './drives.js';
import { findItem, getItem, list, listPages, mkdir, move, remove, setModTime } from './items.js';
import { createLink } from './links.js';
import type { LinkRequest } from './links.js';
import { resolveOptions } from './options.js';
import type { OneDriveOptions } from './options.js';
import { PathCodec } from './paths.js';
import type { Drive, DriveItem, Permission, Quota } from './types.js';
import { uploadFile } from './upload.js';
import type { UploadOptions } from './upload.js';
import { cleanup, deleteOldVersions, listVersions } from './versions.js';

export interface OpenOptions {
  accountId: string;
  tokens: TokenProvider;
  options?: Partial<OneDriveOptions>;
  pacer?: Pacer;
  /** Transport settings (tests shorten them). */
  timeoutMs?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
}

/** One drive of one account, with every operation rclone's onedrive backend offers. */
export class OneDrive {
  private constructor(readonly ctx: DriveContext, readonly drive: Drive) {}

  /** Connects to `drive_id` when set, else to the user's own drive, and learns its type. */
  static async open(o: OpenOptions): Promise<OneDrive> {
    const options = resolveOptions(o.options);
    const client = new GraphClient({
      accountId: o.accountId, tokens: o.tokens, pacer: o.pacer,
      baseUrl: graphBaseUrl({ region: options.region, graphUrl: options.graph_url || undefined }),
      timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, backoffBaseMs: o.backoffBaseMs,
    });
    const drive = options.drive_id ? await driveById(client, options.drive_id) : await myDrive(client);
    const driveType = options.drive_type || drive.driveType;
    const ctx: DriveContext = { client, driveId: drive.id, driveType, options, codec: new PathCodec(options.encoding) };
    return new OneDrive(ctx, drive);
  }

  get client(): GraphClient {
    return this.ctx.client;
  }
  get driveType(): string {
    return this.ctx.driveType;
  }

  get(ref: ItemRef): Promise<DriveItem> { return getItem(this.ctx, ref); }
  find(ref: ItemRef): Promise<DriveItem | undefined> { return findItem(this.ctx, ref); }
  list(ref: ItemRef, pageSize?: number): Promise<DriveItem[]> { return list(this.ctx, ref, pageSize); }
  listPages(ref: ItemRef, pageSize?: number): AsyncGenerator<DriveItem[]> { return listPages(this.ctx, ref, pageSize); }
  mkdir(path: string, opts?: { parents?: boolean }): Promise<DriveItem> { return mkdir(this.ctx, path, opts); }
  move(ref: ItemRef, to: { parent?: string; name?: string }): Promise<DriveItem> { return move(this.ctx, ref, to); }
  delete(ref: ItemRef, opts?: { permanent?: boolean }): Promise<void> { return remove(this.ctx, ref, opts); }
  setModTime(ref: ItemRef, mtime: Date): Promise<DriveItem> { return setModTime(this.ctx, ref, mtime); }
  upload(localPath: string, remotePath: string, opts?: UploadOptions): Promise<DriveItem> { return uploadFile(this.ctx, localPath, remotePath, opts); }
  download(ref: ItemRef, localPath: string, opts?: DownloadOptions): Promise<DriveItem> { return downloadFile(this.ctx, ref, localPath, opts); }
  copy(ref: ItemRef, to: { parent: string; name?: string; toDrive?: OneDrive }, opts?: Parameters<typeof copyItem>[3]): Promise<DriveItem> {
    return copyItem(this.ctx, ref, { parent: to.parent, name: to.name, toDrive: to.toDrive?.ctx }, opts);
  }
  link(ref: ItemRef, req?: LinkRequest): Promise<Permission> { return createLink(this.ctx, ref, req); }
  versions(ref: ItemRef) { return listVersions(this.ctx, ref); }
  deleteOldVersions(ref: ItemRef, opts?: { dryRun?: boolean }) { return deleteOldVersions(this.ctx, ref, opts); }
  cleanup(path: string, opts?: Parameters<typeof cleanup>[2]) { return cleanup(this.ctx, path, opts); }

  /** Space on the drive; undefined fields mean the drive did not say (some SharePoint drives answer zeros). */
  async quota(): Promise<Quota> {
    const d = await this.ctx.client.json<Drive>('GET', driveBase(this.ctx));
    const q = d.quota ?? {};
    return q.total === 0 && q.used === 0 ? {} : q;
  }
}
