import type { JournalRow } from '../journal/types.js';
import { applyMode, downAction, upAction } from './decide.js';
import type { Action, ActionType, PairOptions, Plan } from './types.js';

const PHASE: Record<ActionType, number> = {
  'mkdir-local': 0, 'mkdir-remote': 0, 'move-local': 1, 'move-remote': 1, conflict: 2, upload: 3, download: 3,
  'metadata-local': 3, 'metadata-remote': 3, record: 3, 'delete-local': 4, 'delete-remote': 4, skip: 5,
};

const depth = (p: string) => p.split('/').length;
const under = (p: string, dir: string) => p.startsWith(`${dir}/`);

/**
 * Turns per-item decisions into a plan: folders are deleted whole (one request, one trash entry) unless something
 * inside them is kept, children of left-out folders are left out too, actions are ordered so parents exist before
 * children and children go before their folder, and the big-delete guard is applied.
 */
export function finish(decided: Action[], rows: readonly JournalRow[], opts: PairOptions): Plan {
  let actions = keepFoldersWithSurvivors(decided, opts);
  actions = collapseFolderDeletes(actions, rows);
  actions = skipInsideSkipped(actions);
  actions.sort((a, b) => {
    const pa = PHASE[a.type];
    const pb = PHASE[b.type];
    if (pa !== pb) return pa - pb;
    if (pa === 4) return depth(b.path) - depth(a.path) || (a.path < b.path ? -1 : 1);
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
  const counts: Plan['counts'] = {};
  let deletes = 0;
  for (const a of actions) {
    counts[a.type] = (counts[a.type] ?? 0) + 1;
    if (a.type === 'delete-local' || a.type === 'delete-remote') deletes += a.items;
  }
  return { actions, counts, held: guard(deletes, rows.length, opts) };
}

/** A folder deleted on one side whose contents changed on the other comes back instead: the change wins. */
function keepFoldersWithSurvivors(actions: Action[], opts: PairOptions): Action[] {
  // Most plans delete no folder: no set of every acted path's folders, no copy of the plan.
  if (!actions.some((a) => (a.type === 'delete-local' || a.type === 'delete-remote') && a.kind === 'dir')) return actions;
  const holding = new Set<string>();
  for (const a of actions) {
    if (a.type === 'delete-local' || a.type === 'delete-remote' || a.type === 'record' || a.type === 'skip') continue;
    for (const dir of ancestors(a.path)) holding.add(dir);
  }
  return actions.map((a) => {
    if ((a.type !== 'delete-local' && a.type !== 'delete-remote') || a.kind !== 'dir' || !holding.has(a.path)) return a;
    const back = a.type === 'delete-local' ? upAction(a.path, a.local, a.row, null, 'restore', opts) : downAction(a.path, a.remote, a.row, 'restore');
    return applyMode(back, opts) ?? a;
  });
}

/** `a/b/c` → `a/b`, `a`. */
function* ancestors(path: string): Generator<string> {
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) yield path.slice(0, i);
}

function collapseFolderDeletes(actions: Action[], rows: readonly JournalRow[]): Action[] {
  const folders = actions
    .filter((a): a is Extract<Action, { type: 'delete-local' | 'delete-remote' }> => (a.type === 'delete-local' || a.type === 'delete-remote') && a.kind === 'dir')
    .sort((a, b) => depth(a.path) - depth(b.path));
  if (folders.length === 0) return actions;
  const sortedRows = rows.map((r) => r.path).sort();
  const dropped = new Set<Action>();
  const out = new Map<Action, Action>();
  for (const f of folders) {
    if (dropped.has(f)) continue;
    for (const a of actions) if (a !== f && a.type === f.type && under(a.path, f.path)) dropped.add(a);
    // The count is what the user loses sight of: every journal item under the folder, for the big-delete guard.
    const items = 1 + countUnder(sortedRows, f.path);
    out.set(f, { ...f, items });
  }
  return actions.filter((a) => !dropped.has(a)).map((a) => out.get(a) ?? a);
}

function skipInsideSkipped(actions: Action[]): Action[] {
  // Only a folder can have something inside it, so every skipped path can serve as a prefix.
  const skipped = new Set(actions.filter((a) => a.type === 'skip').map((a) => a.path));
  if (skipped.size === 0) return actions;
  return actions.map((a) => {
    if (a.type === 'skip' || a.type === 'record') return a;
    let top: string | undefined;
    for (const dir of ancestors(a.path)) if (skipped.has(dir)) top = dir;
    if (top === undefined) return a;
    return { type: 'skip', path: a.path, row: a.row, side: 'local', problem: { kind: 'inside-skipped', message: `"${a.path}" is inside "${top}", which is not synced.` } };
  });
}

/** How many sorted paths lie under `dir`: they are contiguous, between `dir/` and `dir0` ('0' follows '/'). */
function countUnder(sorted: readonly string[], dir: string): number {
  return lowerBound(sorted, `${dir}0`) - lowerBound(sorted, `${dir}/`);
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function guard(deletes: number, total: number, opts: PairOptions): Plan['held'] {
  if (opts.force || deletes === 0) return null;
  const { maxItems, maxFraction, minItemsForFraction } = opts.bigDelete;
  const tooMany = deletes > maxItems;
  const tooLarge = deletes >= minItemsForFraction && total > 0 && deletes / total > maxFraction;
  if (!tooMany && !tooLarge) return null;
  return {
    deletes,
    total,
    message: `This sync would delete ${deletes} of ${total} items. It is on hold until you confirm (or run with --force).`,
  };
}
