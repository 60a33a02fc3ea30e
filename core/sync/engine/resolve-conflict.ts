import { writeAtomic } from '../fs/atomic.js';
import { FsError } from '../fs/errors.js';
import type { LocalFs } from '../fs/types.js';
import type { Journal } from '../journal/journal.js';
import type { ConflictResolution } from '../journal/types.js';

export class ConflictError extends Error {
  constructor(readonly kind: 'not-found' | 'gone', message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * The user's answer to a logged conflict, carried out on this computer only; the next pass takes it to
 * OneDrive like any other edit. Nothing is destroyed: the version given up goes to the trash here, and to the
 * recycle bin (or the file's version history) there.
 * - keep-both: the two files stay as they are; the conflict is closed.
 * - keep-theirs: the conflict copy (this computer's version) goes to the trash.
 * - keep-mine: the conflict copy's content replaces the file (a new file written beside it and renamed over it,
 *   so a crash leaves one or the other whole), then the copy goes to the trash.
 */
export async function resolveConflict(fs: LocalFs, journal: Journal, pairId: string, id: number, keep: ConflictResolution, nowMs: number): Promise<void> {
  const c = journal.openConflicts(pairId).find((x) => x.id === id);
  if (!c) throw new ConflictError('not-found', `Conflict #${id} is not open in this pair: it was resolved already, or the list is out of date.`);
  if (keep !== 'keep-both') {
    const copy = await exists(fs, c.conflictPath);
    if (!copy && keep === 'keep-mine') {
      throw new ConflictError('gone', `"${c.conflictPath}" (this computer's version) is no longer there, so it cannot replace "${c.path}": ` +
        'find it (it may have been moved or renamed) and copy it over the file yourself, or keep OneDrive\'s version.');
    }
    if (keep === 'keep-mine') await writeAtomic(fs, c.path, fs.readStream(c.conflictPath));
    if (copy) await fs.trash(c.conflictPath);
  }
  journal.resolveConflict(id, keep, nowMs);
}

async function exists(fs: LocalFs, path: string): Promise<boolean> {
  try {
    return (await fs.lstat(path)).kind === 'file';
  } catch (e) {
    if (e instanceof FsError && e.kind === 'not-found') return false;
    throw e;
  }
}
