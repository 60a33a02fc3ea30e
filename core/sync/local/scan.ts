import { hashIterable } from '../../hash/index.js';
import { FsError } from '../fs/errors.js';
import type { FileInfo, LocalFs, StatEntry } from '../fs/types.js';
import type { IgnoreRules } from '../reconcile/filters.js';
import type { LocalEntry } from '../reconcile/types.js';

/** What the journal last recorded for a path's local side: enough to know whether to hash again. */
export interface KnownLocal {
  localSize: number;
  localMtimeMs: number;
  quickXorHash: string | null;
  /** The file's own hash when it is not OneDrive's (see JournalRow.localHash). */
  localHash?: string | null;
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

/** Files up to this size are read in one buffer rather than streamed. */
const SMALL_FILE = 256 * 1024;

export async function quickXorOf(fs: LocalFs, path: string, sizeHint?: number): Promise<string> {
  if (sizeHint !== undefined && sizeHint <= SMALL_FILE) {
    // Read at most the size seen (plus one byte to notice growth): a file that grew is streamed instead.
    const whole = await fs.readSmall(path, sizeHint);
    if (whole) return (await hashIterable([whole], ['quickxor'])).digests.quickxor!;
  }
  const chunkSize = sizeHint === undefined ? 1 << 20 : Math.min(1 << 20, Math.max(4096, sizeHint + 1));
  const { digests } = await hashIterable(fs.readStream(path, { chunkSize }), ['quickxor']);
  return digests.quickxor!;
}

/**
 * Walks the pair's folder: one listing-with-lstat per folder, hashing a file only when the journal does not know
 * it or its size or time changed. Ignored names are not descended into. Symbolic links are reported as links
 * unless followed, and a followed link that leads back to one of its own ancestors is never entered. Folders are
 * walked one at a time (the listing is cheap and synchronous underneath); hashing runs `concurrency` files at once.
 */
export async function scanLocal(fs: LocalFs, opts: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { entries: [], unsure: [], problems: [], hashed: 0 };
  const hash = opts.hash ?? quickXorOf;
  const limit = limiter(opts.concurrency ?? 64);
  // Hashes in flight; awaited in batches so a first scan of 100,000 files does not queue 100,000 closures.
  let hashing: Promise<void>[] = [];
  const problem = (path: string, e: unknown, what: string) => {
    const kind = e instanceof FsError ? e.kind : 'other';
    result.problems.push({ path, kind, message: e instanceof Error ? e.message : `${what} "${path}" failed.` });
  };
  const unreadable = (path: string, e: unknown, what: string) => {
    if (e instanceof FsError && e.kind === 'not-found') return; // gone since the listing: the watcher will tell
    problem(path, e, what);
    result.unsure.push(path);
  };

  async function hashInto(entry: LocalEntry): Promise<void> {
    try {
      entry.hash = await limit(() => hash(fs, entry.path, entry.size));
      result.hashed++;
      result.entries.push(entry);
    } catch (e) {
      unreadable(entry.path, e, 'Reading');
    }
  }

  async function visit(path: string, info: FileInfo, ancestors: ReadonlySet<string>): Promise<void> {
    if (info.kind === 'symlink' && opts.followSymlinks) {
      const link = info;
      try {
        info = await fs.stat(path);
      } catch (e) {
        // A broken link: reported as a link, which reconcile leaves out with a message.
        problem(path, e, 'Following');
        result.entries.push(toEntry(path, link));
        return;
      }
      if (info.kind === 'dir' && ancestors.has(`${info.dev}:${info.ino}`)) {
        result.problems.push({ path, kind: 'loop', message: `"${path}" is a symbolic link to a folder that contains it; it is not followed.` });
        result.unsure.push(path);
        return;
      }
    }
    const entry = toEntry(path, info);
    if (info.kind === 'dir') {
      result.entries.push(entry);
      await visitDir(path, new Set(ancestors).add(`${info.dev}:${info.ino}`));
      return;
    }
    if (info.kind === 'file') {
      const known = opts.known(path);
      if (!known || known.localSize !== info.size || known.localMtimeMs !== info.mtimeMs) {
        hashing.push(hashInto(entry));
        if (hashing.length >= 1024) await flush();
        return;
      }
      const hash = known.localHash ?? known.quickXorHash;
      if (hash !== null) entry.hash = hash;
    }
    result.entries.push(entry);
  }

  async function visitDir(dir: string, ancestors: ReadonlySet<string>): Promise<void> {
    let list: StatEntry[];
    try {
      list = await fs.readdirStats(dir);
    } catch (e) {
      unreadable(dir, e, 'Listing');
      return;
    }
    for (const d of list) {
      const path = dir === '' ? d.name : `${dir}/${d.name}`;
      // This folder was itself not ignored (it would not be listed): only the new name needs the test.
      if (opts.ignore.ignoresLast(path)) continue;
      if (d.error) unreadable(path, d.error, 'Reading');
      else await visit(path, d.info, ancestors);
    }
  }

  async function flush(): Promise<void> {
    const batch = hashing;
    hashing = [];
    await Promise.all(batch);
  }

  if (opts.under) {
    // Below this point only new names are tested, so the subtree's own path is tested whole here.
    if (opts.ignore.ignores(opts.under)) return result;
    try {
      await visit(opts.under, await fs.lstat(opts.under), new Set());
    } catch (e) {
      unreadable(opts.under, e, 'Reading');
    }
  } else {
    try {
      const root = await fs.stat('');
      await visitDir('', new Set([`${root.dev}:${root.ino}`]));
    } catch (e) {
      problem('', e, 'Reading');
      result.unsure.push('');
    }
  }
  await flush();
  return result;
}

function toEntry(path: string, info: FileInfo): LocalEntry {
  // `hash` named now though set later: a field added afterwards costs a second array per entry (4 MB at 100,000).
  return { path, kind: info.kind, size: info.kind === 'file' ? info.size : 0, mtimeMs: info.mtimeMs, ino: info.ino, hash: undefined };
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
