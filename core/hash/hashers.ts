import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { QuickXorHash } from './quickxor.js';

/** The hashes OneDrive can report: quickXorHash (base64, every drive type) and sha1Hash (hex, old personal). */
export type HashKind = 'quickxor' | 'sha1';
export const HASH_KINDS: readonly HashKind[] = ['quickxor', 'sha1'];

/** Digests by kind, in Graph's own text form (quickxor base64, sha1 lowercase hex). */
export type Digests = Partial<Record<HashKind, string>>;

export interface StreamingHash {
  update(data: Uint8Array): this;
  /** Text digest of everything so far; more updates may follow. */
  digest(): string;
}

export class Sha1Hash implements StreamingHash {
  private readonly h: Hash = createHash('sha1');
  update(data: Uint8Array): this {
    this.h.update(data);
    return this;
  }
  digest(): string {
    // copy() keeps the running hash usable, so digest() behaves like QuickXorHash's.
    return this.h.copy().digest('hex');
  }
}

export function createHasher(kind: HashKind): StreamingHash {
  return kind === 'quickxor' ? new QuickXorHash() : new Sha1Hash();
}

/** Feeds the same bytes to several hashes, so a file is read once whatever is asked. */
export class MultiHasher {
  private readonly hashers: [HashKind, StreamingHash][];
  private bytes = 0;

  constructor(kinds: readonly HashKind[]) {
    this.hashers = [...new Set(kinds)].map((k) => [k, createHasher(k)]);
  }

  update(data: Uint8Array): this {
    for (const [, h] of this.hashers) h.update(data);
    this.bytes += data.length;
    return this;
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.bytes;
  }

  digests(): Digests {
    const out: Digests = {};
    for (const [k, h] of this.hashers) out[k] = h.digest();
    return out;
  }
}
