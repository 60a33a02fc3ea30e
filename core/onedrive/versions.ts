import { GraphError } from '../graph/errors.js';
import { collect } from '../graph/paging.js';
import { describe, isPersonal, itemUrl } from './context.js';
import type { DriveContext, ItemRef } from './context.js';
import { getItem, list } from './items.js';
import { joinPath } from './paths.js';
import type { DriveItemVersion } from './types.js';

/** Versions of a file, newest (the current one) first. */
export async function listVersions(ctx: DriveContext, ref: ItemRef): Promise<DriveItemVersion[]> {
  return collect<DriveItemVersion>(ctx.client, itemUrl(ctx, ref, 'versions'), { item: describe(ref) });
}

function refusePersonal(ctx: DriveContext, ref: ItemRef): void {
  if (isPersonal(ctx)) {
    throw new GraphError({ kind: 'unsupported', code: 'notSupported', item: describe(ref), message: 'OneDrive personal cannot delete versions: Microsoft offers no way to remove old versions on personal drives.' });
  }
}

/** Deletes every version of a file but the current one; returns what it deleted (or would, with dryRun). */
export async function deleteOldVersions(ctx: DriveContext, ref: ItemRef, opts: { dryRun?: boolean } = {}): Promise<DriveItemVersion[]> {
  refusePersonal(ctx, ref);
  const versions = await listVersions(ctx, ref);
  const old = versions.slice(1);
  if (!opts.dryRun) {
    for (const v of old) await ctx.client.json('DELETE', itemUrl(ctx, ref, `versions/${encodeURIComponent(v.id)}`), { item: describe(ref) });
  }
  return old;
}

export interface CleanupEntry {
  path: string;
  versionId: string;
  size: number;
}

export interface CleanupReport {
  dryRun: boolean;
  files: number;
  deleted: CleanupEntry[];
  bytes: number;
}

/** rclone's `cleanup`: every file under `path` keeps only its current version. */
export async function cleanup(ctx: DriveContext, path: string, opts: { dryRun?: boolean; onEntry?: (e: CleanupEntry) => void } = {}): Promise<CleanupReport> {
  refusePersonal(ctx, path);
  const report: CleanupReport = { dryRun: !!opts.dryRun, files: 0, deleted: [], bytes: 0 };
  const visit = async (p: string, isFile: boolean, id: string) => {
    if (isFile) {
      report.files++;
      for (const v of await deleteOldVersions(ctx, { id }, opts)) {
        const entry = { path: p, versionId: v.id, size: v.size ?? 0 };
        report.deleted.push(entry);
        report.bytes += entry.size;
        opts.onEntry?.(entry);
      }
      return;
    }
    for (const child of await list(ctx, { id })) await visit(joinPath(p, child.name), !child.folder, child.id);
  };
  const start = await getItem(ctx, path);
  await visit(path, !start.folder && !start.root, start.id);
  return report;
}
