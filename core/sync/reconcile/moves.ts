import type { JournalRow } from '../journal/types.js';
import type { LocalEntry, RemoteEntry } from './types.js';

/** Moves found on one side, keyed by the journal path of the item that moved (not its descendants). */
export type Moves = Map<string, string>;

/** Where `path` is now, given the moves of it or of its nearest moved ancestor. */
export function mapThrough(moves: Moves, path: string): string {
  if (moves.size === 0) return path;
  let cut = path.length;
  for (;;) {
    const prefix = path.slice(0, cut);
    const to = moves.get(prefix);
    if (to !== undefined) return to + path.slice(cut);
    cut = prefix.lastIndexOf('/');
    if (cut < 0) return path;
  }
}

function byPath(a: JournalRow, b: JournalRow): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The rows by path; reconcile hands them over sorted already, so usually no copy is made. */
function inPathOrder(rows: readonly JournalRow[]): readonly JournalRow[] {
  for (let i = 1; i < rows.length; i++) if (rows[i - 1]!.path > rows[i]!.path) return [...rows].sort(byPath);
  return rows;
}

/**
 * Local renames and moves: a journal item missing from its path, and a new entry elsewhere with the same
 * inode (and, for a file, the same size and time, so a recycled inode is not taken for a move), or failing that
 * the only new file with the same size and hash. Items inside a moved folder follow it and are not listed.
 */
export function detectLocalMoves(rows: readonly JournalRow[], locals: ReadonlyMap<string, LocalEntry>, rowPaths: ReadonlySet<string>): Moves {
  // The new entries by inode and by content, made only once a row is found missing from its path: a first sync
  // has no rows and a pass without moves has none missing, yet both would index every new entry (on a
  // 100,000-file first sync, two maps of 100,000 lists and as many keys).
  let indexed: { byIno: Map<string, LocalEntry[]>; byContent: Map<string, LocalEntry[]> } | null = null;
  const index = () => {
    const byIno = new Map<string, LocalEntry[]>();
    const byContent = new Map<string, LocalEntry[]>();
    for (const l of locals.values()) {
      if (rowPaths.has(l.path) || (l.kind !== 'file' && l.kind !== 'dir')) continue;
      push(byIno, l.ino, l);
      if (l.kind === 'file' && l.hash !== undefined) push(byContent, `${l.size}:${l.hash}`, l);
    }
    return { byIno, byContent };
  };
  const moves: Moves = new Map();
  const claimed = new Set<string>();
  for (const row of inPathOrder(rows)) {
    const now = mapThrough(moves, row.path);
    if (locals.has(now)) {
      if (now !== row.path) claimed.add(now);
      continue;
    }
    const { byIno, byContent } = (indexed ??= index());
    const free = (l: LocalEntry) => !claimed.has(l.path) && l.kind === row.kind;
    let found = (byIno.get(row.localIno) ?? []).filter(free).filter((l) =>
      l.kind === 'dir' || (l.size === row.localSize && (l.mtimeMs === row.localMtimeMs || (l.hash !== undefined && l.hash === row.quickXorHash))));
    if (found.length !== 1 && row.kind === 'file' && row.quickXorHash !== null) {
      found = (byContent.get(`${row.localSize}:${row.quickXorHash}`) ?? []).filter(free);
    }
    if (found.length === 1) {
      moves.set(row.path, found[0]!.path);
      claimed.add(found[0]!.path);
    }
  }
  return moves;
}

/** Remote renames and moves, by item id: delta reports the item with a new parent or name. */
export function detectRemoteMoves(rows: readonly JournalRow[], byId: ReadonlyMap<string, RemoteEntry>): Moves {
  const moves: Moves = new Map();
  for (const row of inPathOrder(rows)) {
    const r = byId.get(row.itemId);
    if (r && r.path !== mapThrough(moves, row.path)) moves.set(row.path, r.path);
  }
  return moves;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
