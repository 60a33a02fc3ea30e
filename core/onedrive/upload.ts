import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { QuickXorHash } from '../hash/quickxor.js';
import { GraphError } from '../graph/errors.js';
import { cancelled } from '../graph/pacer.js';
import { decodeItem, describe, isPersonal, itemUrl } from './context.js';
import type { DriveContext } from './context.js';
import { mkdir } from './items.js';
import { checkChunkSize } from './options.js';
import { parentOf } from './paths.js';
import type { DriveItem } from './types.js';
import { deleteOldVersions } from './versions.js';

export interface UploadOptions {
  /** The mtime to record (default: the local file's). */
  modTime?: Date;
  conflict?: 'replace' | 'fail' | 'rename';
  signal?: AbortSignal;
  /** Bytes the server has confirmed so far, and the total. */
  onProgress?: (sent: number, total: number) => void;
  /** Override the drive's chunk_size (tests). */
  chunkSize?: number;
}

interface SessionAnswer {
  uploadUrl?: string;
  nextExpectedRanges?: string[];
  expirationDateTime?: string;
}

const MAX_RESUMES = 8;
const MAX_RESTARTS = 3;

function stamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Uploads a local file to `remotePath`. Empty files go in one PUT; others through an upload session in
 * chunks, resuming from the server's nextExpectedRanges after a refused range or a dropped connection and
 * starting over when the session expired. The QuickXorHash is computed while reading and checked against the
 * server's answer.
 */
export async function uploadFile(ctx: DriveContext, localPath: string, remotePath: string, o: UploadOptions = {}): Promise<DriveItem> {
  const chunkSize = checkChunkSize(o.chunkSize ?? ctx.options.chunk_size);
  const st = await stat(localPath);
  const mtime = o.modTime ?? st.mtime;
  const fsInfo = { createdDateTime: stamp(st.birthtime.getTime() > 0 ? st.birthtime : mtime), lastModifiedDateTime: stamp(mtime) };
  let result: DriveItem;
  if (st.size === 0) result = await withParent(ctx, remotePath, () => simpleUpload(ctx, remotePath, fsInfo, o));
  else {
    const fh = await open(localPath, 'r');
    try {
      result = await withParent(ctx, remotePath, () => sessionUpload(ctx, fh, st.size, remotePath, fsInfo, chunkSize, o));
    } finally {
      await fh.close();
    }
  }
  if (ctx.options.no_versions && !isPersonal(ctx)) await deleteOldVersions(ctx, { id: result.id });
  return decodeItem(ctx, result);
}

/** Runs an upload; when its folder does not exist yet, makes it (and its ancestors) and runs it again. */
async function withParent(ctx: DriveContext, remotePath: string, run: () => Promise<DriveItem>): Promise<DriveItem> {
  try {
    return await run();
  } catch (e) {
    const { parent } = parentOf(remotePath);
    if (!(e instanceof GraphError) || e.kind !== 'not-found' || !parent) throw e;
    await mkdir(ctx, parent, { parents: true });
    return run();
  }
}

async function simpleUpload(ctx: DriveContext, remotePath: string, fsInfo: Record<string, string>, o: UploadOptions): Promise<DriveItem> {
  const item = describe(remotePath);
  const put = await ctx.client.json<DriveItem>('PUT', itemUrl(ctx, remotePath, 'content'), {
    body: new Uint8Array(0), headers: { 'content-type': 'application/octet-stream' }, item, signal: o.signal,
    query: o.conflict ? { '@microsoft.graph.conflictBehavior': o.conflict } : undefined,
  });
  // A simple upload cannot carry fileSystemInfo: set the mtime after.
  const result = await ctx.client.json<DriveItem>('PATCH', itemUrl(ctx, { id: put.id }), { json: { fileSystemInfo: fsInfo }, item });
  o.onProgress?.(0, 0);
  return result;
}

async function sessionUpload(
  ctx: DriveContext, fh: FileHandle, size: number, remotePath: string,
  fsInfo: Record<string, string>, chunkSize: number, o: UploadOptions,
): Promise<DriveItem> {
  const item = describe(remotePath);
  const hasher = new QuickXorHash();
  let hashed = 0;
  // Hashes [from, to) exactly once, whatever order resumes make us read in.
  const hashUpTo = async (to: number, buf?: Buffer, bufStart = 0) => {
    if (to <= hashed) return;
    if (buf && bufStart <= hashed) {
      hasher.update(buf.subarray(hashed - bufStart, to - bufStart));
    } else {
      const gap = Buffer.alloc(to - hashed);
      await readFully(fh, gap, hashed);
      hasher.update(gap);
    }
    hashed = to;
  };

  for (let restarts = 0; ; restarts++) {
    const session = await ctx.client.json<SessionAnswer>('POST', itemUrl(ctx, remotePath, 'createUploadSession'), {
      json: { item: { '@microsoft.graph.conflictBehavior': o.conflict ?? 'replace', fileSystemInfo: fsInfo }, deferCommit: false },
      item, signal: o.signal,
    });
    const uploadUrl = session.uploadUrl;
    if (!uploadUrl) throw new GraphError({ kind: 'server', item, message: `OneDrive gave no upload address for ${item}: try again.` });
    const onAbort = () => void ctx.client.json('DELETE', uploadUrl, { auth: false, retries: 0 }).catch(() => undefined);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let offset = 0;
      let resumes = 0;
      for (;;) {
        if (o.signal?.aborted) throw cancelled();
        const end = Math.min(offset + chunkSize, size);
        const buf = Buffer.alloc(end - offset);
        await readFully(fh, buf, offset);
        await hashUpTo(end, buf, offset);
        let answer: SessionAnswer & DriveItem;
        try {
          answer = await ctx.client.json<SessionAnswer & DriveItem>('PUT', uploadUrl, {
            auth: false, body: buf, item, signal: o.signal, retryNetwork: false,
            // Live bytes for the progress bar, not one jump per 10 MiB chunk.
            ...(o.onProgress ? { onBodySent: (n: number) => o.onProgress!(offset + n, size) } : {}),
            headers: { 'content-range': `bytes ${offset}-${end - 1}/${size}`, 'content-type': 'application/octet-stream' },
          });
        } catch (e) {
          if (!(e instanceof GraphError)) throw e;
          if (e.kind === 'not-found') throw new RestartSession(e);
          if ((e.kind === 'range' || e.kind === 'network' || e.kind === 'timeout') && resumes++ < MAX_RESUMES) {
            offset = await resumeOffset(ctx, uploadUrl, item, o.signal);
            continue;
          }
          throw e;
        }
        if (answer.id) {
          o.onProgress?.(size, size);
          await hashUpTo(size);
          checkHash(answer, hasher.digest(), item);
          return answer;
        }
        const next = firstExpected(answer.nextExpectedRanges);
        offset = next ?? end;
        resumes = 0;
        o.onProgress?.(offset, size);
      }
    } catch (e) {
      if (e instanceof RestartSession) {
        if (restarts < MAX_RESTARTS) continue;
        throw e.cause;
      }
      if (e instanceof GraphError && e.kind === 'cancelled') onAbort();
      throw e;
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
  }
}

class RestartSession extends Error {
  constructor(override readonly cause: GraphError) {
    super('upload session expired');
  }
}

/** Asks the session where it stands; a 404 there means it expired and the upload starts over. */
async function resumeOffset(ctx: DriveContext, uploadUrl: string, item: string, signal?: AbortSignal): Promise<number> {
  try {
    const st = await ctx.client.json<SessionAnswer>('GET', uploadUrl, { auth: false, item, signal });
    return firstExpected(st.nextExpectedRanges) ?? 0;
  } catch (e) {
    if (e instanceof GraphError && e.kind === 'not-found') throw new RestartSession(e);
    throw e;
  }
}

function firstExpected(ranges: string[] | undefined): number | undefined {
  const first = ranges?.[0];
  if (!first) return undefined;
  const n = Number(first.split('-')[0]);
  return Number.isFinite(n) ? n : undefined;
}

function checkHash(answer: DriveItem, ours: string, item: string): void {
  const theirs = answer.file?.hashes?.quickXorHash;
  // Hashes can be missing while the service is still processing a file: nothing to compare then.
  if (theirs && theirs !== ours) {
    throw new GraphError({ kind: 'hash-mismatch', item, detail: `local ${ours}, OneDrive ${theirs}`, message: `${item} arrived on OneDrive with different content than was sent (hash mismatch): upload it again.` });
  }
}

async function readFully(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new GraphError({ kind: 'invalid', code: 'fileChanged', message: 'The file got shorter while it was being uploaded: it will be uploaded again once it stops changing.' });
    done += bytesRead;
  }
}
