import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { HASH_KINDS, MultiHasher } from './hashers.js';
import type { Digests, HashKind } from './hashers.js';

/**
 * A pass-through stream that hashes what flows through it, so an upload computes the hash it must compare with
 * the server's answer without reading the file twice. Read `digests()` after 'finish' (or await `done`).
 */
export class HashingTransform extends Transform {
  private readonly hasher: MultiHasher;
  /** Resolves with the digests once the writable side has ended. */
  readonly done: Promise<Digests>;

  constructor(kinds: readonly HashKind[] = HASH_KINDS) {
    super();
    this.hasher = new MultiHasher(kinds);
    this.done = new Promise((resolve, reject) => {
      this.once('finish', () => resolve(this.hasher.digests()));
      this.once('error', reject);
    });
    // An unobserved `done` must not turn a stream error into an unhandled rejection.
    this.done.catch(() => undefined);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hasher.update(chunk);
    cb(null, chunk);
  }

  get size(): number {
    return this.hasher.size;
  }

  digests(): Digests {
    return this.hasher.digests();
  }
}
