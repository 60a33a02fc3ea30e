import type { DriveContext } from '../../onedrive/context.js';
import { driveBase } from '../../onedrive/context.js';
import type { DriveItem } from '../../onedrive/types.js';
import { isGraphError } from '../../graph/errors.js';
import { pages } from '../../graph/paging.js';
import type { GraphErrorKind } from '../../graph/errors.js';
import { RemoteError } from './errors.js';
import type { RemoteErrorKind } from './errors.js';
import type { DeltaCursor, DeltaPage, DirectDownload, DownloadRequest, MoveRequest, RemoteDrive, RemoteItem, UploadRequest, UploadSession } from './types.js';

const UNIT = 320 * 1024;
// Download URLs live about an hour; past this age one is not tried, to save a request certain to be refused.
const DIRECT_MAX_AGE_MS = 45 * 60_000;
// What an expired or revoked download URL answers; then `/content` is asked once for a fresh one.
const DIRECT_REFUSED = new Set([401, 403, 404, 410]);

interface DeltaAnswer {
  value: DriveItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

interface SessionAnswer {
  uploadUrl?: string;
  nextExpectedRanges?: string[];
  expirationDateTime?: string;
}

/**
 * RemoteDrive over core/onedrive's drive context (its Graph client, pacer and retries). Names go and come
 * exactly as stored on OneDrive: the engine encodes on the way up and decodes in observe.
 */
export class GraphDrive implements RemoteDrive {
  readonly driveId: string;

  constructor(private readonly ctx: DriveContext, readonly rootId: string, private readonly chunkSize = 10 * 1024 * 1024) {
    if (chunkSize % UNIT !== 0) throw new Error(`Upload chunks must be a multiple of 320 KiB; ${chunkSize} is not.`);
    this.driveId = ctx.driveId;
  }

  private items(id: string, route = ''): string {
    return `${driveBase(this.ctx)}/items/${encodeURIComponent(id)}${route}`;
  }

  async delta(cursor: DeltaCursor | null): Promise<DeltaPage> {
    // OneDrive for Business and SharePoint answer delta on the drive's root only: there the whole drive's
    // changes come, and observe keeps the items whose parent chain reaches the pair's folder.
    const start = this.ctx.driveType === 'personal' ? this.items(this.rootId, '/delta') : `${driveBase(this.ctx)}/root/delta`;
    const url = cursor === null ? start : cursor.kind === 'token' ? cursor.token : cursor.link;
    const seenAtMs = Date.now();
    const page = await call(() => this.ctx.client.json<DeltaAnswer>('GET', url));
    const items = page.value.map((d) => toRemote(d, this.driveId, seenAtMs));
    if (page['@odata.nextLink']) return { items, then: { kind: 'next', cursor: { kind: 'next', link: page['@odata.nextLink'] } } };
    if (!page['@odata.deltaLink']) throw new RemoteError('other', 'OneDrive ended a change list without a delta link.');
    // The delta link itself is the token: it is opaque, and resuming from it needs nothing else.
    return { items, then: { kind: 'done', token: page['@odata.deltaLink'] } };
  }

  async upload(req: UploadRequest): Promise<RemoteItem> {
    const target = `${this.items(req.parentId)}:/${encodeURIComponent(req.name)}:`;
    const fsInfo = { lastModifiedDateTime: new Date(req.mtimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const ifMatch = req.ifMatch ? { 'if-match': req.ifMatch } : undefined;
    if (req.size === 0) {
      await call(() => this.ctx.client.json<DriveItem>('PUT', `${target}/content`, { body: new Uint8Array(0), query: { '@microsoft.graph.conflictBehavior': 'replace' }, headers: ifMatch }));
      const made = await call(() => this.ctx.client.json<DriveItem>('GET', target));
      return this.setMtime(made.id, req.mtimeMs);
    }
    let session = req.resume ? await this.sessionStatus(req.resume) : null;
    if (!session) {
      const s = await call(() => this.ctx.client.json<SessionAnswer>('POST', `${target}/createUploadSession`, {
        json: { item: { '@microsoft.graph.conflictBehavior': 'replace', fileSystemInfo: fsInfo } }, headers: ifMatch,
      }));
      session = { url: s.uploadUrl!, offset: 0, expiresAtMs: Date.parse(s.expirationDateTime ?? '') || Date.now() + 3600_000 };
    }
    req.onSession?.(session);
    let offset = session.offset;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const send = async (chunk: Buffer): Promise<DriveItem | undefined> => {
      const end = offset + chunk.length - 1;
      const start = offset;
      // Bytes as they go, not per chunk: a chunk is 10 MiB, and under a bandwidth limit it can take minutes.
      const ans = await call(() => this.ctx.client.json<SessionAnswer & DriveItem>('PUT', session!.url, {
        auth: false, retryNetwork: false, body: chunk, headers: { 'content-range': `bytes ${offset}-${end}/${req.size}` },
        onBodySent: (n) => req.onProgress?.(start + n), ...(req.signal ? { signal: req.signal } : {}),
      }));
      offset = end + 1;
      req.onProgress?.(offset);
      if (ans && ans.id) return ans;
      req.onSession?.({ ...session!, offset });
      return undefined;
    };
    let done: DriveItem | undefined;
    for await (const c of req.open(offset)) {
      pending.push(Buffer.from(c));
      pendingBytes += c.length;
      while (pendingBytes >= this.chunkSize && offset + this.chunkSize < req.size) {
        const all = Buffer.concat(pending);
        done = await send(all.subarray(0, this.chunkSize));
        pending = [all.subarray(this.chunkSize)];
        pendingBytes = all.length - this.chunkSize;
      }
    }
    if (pendingBytes > 0) done = await send(Buffer.concat(pending));
    if (offset !== req.size) throw new RemoteError('changed', `The file's size changed while it was uploaded (${offset} of ${req.size} bytes); it will be sent again.`);
    if (!done) throw new RemoteError('other', 'OneDrive accepted the last chunk without answering with the item.');
    return toRemote(done, this.driveId);
  }

  /** Where a saved session stands; null when it is gone and the upload must start over. */
  private async sessionStatus(s: UploadSession): Promise<UploadSession | null> {
    try {
      const ans = await this.ctx.client.json<SessionAnswer>('GET', s.url, { auth: false });
      const next = Number((ans.nextExpectedRanges?.[0] ?? '0-').split('-')[0]);
      return { ...s, offset: next };
    } catch {
      return null;
    }
  }

  async download(req: DownloadRequest): Promise<AsyncIterable<Uint8Array>> {
    const range: Record<string, string> = req.offset ? { range: `bytes=${req.offset}-` } : {};
    const signal = req.signal ? { signal: req.signal } : {};
    const res = (req.direct && await this.direct(req.direct, range, signal))
      ?? await call(() => this.ctx.client.stream('GET', this.items(req.itemId, '/content'), {
        headers: { ...range, ...(req.ifMatch ? { 'if-match': req.ifMatch } : {}) }, ...signal,
      }));
    if (req.offset && res.status !== 206) throw new RemoteError('other', 'OneDrive did not resume the download from where it stopped.');
    if (!res.body) return (async function* () {})();
    return cutOffIsNetwork(res.body as unknown as AsyncIterable<Uint8Array>);
  }

  /**
   * GET the download URL delta gave; null when it is too old or refused, so the caller asks `/content`.
   * No If-Match: the URL names the content version delta reported, and the hash check catches any other.
   */
  private async direct(d: DirectDownload, range: Record<string, string>, signal: { signal?: AbortSignal }): Promise<Response | null> {
    if (Date.now() - d.seenAtMs > DIRECT_MAX_AGE_MS) return null;
    try {
      return await this.ctx.client.stream('GET', d.url, { auth: false, headers: range, ...signal });
    } catch (e) {
      if (isGraphError(e) && DIRECT_REFUSED.has(e.status)) return null;
      throw toRemoteError(e);
    }
  }

  async mkdir(parentId: string, name: string): Promise<RemoteItem> {
    try {
      const made = await this.ctx.client.json<DriveItem>('POST', this.items(parentId, '/children'), {
        json: { name, folder: {}, '@microsoft.graph.conflictBehavior': 'fail' },
      });
      return toRemote(made, this.driveId);
    } catch (e) {
      // Business answers 409 when it exists; personal answers 200 with it. Either way, use the one that is there.
      if (!isGraphError(e) || e.kind !== 'conflict') throw toRemoteError(e);
      return toRemote(await call(() => this.ctx.client.json<DriveItem>('GET', `${this.items(parentId)}:/${encodeURIComponent(name)}:`)), this.driveId);
    }
  }

  async move(itemId: string, req: MoveRequest): Promise<RemoteItem> {
    const json: Record<string, unknown> = {};
    if (req.parentId) json.parentReference = { id: req.parentId };
    if (req.name) json.name = req.name;
    if (req.mtimeMs !== undefined) json.fileSystemInfo = { lastModifiedDateTime: new Date(req.mtimeMs).toISOString() };
    const d = await call(() => this.ctx.client.json<DriveItem>('PATCH', this.items(itemId), { json, headers: req.ifMatch ? { 'if-match': req.ifMatch } : undefined }));
    return toRemote(d, this.driveId);
  }

  async delete(itemId: string, opts: { ifMatch?: string } = {}): Promise<void> {
    await call(() => this.ctx.client.json('DELETE', this.items(itemId), { headers: opts.ifMatch ? { 'if-match': opts.ifMatch } : undefined }));
  }

  async *listChildren(folderId: string): AsyncIterable<RemoteItem[]> {
    const seenAtMs = Date.now();
    const it = pages<DriveItem>(this.ctx.client, this.items(folderId, '/children'), { query: { $top: 1000 } })[Symbol.asyncIterator]();
    for (;;) {
      const next = await call(() => it.next());
      if (next.done) return;
      // A listing answers with children only, so their parent is the folder asked about even if unsaid.
      yield (next.value.value ?? []).map((d) => ({ ...toRemote(d, this.driveId, seenAtMs), parentId: d.parentReference?.id ?? folderId }));
    }
  }

  async setMtime(itemId: string, mtimeMs: number): Promise<RemoteItem> {
    const iso = new Date(mtimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const d = await call(() => this.ctx.client.json<DriveItem>('PATCH', this.items(itemId), { json: { fileSystemInfo: { lastModifiedDateTime: iso } } }));
    return toRemote(d, this.driveId);
  }
}

/** `seenAtMs`: when the answer carrying `d` was asked for; given, a download URL in it is kept. */
export function toRemote(d: DriveItem, driveId: string, seenAtMs?: number): RemoteItem {
  const kind = d.root ? 'root' : d.folder ? 'folder' : d.package ? 'package' : 'file';
  const mtime = d.fileSystemInfo?.lastModifiedDateTime ?? d.lastModifiedDateTime;
  const url = d['@microsoft.graph.downloadUrl'];
  // Every field in the literal (absent ones undefined): a delta of 100,000 items makes 100,000 of these, and a field
  // added afterwards lives in a second array beside the object.
  return {
    driveId: d.parentReference?.driveId ?? driveId,
    id: d.id,
    parentId: d.parentReference?.id ?? null,
    name: d.name,
    kind,
    packageType: d.package?.type || undefined,
    childCount: kind === 'folder' ? d.folder?.childCount : undefined,
    size: d.size ?? 0,
    mtimeMs: mtime ? Date.parse(mtime) : 0,
    quickXorHash: d.file?.hashes?.quickXorHash || undefined,
    eTag: d.eTag || undefined,
    cTag: d.cTag || undefined,
    deleted: d.deleted !== undefined,
    direct: url && seenAtMs !== undefined && kind === 'file' ? { url, seenAtMs } : undefined,
  };
}

const KINDS: Partial<Record<GraphErrorKind, RemoteErrorKind>> = {
  resync: 'resync-required', 'not-found': 'not-found', conflict: 'conflict', precondition: 'changed', throttled: 'throttled',
  auth: 'unauthenticated', reconnect: 'unauthenticated', quota: 'quota', name: 'invalid-name', 'path-too-long': 'path-too-long',
  network: 'network', timeout: 'network', malware: 'malware', 'hash-mismatch': 'hash-mismatch',
};

function toRemoteError(e: unknown): unknown {
  if (!isGraphError(e)) return e;
  const resync = e.innerCode === 'resyncChangesApplyDifferences' ? 'apply-differences' : e.innerCode === 'resyncChangesUploadDifferences' ? 'upload-differences' : undefined;
  return new RemoteError(KINDS[e.kind] ?? 'other', e.message, resync ? { resync } : {});
}

/** A body that stops mid-way is the network's fault: say so, so the item is retried and resumed, not blamed on the disk. */
async function* cutOffIsNetwork(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (e) {
    if (e instanceof RemoteError) throw e;
    throw new RemoteError('network', `The connection to OneDrive was cut during a download (${(e as Error).message}); it will resume where it stopped.`);
  }
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toRemoteError(e);
  }
}
