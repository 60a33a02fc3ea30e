import type { IncomingMessage, ServerResponse } from 'node:http';

// Body pacing and mid-body drops, done by wrapping the request's and the response's own streams, so every
// route (uploads, downloads, JSON) is paced and can be cut without knowing about it.

/**
 * A link of fixed capacity shared by every request (one per direction, like a real network): each body
 * slice reserves its transmission time after the slices before it.
 */
export class Shaper {
  private nextFree = 0;
  constructor(public bytesPerSecond: number) {}

  /** Milliseconds to wait before `bytes` may pass. */
  reserve(bytes: number): number {
    const now = performance.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (bytes * 1000) / this.bytesPerSecond;
    return start - now;
  }
}

/** Slices paced one at a time: small enough for a smooth rate, large enough to stay cheap. */
const SLICE = 64 * 1024;

export interface BodyLimits {
  shaper?: Shaper;
  /** Destroy the connection once this many body bytes have passed ('half': half the Content-Length). */
  dropAfter?: number | 'half';
}

/**
 * Paces or cuts the request body. The HTTP parser hands body bytes to `req.push` and stops reading the socket
 * when push answers false; answering false while a slice waits its turn gives real TCP backpressure.
 */
export function limitRequest(req: IncomingMessage, limits: BodyLimits): void {
  const push = req.push.bind(req);
  const dropAfter = limits.dropAfter === 'half' ? halfOf(req.headers['content-length']) : limits.dropAfter;
  const queue: Array<Buffer | null> = [];
  let passed = 0;
  let busy = false;
  const pump = () => {
    if (busy) return;
    const next = queue.shift();
    if (next === undefined) return;
    if (next === null) { push(null); return; }
    if (dropAfter !== undefined && passed + next.length > dropAfter) {
      const keep = dropAfter - passed;
      if (keep > 0) push(next.subarray(0, keep));
      passed = dropAfter;
      queue.length = 0;
      req.socket.destroy();
      return;
    }
    passed += next.length;
    const wait = limits.shaper?.reserve(next.length) ?? 0;
    if (wait <= 0) { push(next); pump(); return; }
    busy = true;
    setTimeout(() => { busy = false; push(next); pump(); }, wait);
  };
  req.push = (chunk: unknown): boolean => {
    if (chunk === null) queue.push(null);
    else {
      const buf = chunk as Buffer;
      for (let i = 0; i < buf.length; i += SLICE) queue.push(buf.subarray(i, i + SLICE));
    }
    pump();
    return queue.length === 0 && !busy;
  };
}

type WriteCb = (err?: Error | null) => void;

/**
 * Paces or cuts the response body by queueing what the route writes and passing it on slice by slice.
 * write() answers false while bytes wait, and 'drain' follows, so piped streams slow down instead of
 * piling up in memory.
 */
export function limitResponse(res: ServerResponse, limits: BodyLimits): void {
  const write = res.write.bind(res) as (chunk: Buffer, cb?: WriteCb) => boolean;
  const end = res.end.bind(res) as (cb?: () => void) => ServerResponse;
  const queue: Array<{ buf: Buffer; cb?: WriteCb } | { end: true; cb?: () => void }> = [];
  let queued = 0;
  let passed = 0;
  let busy = false;
  let wantDrain = false;
  let dropAfter: number | undefined;
  let resolved = limits.dropAfter !== 'half';
  if (resolved) dropAfter = limits.dropAfter as number | undefined;
  const cut = () => {
    queue.length = 0;
    res.flushHeaders();
    // end, not destroy: what was written reaches the client, then the connection closes short of the body.
    res.socket?.end();
    res.socket?.once('finish', () => res.socket?.destroy());
  };
  const pump = (): void => {
    while (!busy) {
      const next = queue.shift();
      if (next === undefined) {
        if (wantDrain) { wantDrain = false; res.emit('drain'); }
        return;
      }
      if ('end' in next) {
        // A drop asked for a body that never came (or was shorter): cut before the end.
        if (limits.dropAfter !== undefined) { cut(); return; }
        end(next.cb);
        return;
      }
      queued -= next.buf.length;
      if (!resolved) { resolved = true; dropAfter = halfOf(declaredLength(res)); }
      if (dropAfter !== undefined && passed + next.buf.length > dropAfter) {
        const keep = dropAfter - passed;
        if (keep > 0) write(next.buf.subarray(0, keep));
        cut();
        return;
      }
      passed += next.buf.length;
      const wait = limits.shaper?.reserve(next.buf.length) ?? 0;
      if (wait <= 0) { write(next.buf, next.cb); continue; }
      busy = true;
      setTimeout(() => { busy = false; write(next.buf, next.cb); pump(); }, wait);
    }
  };
  const enqueue = (chunk: unknown, encoding: unknown, cb: unknown) => {
    const callback = (typeof encoding === 'function' ? encoding : cb) as WriteCb | undefined;
    // Views, not copies: a paced download may be hundreds of MB.
    const buf = typeof chunk === 'string'
      ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      : Buffer.isBuffer(chunk) ? chunk : Buffer.from((chunk as Uint8Array).buffer, (chunk as Uint8Array).byteOffset, (chunk as Uint8Array).byteLength);
    for (let i = 0; i < buf.length; i += SLICE) {
      const last = i + SLICE >= buf.length;
      queue.push({ buf: buf.subarray(i, i + SLICE), cb: last ? callback : undefined });
    }
    queued += buf.length;
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
    enqueue(chunk, encoding, cb);
    pump();
    if (queued > 0 || busy) { wantDrain = true; return false; }
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown): ServerResponse => {
    if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (chunk !== undefined && chunk !== null) enqueue(chunk, encoding, undefined);
    queue.push({ end: true, cb: cb as (() => void) | undefined });
    pump();
    return res;
  }) as ServerResponse['end'];
}

/** Half the declared body length: "mid-body" when the caller did not say where to cut. */
export function halfOf(contentLength: string | number | undefined | null): number {
  const n = Number(contentLength);
  return Number.isFinite(n) && n > 0 ? Math.floor(n / 2) : 0;
}

/** The Content-Length a route declared, through setHeader or writeHead (which stores only the header text). */
function declaredLength(res: ServerResponse): number | undefined {
  const set = res.getHeader('content-length');
  if (set !== undefined) return Number(set);
  const text = (res as unknown as { _header?: string })._header;
  const m = text ? /\r\ncontent-length:\s*(\d+)/i.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}
