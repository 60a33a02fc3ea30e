import type { Content } from './model.js';
import { quickXorOf, quickXorOfZeros, sha1Of } from './quickxor.js';

/** Content from bytes (hashes computed once), or `{zeros: n}` for a sparse file of n zero bytes. */
export function makeContent(data: Buffer | { zeros: number }, sha1 = false): Content {
  if (Buffer.isBuffer(data)) {
    const c: Content = { size: data.length, quickXorHash: quickXorOf(data), data };
    if (sha1) c.sha1Hash = sha1Of(data);
    return c;
  }
  return { size: data.zeros, quickXorHash: quickXorOfZeros(data.zeros) };
}

