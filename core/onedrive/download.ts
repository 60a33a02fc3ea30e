import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { QuickXorHash } from '../hash/quickxor.js';
import { GraphError } from '../graph/errors.js';
import { describe, itemUrl } from './context.js';
import type { DriveContext, ItemRef } from './context.js';
import { getItem } from './items.js';
import { isOneNote, modTime } from './types.js';
import type { DriveItem } from './types.js';

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (received: number, total: number) => void;
  /** Skip the hash check (SharePoint alters some Office files after upload; rclone's --ignore-checksum). */
  ignoreChecksum?: boolean;
}

const MAX_RESUMES = 5;

/** The partial file of one version of one item: a changed item never resumes from the old one's bytes. */
export function partialPath(localPath: string, item: DriveItem): string {
  const tag = createHash('sha1').update(`${item.id}|${item.cTag ?? item.eTag ?? ''}|${item.size ?? ''}`).digest('hex').slice(0, 10);
  return join(dirname(localPath), `.${basename(localPath)}.${tag}.stratus-partial`);
}

/**
 * Downloads an item into `localPath`: through a partial file that a later call resumes with Range, checked
 * against the server's QuickXorHash, fsynced, then renamed over the target so a crash leaves the old file
 * or the new one, never half of one.
 */
export async function downloadFile(ctx: DriveContext, ref: ItemRef, localPath: string, o: DownloadOptions = {}): Promise<DriveItem> {
  const item = await getItem(ctx, ref);
  const what = describe(ref);
  if (isOneNote(item)) throw new GraphError({ kind: 'unsupported', item: what, message: `${what} is a OneNote notebook: OneDrive cannot download it as a file.` });
  if (item.folder || item.root) throw new GraphError({ kind: 'invalid', item: what, message: `${what} is a folder: download the files inside it instead.` });
  const total = item.size ?? 0;
  const temp = partialPath(localPath, item);
  // Read-write without O_APPEND, so each write lands at the offset given; private to the user.
  const fh = await open(temp, constants.O_RDWR | constants.O_CREAT, 0o600);
  try {
    let have = (await fh.stat()).size;
    if (have > total) {
      await fh.truncate(0);
      have = 0;
    }
    const box = { hasher: new QuickXorHash() };
    await hashExisting(fh, have, box.hasher);
    for (let resumes = 0; have < total; ) {
      try {
        have = await fetchFrom(ctx, item, fh, have, total, box, o);
      } catch (e) {
        if (e instanceof GraphError && (e.kind === 'network' || e.kind === 'timeout') && resumes++ < MAX_RESUMES) {
          have = (await fh.stat()).size;
          continue;
        }
        throw e;
      }
    }
    o.onProgress?.(have, total);
    const theirs = item.file?.hashes?.quickXorHash;
    const ours = box.hasher.digest();
    if (!o.ignoreChecksum && theirs && theirs !== ours) {
      await fh.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw new GraphError({ kind: 'hash-mismatch', item: what, detail: `OneDrive ${theirs}, received ${ours}`, message: `${what} arrived damaged (its hash does not match OneDrive's): download it again.` });
    }
    await fh.sync();
  } finally {
    await fh.close().catch(() => undefined);
  }
  await rename(temp, localPath);
  const mt = modTime(item);
  if (mt) await utimes(localPath, mt, mt);
  return item;
}

async function hashExisting(fh: Awaited<ReturnType<typeof open>>, length: number, hasher: QuickXorHash): Promise<void> {
  const buf = Buffer.alloc(1 << 20);
  for (let pos = 0; pos < length; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, length - pos), pos);
    if (bytesRead === 0) break;
    hasher.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
}

/** One GET of the rest of the file (following the 302 to the download URL), appended as it arrives. */
async function fetchFrom(
  ctx: DriveContext, item: DriveItem, fh: Awaited<ReturnType<typeof open>>, have: number, total: number,
  box: { hasher: QuickXorHash }, o: DownloadOptions,
): Promise<number> {
  const what = describe({ id: item.id });
  const first = await ctx.client.stream('GET', itemUrl(ctx, { id: item.id }, 'content'), { redirect: 'manual', accept: [302], item: what, signal: o.signal });
  let res = first;
  if (first.status === 302) {
    await first.body?.cancel();
    const location = first.headers.get('location');
    if (!location) throw new GraphError({ kind: 'server', item: what, message: `OneDrive gave no download address for ${what}: try again.` });
    // The download URL is pre-authenticated: sending our token there would leak it to another host.
    res = await ctx.client.stream('GET', new URL(location, first.url).toString(), {
      auth: false, item: what, signal: o.signal, headers: have > 0 ? { range: `bytes=${have}-` } : {},
    });
  } else if (have > 0) {
    await first.body?.cancel();
    res = await ctx.client.stream('GET', itemUrl(ctx, { id: item.id }, 'content'), { item: what, signal: o.signal, headers: { range: `bytes=${have}-` } });
  }
  if (have > 0 && res.status !== 206) {
    // The server sent the whole file: start over.
    await fh.truncate(0);
    box.hasher = new QuickXorHash();
    have = 0;
  }
  if (!res.body) return have;
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      await fh.write(chunk, 0, chunk.length, have);
      box.hasher.update(chunk);
      have += chunk.length;
      o.onProgress?.(have, total);
    }
  } catch (e) {
    if (o.signal?.aborted) throw new GraphError({ kind: 'cancelled', message: 'The operation was cancelled.' });
    throw new GraphError({ kind: 'network', item: what, detail: String((e as Error).message), message: 'The connection to OneDrive was cut during a download: it will resume where it stopped.' });
  }
  return have;
}

export async function localSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
