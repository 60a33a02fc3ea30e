import { hashIterable } from '../../hash/index.js';
import { FsError } from '../fs/errors.js';
import type { DirEntry, FileInfo, LocalFs } from '../fs/types.js';
import type { IgnoreRules } from '../reconcile/filters.js';
import type { LocalEntry } from '../reconcile/types.js';

/** What the journal last recorded for a path's local side: enough to know whether to hash again. */
export interface KnownLocal {
  localSize: number;
  localMtimeMs: number;
  quickXorHash: string | null;
}

export interface ScanOptions {
  ignore: IgnoreRules;
  followSymlinks: boolean;
  /** The journal's view of a path, if it has one. */
  known(path: string): KnownLocal | undefined;
  /** Scan only this folder and what is under it (a watcher refresh); the whole pair when absent. */
  under?: string;
  /** Operations in flight at once; stat calls are cheap, so many overlap well. */
  concurrency?: number;
  /** QuickXorHash of a file; through the LocalFs by default so injected faults apply. */
  hash?(fs: LocalFs, path: string, size: number): Promise<string>;
}

export interface ScanProblem {
  path: string;
  kind: string;
  message: string;
}

export interface ScanResult {
  entries: LocalEntry[];
  /**
   * Paths whose state could not be read (an unreadable folder, a file that could not be hashed). Give them to
   * reconcile as unsure: nothing there may be taken for deleted.
   */
  unsure: string[];
  problems: ScanProblem[];
  hashed: number;
}

export async function quickXorOf(fs: LocalFs, path: string, sizeHint?: number): Promise<string> {
  const chunkSize = sizeHint === undefined ? 1 << 20 : Math.min(1 << 20, Math.max(4096, sizeHint + 1));
  const { digests } = await hashIterable(fs.readStream(path, { chunkSize }), ['quickxor']);
  return digests.quickxor!;
}

/**
 * Walks the pair's folder: stat only, hashing a file only when the journal does not know it or its size or time
 * changed. Ignored names are not descended into. Symbolic links are reported as links unless followed, and a
 * followed link that leads back to one of its own ancestors is never entered.
 */
export async function scanLocal(fs: LocalFs, opts: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { entries: [], unsure: [], problems: [], hashed: 0 };
  const hash = opts.hash ?? quickXorOf;
  const limit = limiter(opts.concurrency ?? 64);
  const problem = (path: string, e: unknown, what: string) => {
    const kind = e instanceof FsError ? e.kind : 'other';
    result.problems.push({ path, kind, message: e instanceof Error ? e.message : `${what} "${path}" failed.` });
  };

  async function visitEntry(path: string, ancestors: ReadonlySet<string>): Promise<void> {
    let info: FileInfo;
    try {
      info = await limit(() => fs.lstat(path));
    } catch (e) {
      if (e instanceof FsError && e.kind === 'not-found') return; // gone since the listing: the watcher will tell
      problem(path, e, 'Reading');
      result.unsure.push(path);
      return;
    }
    if (info.kind === 'symlink' && opts.followSymlinks) {
      try {
        info = { ...(await limit(() => fs.stat(path))) };
      } catch (e) {
        // A broken link: reported as a link, which reconcile leaves out with a message.
        problem(path, e, 'Following');
        result.entries.push(toEntry(path, info));
        return;
      }
      if (info.kind === 'dir' && ancestors.has(`${info.dev}:${info.ino}`)) {
        result.problems.push({ path, kind: 'loop', message: `"${path}" is a symbolic link to a folder that contains it; it is not followed.` });
        result.unsure.push(path);
        return;
      }
    }
    if (info.kind === 'dir') {
      result.entries.push(toEntry(path, info));
      await visitDir(path, new Set(ancestors).add(`${info.dev}:${info.ino}`));
      return;
    }
    const entry = toEntry(path, info);
    if (info.kind === 'file') {
      const known = opts.known(path);
      if (known && known.localSize === info.size && known.localMtimeMs === info.mtimeMs) {
        if (known.quickXorHash !== null) entry.hash = known.quickXorHash;
      } else {
        try {
          entry.hash = await limit(() => hash(fs, path, info.size));
          result.hashed++;
        } catch (e) {
          if (e instanceof FsError && e.kind === 'not-found') return;
          problem(path, e, 'Reading');
          result.unsure.push(path);
          return;
        }
      }
    }
    result.entries.push(entry);
  }

  async function visitDir(dir: string, ancestors: ReadonlySet<string>): Promise<void> {
    let list: DirEntry[];
    try {
      list = await limit(() => fs.readdir(dir));
    } catch (e) {
      if (e instanceof FsError && e.kind === 'not-found') return;
      problem(dir, e, 'Listing');
      result.unsure.push(dir);
      return;
    }
    const jobs: Promise<void>[] = [];
    for (const d of list) {
      const path = dir === '' ? d.name : `${dir}/${d.name}`;
      if (opts.ignore.ignores(path)) continue;
      jobs.push(visitEntry(path, ancestors));
    }
    await Promise.all(jobs);
  }

  if (opts.under) await visitEntry(opts.under, new Set());
  else {
    try {
      const root = await fs.stat('');
      await visitDir('', new Set([`${root.dev}:${root.ino}`]));
    } catch (e) {
      problem('', e, 'Reading');
      result.unsure.push('');
    }
  }
  return result;
}

function toEntry(path: string, info: FileInfo): LocalEntry {
  return { path, kind: info.kind, size: info.kind === 'file' ? info.size : 0, mtimeMs: info.mtimeMs, ino: info.ino };
}

/** At most `n` of the wrapped calls run at once; the rest wait their turn in order. */
function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  // A queue with a moving head: Array.shift() is linear, and a 100,000-file scan queues that many waiters.
  let queue: (() => void)[] = [];
  let head = 0;
  return async (job) => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await job();
    } finally {
      active--;
      if (head < queue.length) {
        const wake = queue[head++]!;
        if (head > 1024 && head * 2 > queue.length) {
          queue = queue.slice(head);
          head = 0;
        }
        wake();
      }
    }
  };
}
