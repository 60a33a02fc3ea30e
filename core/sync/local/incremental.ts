import type { LocalFs } from '../fs/types.js';
import type { JournalRow } from '../journal/types.js';
import { Selection } from '../reconcile/filters.js';
import type { LocalEntry, Plan } from '../reconcile/types.js';
import { scanLocal } from './scan.js';
import type { ScanOptions, ScanResult } from './scan.js';

/**
 * The pair's local side without walking it: every path the journal knows keeps the local state it recorded
 * (size, time, inode, hash), except the paths the watcher reported changed, which are read again (a folder with
 * all it holds). A changed path that is gone is left out, so reconcile sees it deleted. Only sound while the
 * watcher has missed nothing since the last full scan; the runner falls back to `scanLocal` whenever unsure.
 */
export async function observeLocalChanges(
  rows: readonly JournalRow[],
  changed: Iterable<string>,
  scan: (under: string) => Promise<ScanResult>,
): Promise<ScanResult> {
  const tops = topmost(changed);
  const topSet = new Set(tops);
  const result: ScanResult = { entries: [], unsure: [], problems: [], hashed: 0 };
  for (const r of rows) if (!isAtOrUnder(r.path, topSet)) result.entries.push(fromRow(r));
  // A few at a time: a batch can hold thousands of paths (a checkout, an unzip), each a stat or two.
  for (let i = 0; i < tops.length; i += 16) {
    for (const part of await Promise.all(tops.slice(i, i + 16).map(scan))) {
      for (const e of part.entries) result.entries.push(e);
      result.unsure.push(...part.unsure);
      result.problems.push(...part.problems);
      result.hashed += part.hashed;
    }
  }
  return result;
}

/**
 * `scanLocal` limited to one changed path: the shape `observeLocalChanges` takes. The name must appear in its
 * folder's listing exactly: on a case-insensitive disk, lstat of the old spelling after a case-only rename
 * still succeeds, and both spellings would look present.
 */
export function scanUnder(fs: LocalFs, opts: Omit<ScanOptions, 'under'>): (under: string) => Promise<ScanResult> {
  const listings = new Map<string, Promise<Set<string> | null>>();
  const listed = (dir: string) => {
    let l = listings.get(dir);
    if (!l) {
      l = fs.readdir(dir).then((d) => new Set(d.map((e) => e.name)), () => null);
      listings.set(dir, l);
    }
    return l;
  };
  return async (under) => {
    if (under !== '') {
      const slash = under.lastIndexOf('/');
      const names = await listed(slash < 0 ? '' : under.slice(0, slash));
      // An unlistable parent is left to scanLocal, which reports it as unsure; a missing name is gone.
      if (names && !names.has(under.slice(slash + 1))) return { entries: [], unsure: [], problems: [], hashed: 0 };
    }
    return scanLocal(fs, { ...opts, under });
  };
}

/**
 * Local paths this pass observed that the journal still does not hold as observed: items left out with a
 * message (a name OneDrive refuses, a case clash, a link), and one-way modes' local edits nothing acts on.
 * The journal-built view would otherwise forget them, so the next incremental pass reads them again.
 * Folders count only when the journal has no row for them (their time moves with every child).
 */
export function unabsorbed(locals: readonly LocalEntry[], byPath: ReadonlyMap<string, JournalRow>, plan: Plan, selectionPaths: readonly string[]): string[] {
  const acted = new Set<string>();
  const out = new Set<string>();
  for (const a of plan.actions) {
    if (a.type === 'skip') {
      if (a.side === 'local') out.add(a.path);
    } else acted.add(a.path);
  }
  const selection = new Selection(selectionPaths);
  for (const l of locals) {
    if (acted.has(l.path) || out.has(l.path) || !selection.includes(l.path, l.kind)) continue;
    const row = byPath.get(l.path);
    const same = row !== undefined && row.kind === l.kind &&
      (l.kind === 'dir' || (row.localSize === l.size && row.localMtimeMs === l.mtimeMs && row.localIno === l.ino));
    if (!same) out.add(l.path);
  }
  return [...out].sort();
}

/** The local side as the journal recorded it. */
export function fromRow(r: JournalRow): LocalEntry {
  const e: LocalEntry = { path: r.path, kind: r.kind, size: r.kind === 'file' ? r.localSize : 0, mtimeMs: r.localMtimeMs, ino: r.localIno };
  const hash = r.localHash ?? r.quickXorHash;
  if (r.kind === 'file' && hash !== null) e.hash = hash;
  return e;
}

/** The changed paths with those inside another changed folder dropped (scanning the folder covers them). */
function topmost(changed: Iterable<string>): string[] {
  const all = new Set(changed);
  if (all.has('')) return [''];
  const out: string[] = [];
  for (const p of all) {
    const slash = p.lastIndexOf('/');
    if (slash < 0 || !isAtOrUnder(p.slice(0, slash), all)) out.push(p);
  }
  return out;
}

function isAtOrUnder(path: string, tops: ReadonlySet<string>): boolean {
  if (tops.size === 0) return false;
  if (tops.has('')) return true;
  for (let i = path.length; i > 0; i = path.lastIndexOf('/', i - 1)) if (tops.has(path.slice(0, i))) return true;
  return false;
}
