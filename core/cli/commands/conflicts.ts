import { existsSync } from 'node:fs';
import { ConflictError, resolveConflict } from '../../sync/engine/resolve-conflict.js';
import { Journal } from '../../sync/journal/journal.js';
import type { ConflictResolution } from '../../sync/journal/types.js';
import { openPair } from '../../sync/runner/open.js';
import { journalPath } from '../../sync/runner/pairs.js';
import { flag, UsageError } from '../args.js';
import type { Session } from '../session.js';
import { driveFor, selectPairs } from './pair.js';
import { once } from './sync.js';

type Out = (l: string) => void;

const CHOICES: Record<string, ConflictResolution> = { mine: 'keep-mine', theirs: 'keep-theirs', both: 'keep-both' };
const DONE: Record<ConflictResolution, string> = {
  'keep-mine': "this computer's version now has the name; OneDrive's stays in the file's version history",
  'keep-theirs': "OneDrive's version stays; this computer's copy went to the trash",
  'keep-both': 'both files stay',
};

/**
 * `conflicts [PAIR]`: the open conflicts of every pair: which file kept the name and where the other version went.
 * `conflicts resolve PAIR ID --keep mine|theirs|both`: carries out the choice, then syncs the pair once.
 */
export async function conflictsCommand(s: Session, out: Out, err: Out): Promise<number | void> {
  if (s.args.positionals[0] === 'resolve') return resolve(s, out, err);
  let n = 0;
  for (const pair of await selectPairs(s, s.args.positionals[0])) {
    const file = journalPath(s.home, pair.id);
    if (!existsSync(file)) continue;
    const j = new Journal(file);
    try {
      for (const c of j.openConflicts(pair.id)) {
        n++;
        out(`${pair.id}  #${c.id}  ${new Date(c.atMs).toISOString()}  ${c.path}: OneDrive's version kept, this computer's saved as "${c.conflictPath}" (${c.reason})`);
      }
    } finally {
      j.close();
    }
  }
  if (n === 0) out('No conflicts.');
  else out('Choose with: stratus conflicts resolve PAIR ID --keep mine|theirs|both');
}

async function resolve(s: Session, out: Out, err: Out): Promise<number> {
  const [, pairId, idText] = s.args.positionals;
  const id = Number(String(idText ?? '').replace(/^#/, ''));
  const keep = CHOICES[flag(s.args, 'keep') ?? ''];
  if (!pairId || !Number.isSafeInteger(id) || id <= 0 || !keep) {
    throw new UsageError('usage: stratus conflicts resolve PAIR ID --keep mine|theirs|both (PAIR and ID as `stratus conflicts` lists them)');
  }
  const [pair] = await selectPairs(s, pairId);
  const opened = await openPair(s.home, pair!, await driveFor(s, pair!));
  try {
    const c = opened.journal.openConflicts(pair!.id).find((x) => x.id === id);
    await resolveConflict(opened.runtime.fs, opened.journal, pair!.id, id, keep, Date.now());
    out(`${c?.path ?? `#${id}`}: ${DONE[keep]}.`);
  } catch (e) {
    if (e instanceof ConflictError) throw new UsageError(e.message);
    throw e;
  } finally {
    opened.close();
  }
  return once(s, pair!, out, err);
}
