import type { JournalRow } from '../journal/types.js';
import { applyMode, decide } from './decide.js';
import { IgnoreRules, Selection, ignoresUnder } from './filters.js';
import { detectLocalMoves, detectRemoteMoves, mapThrough } from './moves.js';
import { finish } from './finish.js';
import { numberedName, remoteNameFor } from './problems.js';
import type { Action, LocalEntry, PairOptions, Plan, RemoteEntry } from './types.js';

export interface PlanInput {
  locals: Iterable<LocalEntry>;
  /** One entry per item id, as observeRemote gives them. */
  remotes: Iterable<RemoteEntry>;
  rows: Iterable<JournalRow>;
  /**
   * Paths whose local state is unknown (an unreadable folder, an unmounted disk: `''` is the whole pair).
   * Nothing at or under them is planned on either side, so an unreadable folder is never taken for a deleted one.
   */
  unsure?: Iterable<string>;
}

/**
 * The whole plan for a pair: every item's action, found without touching disk or network. Items that are
 * ignored or outside the selection are left out entirely: nothing is done to them on either side.
 */
export function reconcile(input: PlanInput, opts: PairOptions): Plan {
  const ignored = ignoresUnder(new IgnoreRules(opts.ignore));
  const selection = new Selection(opts.selection);
  const unsure = new Set(input.unsure ?? []);
  const isUnsure = (path: string) => {
    if (unsure.size === 0) return false;
    if (unsure.has('') || unsure.has(path)) return true;
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) if (unsure.has(path.slice(0, i))) return true;
    return false;
  };
  const keep = (path: string, kind: string) => !ignored(path) && selection.includes(path, kind) && !isUnsure(path);

  // By path only once something asks (a journal row, a conflict name): a first sync has no rows, walks the list
  // once and never looks a path up, so it makes no map of every local entry.
  const localList: LocalEntry[] = [];
  for (const l of input.locals) if (keep(l.path, l.kind)) localList.push(l);
  let localMap: Map<string, LocalEntry> | null = null;
  const locals = (): Map<string, LocalEntry> => {
    if (!localMap) {
      localMap = new Map<string, LocalEntry>();
      for (const l of localList) localMap.set(l.path, l);
    }
    return localMap;
  };
  // By id only when journal rows or a path check need it; a first sync walks the list once.
  const remoteList: RemoteEntry[] = [];
  for (const r of input.remotes) if (keep(r.path, r.kind)) remoteList.push(r);
  let remoteMap: Map<string, RemoteEntry> | null = null;
  const remotes = (): Map<string, RemoteEntry> => {
    if (!remoteMap) {
      remoteMap = new Map<string, RemoteEntry>();
      for (const r of remoteList) remoteMap.set(r.id, r);
    }
    return remoteMap;
  };
  const rows: JournalRow[] = [];
  for (const j of input.rows) if (keep(j.path, j.kind)) rows.push(j);
  if (rows.length > 0) rebindReplaced(rows, remotes());
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rowPaths = new Set(rows.map((r) => r.path));

  const localMoves = rows.length > 0 ? detectLocalMoves(rows, locals(), rowPaths) : new Map<string, string>();
  const remoteMoves = rows.length > 0 ? detectRemoteMoves(rows, remotes()) : new Map<string, string>();
  // Asked only for conflict names and new local names: a first sync where both sides agree never needs it.
  let remotePathSet: Set<string> | null = null;
  const remotePaths = (): Set<string> => {
    if (!remotePathSet) {
      remotePathSet = new Set<string>();
      for (const r of remoteList) remotePathSet.add(r.path);
    }
    return remotePathSet;
  };
  const taken = (p: string) => locals().has(p) || remotePaths().has(p) || rowPaths.has(p);
  const ctx = { taken };

  const actions: Action[] = [];
  const push = (a: Action | null) => {
    if (a) actions.push(a);
  };
  const claimedLocal = new Set<string>();
  const claimedRemote = new Set<string>();

  for (const row of rows) {
    const lp = mapThrough(localMoves, row.path);
    const local = locals().get(lp) ?? null;
    const remote = remotes().get(row.itemId) ?? null;
    if (local) claimedLocal.add(lp);
    if (remote) claimedRemote.add(remote.id);
    let path = row.path;
    if (local && remote) {
      const rp = remote.path;
      const localMoved = lp !== row.path;
      const remoteMoved = rp !== row.path;
      if (localMoved && !remoteMoved) {
        path = lp;
        if (localMoves.has(row.path)) push(moveRemote(row, lp, remote, opts));
      } else if (remoteMoved && (!localMoved || lp !== rp)) {
        // Moved on OneDrive (and maybe elsewhere here too): the server's place wins, nothing is lost either way.
        path = rp;
        if (remoteMoves.has(row.path) || localMoves.has(row.path)) {
          push(applyMode({ type: 'move-local', path: rp, from: lp, row, itemId: row.itemId }, opts));
        }
      } else if (localMoved) {
        path = lp;
      }
    } else if (local) {
      path = lp;
    } else if (remote) {
      path = remote.path;
    }
    push(decide(path, local, remote, row, opts, ctx));
  }

  // Items no row holds, paired by path: two arrays sorted by path and walked side by side. A map of per-path
  // pairs cost two objects and a hash entry per item (a first sync is every item).
  // With no rows (a first sync) every entry is new and nothing moved: the lists themselves are sorted, not copied.
  const newLocals: LocalEntry[] = rows.length === 0 ? localList : [];
  // Where the list has a path twice, both go in and the merge below keeps the last, as the map would.
  if (rows.length > 0) {
    for (const l of localList) {
      if (claimedLocal.has(l.path)) continue;
      // New here inside a folder OneDrive moved: the folder's local move runs first, so the file goes up from there.
      const to = opts.mode === 'two-way' ? mapThrough(remoteMoves, l.path) : l.path;
      newLocals.push(to === l.path ? l : { ...l, path: to });
    }
  }
  const newRemotes = rows.length === 0 ? remoteList : remoteList.filter((r) => !claimedRemote.has(r.id));
  sortByPath(newLocals);
  sortByPath(newRemotes);
  // OneDrive names are case-insensitive: a new local name that differs only by case from one already in
  // the pair would overwrite it there, so it is held with a suggestion instead.
  // Built only when a new local name needs the check: a pass with nothing new here skips 300,000 lowercasings.
  let byLower: Map<string, string> | null = null;
  eachByPath(newLocals, newRemotes, (path, local, remote) => {
    const lower = path.toLowerCase();
    if (local && !remote && !byLower) {
      const made = new Map<string, string>();
      for (const known of [claimedLocal, remotePaths(), rowPaths]) for (const p of known) if (!made.has(p.toLowerCase())) made.set(p.toLowerCase(), p);
      // The new paths before this one, in the same order.
      eachByPath(newLocals, newRemotes, (p) => {
        if (p >= path) return false;
        made.set(p.toLowerCase(), p);
        return true;
      });
      byLower = made;
    }
    const other = byLower?.get(lower);
    if (local && !remote && other !== undefined && other !== path) {
      push(caseClash(path, other, byLower!));
      return true;
    }
    byLower?.set(lower, path);
    push(decide(path, local, remote, null, opts, ctx));
    return true;
  });
  return finish(actions, rows, opts);
}

function sortByPath<T extends { path: string }>(xs: T[]): T[] {
  // Stable, so among entries with one path the last one seen stays last (and wins below).
  return xs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Calls `fn` for each path of either list (both sorted by path) in `<` order, with that path's local and remote
 * entry (null when that side has none); where one list has a path twice, the last one wins. Stops when `fn`
 * returns false. No array of pairs is made: a first sync has a pair per item.
 */
function eachByPath(locals: readonly LocalEntry[], remotes: readonly RemoteEntry[], fn: (path: string, local: LocalEntry | null, remote: RemoteEntry | null) => boolean): void {
  let i = 0;
  let j = 0;
  while (i < locals.length || j < remotes.length) {
    const lp = i < locals.length ? locals[i]!.path : undefined;
    const rp = j < remotes.length ? remotes[j]!.path : undefined;
    const path = lp === undefined ? rp! : rp === undefined || lp < rp ? lp : rp;
    let local: LocalEntry | null = null;
    let remote: RemoteEntry | null = null;
    while (i < locals.length && locals[i]!.path === path) local = locals[i++]!;
    while (j < remotes.length && remotes[j]!.path === path) remote = remotes[j++]!;
    if (!fn(path, local, remote)) return;
  }
}

/**
 * A file deleted and made again under the same name on OneDrive (another device's delete + create, or a
 * replace that made a new item) takes its old row's place: it is an edit of that file, compared by hash as
 * any edit is. Otherwise the plan would hold a local delete and a download of the same path, and the download
 * (which expects no file there) would be refused on every pass.
 */
function rebindReplaced(rows: JournalRow[], remotes: ReadonlyMap<string, RemoteEntry>): void {
  if (rows.length === 0) return; // a first sync: nothing to take the place of
  let matched = 0;
  for (const r of rows) if (remotes.has(r.itemId)) matched++;
  // The journal holds an item id at one path only, so this count says whether every remote item has its row.
  if (matched === remotes.size) return;
  const known = new Set(rows.map((r) => r.itemId));
  const newAt = new Map<string, RemoteEntry>();
  for (const r of remotes.values()) if (!known.has(r.id)) newAt.set(r.path, r);
  if (newAt.size === 0) return;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const successor = remotes.has(row.itemId) ? undefined : newAt.get(row.path);
    if (!successor || successor.kind !== row.kind) continue;
    // Tags of another item say nothing: without them the content is compared by hash and size.
    rows[i] = { ...row, itemId: successor.id, parentId: successor.parentId, eTag: null, cTag: null };
  }
}

function moveRemote(row: JournalRow, to: string, remote: RemoteEntry, opts: PairOptions): Action | null {
  const named = remoteNameFor(to, opts);
  if ('problem' in named) return { type: 'skip', path: to, row, side: 'local', problem: named.problem };
  return applyMode({ type: 'move-remote', path: to, from: remote.path, row, itemId: row.itemId, remoteName: named.name }, opts);
}

function caseClash(path: string, other: string, byLower: ReadonlyMap<string, string>): Action {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const suggestion = numberedName(path.slice(slash + 1), (lowerName) => byLower.has(`${dir.toLowerCase()}${lowerName}`));
  return {
    type: 'skip', path, row: null, side: 'local',
    problem: { kind: 'case-clash', message: `"${path}" differs from "${other}" only by upper/lower case, and OneDrive cannot keep both. Rename it, for example to "${suggestion}".`, suggestion },
  };
}
