import type { JournalRow } from '../journal/types.js';
import type { ScanResult } from '../local/scan.js';
import { Selection } from '../reconcile/filters.js';

/**
 * Whether a full scan found the folder exactly as the journal recorded it: every row's path there, of the same
 * kind, each file with the recorded size, time and file id, and nothing else in the pair's selection. With
 * OneDrive quiet too, reconcile could plan nothing, so a `sync --once` of a large unchanged pair skips it.
 * Anything unusual (a path that could not be read, a link, a file held back with a message) says no, and the
 * pass goes the usual way.
 */
export function localUnchanged(scan: ScanResult, rows: readonly JournalRow[], byPath: ReadonlyMap<string, JournalRow>, selectionPaths: readonly string[]): boolean {
  if (scan.unsure.length > 0 || scan.problems.length > 0) return false;
  const selection = new Selection(selectionPaths);
  let seen = 0;
  for (const l of scan.entries) {
    if (!selection.includes(l.path, l.kind)) continue;
    const row = byPath.get(l.path);
    if (!row || row.kind !== l.kind) return false;
    if (l.kind === 'file' && (row.localSize !== l.size || row.localMtimeMs !== l.mtimeMs || row.localIno !== l.ino)) return false;
    seen++;
  }
  return seen === rows.length;
}
