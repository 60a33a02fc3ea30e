import { randomBytes } from 'node:crypto';
import { FsError } from './errors.js';
import type { FileInfo, LocalFs } from './types.js';

/** The temp name beside `path`; starts with `.~` so the default ignore patterns hide it from the scan. */
export function tempPathFor(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash + 1);
  return `${dir}.~stratus-${randomBytes(6).toString('hex')}.partial`;
}

export interface ReplaceOptions {
  mtimeMs?: number;
  /**
   * What the target looked like when the plan was made (null: it did not exist). If it changed since,
   * the write is refused and the temp file removed, so a user's fresh edit is never overwritten.
   */
  expect?: Pick<FileInfo, 'size' | 'mtimeMs'> | null;
}

/**
 * Replaces `path` with already-written temp file `temp` (fsynced by writeFile): sets its mtime, checks the
 * target did not change since it was observed, then renames. Either the old or the new file survives a crash.
 */
export async function commitTemp(fs: LocalFs, temp: string, path: string, opts: ReplaceOptions = {}): Promise<void> {
  try {
    if (opts.mtimeMs !== undefined) await fs.utimes(temp, opts.mtimeMs);
    if (opts.expect !== undefined) await checkUnchanged(fs, path, opts.expect);
    await fs.rename(temp, path);
  } catch (e) {
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** Writes `source` to a temp file beside `path`, fsyncs it and renames it over `path`. */
export async function writeAtomic(
  fs: LocalFs,
  path: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: ReplaceOptions = {},
): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await fs.writeFile(temp, source);
  } catch (e) {
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
  await commitTemp(fs, temp, path, opts);
}

async function checkUnchanged(fs: LocalFs, path: string, expect: Pick<FileInfo, 'size' | 'mtimeMs'> | null): Promise<void> {
  let now: FileInfo | null;
  try {
    now = await fs.lstat(path);
  } catch (e) {
    if (e instanceof FsError && e.kind === 'not-found') now = null;
    else throw e;
  }
  const same = now === null ? expect === null : expect !== null && now.size === expect.size && now.mtimeMs === expect.mtimeMs;
  if (!same) {
    throw new FsError('changed', path, `Not replacing "${path}": it changed on this computer since it was checked; it will be looked at again.`, 'CHANGED');
  }
}
