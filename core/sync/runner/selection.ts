import { existsSync } from 'node:fs';
import { Journal } from '../journal/journal.js';
import { lockPair } from './lock.js';
import { journalPath } from './pairs.js';

/**
 * The user's chosen subfolders of a pair, cleaned: `/`-separated, no leading or trailing slash, no `.` or `..`
 * parts, each once, and none inside another chosen one (that one already holds it). Empty means everything.
 * Throws with a message a person understands on a path that tries to leave the pair.
 */
export function normalizeSelection(folders: readonly string[]): string[] {
  const clean: string[] = [];
  for (const f of folders) {
    const parts = f.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    if (parts.includes('..')) throw new Error(`"${f}" leaves the pair's folder: choose folders inside it, like Projects/2026.`);
    if (parts.length > 0) clean.push(parts.join('/'));
  }
  const lower = clean.map((c) => c.toLowerCase());
  return clean.filter((c, i) => lower.findIndex((o) => o === lower[i]) === i && !lower.some((o, j) => j !== i && lower[i]!.startsWith(`${o}/`)));
}

/**
 * After a pair's folders or ignore patterns change, its next pass must read OneDrive's whole folder again: delta
 * from the stored token would not mention items that were left out until now, so a folder chosen again would
 * never arrive. Forgetting the token does that; the journal's rows stay, so nothing already synced moves.
 * Refuses (like every writer of the journal) while another process syncs the pair.
 */
export function forgetRemoteView(home: string, pairId: string): void {
  const file = journalPath(home, pairId);
  if (!existsSync(file)) return;
  const unlock = lockPair(`${file}.lock`, pairId);
  try {
    const journal = new Journal(file);
    try {
      if (journal.pair(pairId)) journal.apply(pairId, [{ op: 'token', token: null }]);
    } finally {
      journal.close();
    }
  } finally {
    unlock();
  }
}
