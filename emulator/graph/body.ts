import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Content } from './model.js';
import { FoldingQuickXor } from './quickxor-fold.js';

/**
 * Reads a request body into `into` at `offset` (one copy, straight from the socket's chunks), or into a
 * fresh buffer when `into` is absent. Resolves with the bytes written; rejects when the client goes away.
 * Stops counting past `max` bytes (the caller refuses the request) instead of buffering without end.
 */
export async function readInto(
  req: IncomingMessage, max: number, into?: Buffer, offset = 0, onData?: (from: number, to: number) => void,
): Promise<{ bytes: number; buf: Buffer }> {
  const declared = Number(req.headers['content-length']);
  let buf = into ?? Buffer.allocUnsafe(Number.isFinite(declared) && declared <= max ? declared : 0);
  let pos = into ? offset : 0;
  const start = pos;
  for await (const chunk of req) {
    const c = chunk as Buffer;
    if (pos - start + c.length > max) throw new BodyTooLarge();
    if (pos + c.length > buf.length) {
      if (into) throw new BodyTooLarge();
      const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + c.length, 64 * 1024));
      buf.copy(grown, 0, 0, pos);
      buf = grown;
    }
    c.copy(buf, pos);
    pos += c.length;
    // Called while the bytes are still in cache, so hashing costs no second pass over memory.
    onData?.(pos - c.length, pos);
  }
  return { bytes: pos - start, buf: into ? buf : buf.subarray(0, pos) };
}

export class BodyTooLarge extends Error {
  constructor() { super('request body larger than declared or allowed'); }
}

/** Hashes as the service computes them, fed piece by piece. */
export class ContentHasher {
  private qx = new FoldingQuickXor();
  private sha1?: Hash;
  constructor(withSha1: boolean) {
    if (withSha1) this.sha1 = createHash('sha1');
  }
  clone(): ContentHasher {
    const c = new ContentHasher(false);
    c.qx = this.qx.clone();
    c.sha1 = this.sha1?.copy();
    return c;
  }
  update(data: Uint8Array): void {
    this.qx.update(data);
    this.sha1?.update(data);
  }
  content(data: Buffer): Content {
    const c: Content = { size: data.length, quickXorHash: this.qx.digest(), data };
    if (this.sha1) c.sha1Hash = this.sha1.digest('hex').toUpperCase();
    return c;
  }
}

export function contentOf(data: Buffer, withSha1: boolean): Content {
  const h = new ContentHasher(withSha1);
  h.update(data);
  return h.content(data);
}
