import { lstatSync } from 'node:fs';
import type { BigIntStats, Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import type { EntryKind, FileInfo } from './types.js';

/**
 * FileInfo from plain (number) stats, which cost a fraction of bigint ones over 100,000 files. A file id or
 * device number is exact as a double below 2^53, and a larger one never rounds down below 2^53 (rounding is
 * monotonic and 2^53 is a double), so `Number.isSafeInteger` tells exactly when the number may be wrong:
 * then the caller asks again with bigint stats. Times are whole milliseconds, floored, by one rule everywhere
 * (the scan, the executor's checks, the rows it records), so a file's time compares equal with itself.
 */
export function infoOf(s: Stats): FileInfo | null {
  if (!Number.isSafeInteger(s.ino) || !Number.isSafeInteger(s.dev)) return null;
  return { kind: kindOf(s), size: s.size, mtimeMs: Math.floor(s.mtimeMs), ino: String(s.ino), dev: String(s.dev) };
}

export function infoOfBig(s: BigIntStats): FileInfo {
  return { kind: kindOf(s), size: Number(s.size), mtimeMs: Number(s.mtimeNs / 1_000_000n), ino: s.ino.toString(), dev: s.dev.toString() };
}

function kindOf(s: Stats | BigIntStats): EntryKind {
  return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
}

export async function statInfo(abs: string, follow: boolean): Promise<FileInfo> {
  const f = follow ? stat : lstat;
  return infoOf(await f(abs)) ?? infoOfBig(await f(abs, { bigint: true }));
}

/** lstat without a thread-pool round trip; undefined when the name is gone. Throws what lstat throws. */
export function lstatInfoSync(abs: string): FileInfo | undefined {
  const s = lstatSync(abs, { throwIfNoEntry: false });
  if (!s) return undefined;
  const info = infoOf(s);
  if (info) return info;
  const big = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  return big ? infoOfBig(big) : undefined;
}
