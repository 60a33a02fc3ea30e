import { open } from 'node:fs/promises';
import { HASH_KINDS, MultiHasher } from './hashers.js';
import type { Digests, HashKind } from './hashers.js';

export interface FileHashes {
  digests: Digests;
  /** Bytes actually read: compare with the size you expected to notice a file that changed while hashed. */
  size: number;
}

export type HashErrorKind = 'not-found' | 'not-a-file' | 'permission' | 'unreadable';

/** A file that could not be hashed, with a sentence for the user. */
export class HashFileError extends Error {
  constructor(
    readonly kind: HashErrorKind,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'HashFileError';
  }
}

const READ_SIZE = 1 << 20;

/** Reads `path` once and computes every hash in `kinds` (both by default). */
export async function hashFile(path: string, kinds: readonly HashKind[] = HASH_KINDS): Promise<FileHashes> {
  const hasher = new MultiHasher(kinds);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw toHashError(e, path);
  }
  try {
    const buf = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, READ_SIZE, null);
      if (bytesRead === 0) break;
      hasher.update(buf.subarray(0, bytesRead));
    }
  } catch (e) {
    throw toHashError(e, path);
  } finally {
    await fh.close();
  }
  return { digests: hasher.digests(), size: hasher.size };
}

/** Hashes whatever an async source yields (a stream, chunks on their way to an upload session). */
export async function hashIterable(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  kinds: readonly HashKind[] = HASH_KINDS,
): Promise<FileHashes> {
  const hasher = new MultiHasher(kinds);
  for await (const chunk of source) hasher.update(chunk);
  return { digests: hasher.digests(), size: hasher.size };
}

function toHashError(e: unknown, path: string): HashFileError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new HashFileError('not-found', path, `Cannot hash "${path}": it no longer exists (deleted or moved while syncing).`);
    case 'EISDIR':
      return new HashFileError('not-a-file', path, `Cannot hash "${path}": it is a folder, not a file.`);
    case 'EACCES':
    case 'EPERM':
      return new HashFileError('permission', path, `Cannot hash "${path}": permission denied. Give your user read access to it.`);
    default:
      return new HashFileError('unreadable', path, `Cannot hash "${path}": ${(e as Error).message ?? String(e)}.`);
  }
}
