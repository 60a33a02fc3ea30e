import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as bufferConstants } from 'node:buffer';
import { sendGraphError, sendJson, type Handler } from '../http.js';
import { BodyTooLarge, ContentHasher, readInto } from './body.js';
import { uploadBase, uploadSessionId } from './content-hosts.js';
import { contentState, type ContentState } from './content-state.js';
import type { GraphContext } from './context.js';
import { commitUpload } from './upload-commit.js';
import type { ConflictBehavior, FileSystemInfo } from './model.js';
import { checkFileSize } from './names.js';
import { sendFailure } from './request.js';

// Upload sessions as the service runs them: chunks in order, each a multiple of 320 KiB but the last,
// under 60 MiB a request, the same total every time; no Authorization on the upload URL.

export const FRAGMENT_UNIT = 320 * 1024;
export const MAX_FRAGMENT = 60 * 1024 * 1024;

export interface UploadSession {
  id: string;
  accountId: string;
  driveId: string;
  /** Where the file goes: the parent folder and the name (a new file, or one to replace). */
  parentId: string;
  name: string;
  /** Set when the session was made for an existing item (by id or by path): that item gets the content. */
  itemId?: string;
  conflict: ConflictBehavior;
  fsInfo?: Partial<FileSystemInfo>;
  deferCommit: boolean;
  expires: number;
  total?: number;
  received: number;
  data?: Buffer;
  hasher: ContentHasher;
  /** A chunk is being received: another one now would overlap or be out of order. */
  busy: boolean;
}

export function newSession(ctx: GraphContext, init: Omit<UploadSession, 'id' | 'expires' | 'received' | 'hasher' | 'busy'>): UploadSession {
  const state = contentState(ctx);
  // Abandoned sessions hold their buffers until they expire; drop the expired ones as new ones come.
  const now = Date.now();
  for (const old of state.sessions.values()) if (old.expires <= now) state.sessions.delete(old.id);
  const s: UploadSession = {
    ...init,
    id: randomBytes(32).toString('base64url'),
    expires: Date.now() + state.settings.sessionLifetimeMs,
    received: 0,
    hasher: new ContentHasher(!ctx.store.business && ctx.store.settings.legacySha1),
    busy: false,
  };
  state.sessions.set(s.id, s);
  return s;
}

export function uploadUrl(ctx: GraphContext, origin: string, s: UploadSession): string {
  return `${uploadBase(origin, ctx.store.getDrive(s.driveId)!)}${s.id}`;
}

export function sessionStatus(state: ContentState, s: UploadSession): Record<string, unknown> {
  const next = s.total !== undefined && state.settings.closedRanges ? `${s.received}-${s.total - 1}` : `${s.received}-`;
  return { expirationDateTime: new Date(s.expires).toISOString(), nextExpectedRanges: [next] };
}

/** The upload URL: PUT a chunk, GET the status, DELETE to cancel, POST to commit a deferred session. */
export function uploadSessionRoute(ctx: GraphContext): Handler {
  const state = contentState(ctx);
  return async (req, res, url) => {
    const id = uploadSessionId(url.pathname);
    if (id === undefined) return false;
    const s = state.sessions.get(id);
    if (!s || s.expires <= Date.now()) {
      if (s) state.sessions.delete(s.id);
      sendGraphError(res, 404, 'itemNotFound', 'The upload session was not found or has expired.', { req, inner: 'uploadSessionNotFound' });
      return true;
    }
    if (state.settings.refuseTokenOnUploadUrl && req.headers.authorization) {
      // Graph's docs: sending Authorization to the upload URL "may result in an HTTP 401" (rclone issue 7405).
      sendGraphError(res, 401, 'unauthenticated', 'Unauthenticated', { req });
      return true;
    }
    if (req.method === 'GET') sendJson(res, 200, sessionStatus(state, s));
    else if (req.method === 'DELETE') {
      state.sessions.delete(s.id);
      res.writeHead(204).end();
    } else if (req.method === 'PUT') await putChunk(ctx, state, s, req, res);
    else if (req.method === 'POST' && s.deferCommit && s.total !== undefined && s.received === s.total) finish(ctx, state, s, req, res);
    else sendGraphError(res, 405, 'invalidRequest', `${req.method} is not supported on an upload URL.`, { req });
    return true;
  };
}

function rangeError(req: IncomingMessage, res: ServerResponse, status: number, inner: string, message: string): void {
  sendGraphError(res, status, status === 416 ? 'invalidRange' : 'invalidRequest', message, { req, inner });
}

async function putChunk(ctx: GraphContext, state: ContentState, s: UploadSession, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? '').trim());
  if (!m) return rangeError(req, res, 400, 'invalidContentRangeHeader', 'A Content-Range header "bytes START-END/TOTAL" is required.');
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const length = end - start + 1;
  const declared = Number(req.headers['content-length']);
  if (end < start || end >= total) return rangeError(req, res, 416, 'invalidRange', 'The Content-Range is not valid.');
  if (length >= MAX_FRAGMENT) {
    return rangeError(req, res, 413, 'fragmentTooLarge', 'The request message is too big: a fragment must be under 60 MiB.');
  }
  if (Number.isFinite(declared) && declared !== length) {
    return rangeError(req, res, 400, 'invalidContentRangeHeader', 'Content-Length does not match the Content-Range.');
  }
  if (s.total !== undefined && total !== s.total) {
    return rangeError(req, res, 400, 'fragmentTotalMismatch', `The total size changed from ${s.total} to ${total}.`);
  }
  if (end !== total - 1 && length % FRAGMENT_UNIT !== 0) {
    return rangeError(req, res, 400, 'fragmentLengthMismatch', 'Fragments must be a multiple of 320 KiB (327,680 bytes), except the last.');
  }
  if (s.busy || start < s.received) return rangeError(req, res, 416, 'fragmentOverlap', `The fragment overlaps bytes already received; expected ${s.received}.`);
  if (start > s.received) return rangeError(req, res, 416, 'fragmentOutOfOrder', `Fragments must come in order; expected ${s.received}.`);
  if (s.total === undefined) {
    const tooBig = checkFileSize(total);
    if (tooBig) return sendFailure(res, req, tooBig);
    const quota = ctx.store.checkQuota(ctx.store.getDrive(s.driveId)!, total);
    if (quota) return sendFailure(res, req, quota);
    if (total > bufferConstants.MAX_LENGTH) {
      return sendFailure(res, req, { ok: false, status: 507, code: 'quotaLimitReached', message: 'The emulator keeps files in memory and cannot hold one this large.' });
    }
    s.total = total;
    s.data = Buffer.allocUnsafe(total);
  }
  s.busy = true;
  // Hash into a copy: a chunk cut short must leave the session's hash as it was.
  const hasher = s.hasher.clone();
  const data = s.data!;
  try {
    const got = await readInto(req, length, data, start, (from, to) => hasher.update(data.subarray(from, to)));
    if (got.bytes !== length) return rangeError(req, res, 400, 'fragmentLengthMismatch', `Received ${got.bytes} bytes for a ${length}-byte fragment.`);
  } catch (err) {
    if (err instanceof BodyTooLarge) return rangeError(req, res, 400, 'fragmentLengthMismatch', 'The body is longer than the Content-Range.');
    // The client went away mid-chunk: nothing of this chunk counts.
    return;
  } finally {
    s.busy = false;
  }
  s.hasher = hasher;
  s.received = end + 1;
  s.expires = Date.now() + state.settings.sessionLifetimeMs;
  if (s.received < total || s.deferCommit) {
    sendJson(res, 202, sessionStatus(state, s));
    return;
  }
  finish(ctx, state, s, req, res);
}

function finish(ctx: GraphContext, state: ContentState, s: UploadSession, req: IncomingMessage, res: ServerResponse): void {
  state.sessions.delete(s.id);
  commitUpload(ctx, req, res, {
    accountId: s.accountId, driveId: s.driveId, parentId: s.parentId, name: s.name, itemId: s.itemId,
    conflict: s.conflict, fsInfo: s.fsInfo, content: s.hasher.content(s.data!),
  });
}
