// The user's answer to a conflict (keep mine / keep theirs / keep both), carried out here and taken to OneDrive
// by the next passes: both sides end equal, and the version given up is kept aside, never destroyed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAIR, bothSides, hashOf, keptAside, openPair, remoteChange, removeLocal, writeLocal } from '../test/harness.js';
import type { Pair } from '../test/harness.js';
import { ConflictError, resolveConflict } from './resolve-conflict.js';

let p: Pair;
beforeEach(async () => { p = await openPair('personal'); });
afterEach(async () => { await p.close(); });

const MINE = 'mine: edited on the laptop';
const THEIRS = 'theirs: edited on the phone';

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return;
  }
  throw new Error('the sync never settled');
}

/** report.txt edited on both sides: OneDrive's version keeps the name, ours sits beside it. */
async function conflict(): Promise<{ id: number; copy: string }> {
  await writeLocal(p, 'report.txt', 'v1');
  await settle();
  await writeLocal(p, 'report.txt', MINE);
  await remoteChange(p, { op: 'edit', path: 'report.txt', content: THEIRS });
  await settle();
  const [c] = p.journal.openConflicts(PAIR);
  return { id: c!.id, copy: c!.conflictPath };
}

async function equalSides(): Promise<Map<string, string>> {
  const { local, remote } = await bothSides(p);
  expect(local).toEqual(remote);
  return local;
}

describe('resolving a conflict', () => {
  it('keep mine: this computer\'s version takes the name on both sides; OneDrive\'s is kept aside', async () => {
    const { id } = await conflict();
    await resolveConflict(p.fs, p.journal, PAIR, id, 'keep-mine', Date.now());
    await settle();
    expect([...(await equalSides())]).toEqual([['report.txt', hashOf(MINE)]]);
    // OneDrive's version survives as a version of the file; the uploaded copy is in the recycle bin.
    expect(await keptAside(p)).toContain(hashOf(MINE));
    expect(p.journal.openConflicts(PAIR)).toEqual([]);
  });

  it('keep theirs: the conflict copy goes to the trash here and the recycle bin there', async () => {
    const { id } = await conflict();
    await resolveConflict(p.fs, p.journal, PAIR, id, 'keep-theirs', Date.now());
    await settle();
    expect([...(await equalSides())]).toEqual([['report.txt', hashOf(THEIRS)]]);
    expect(await keptAside(p)).toContain(hashOf(MINE));
    expect(p.journal.openConflicts(PAIR)).toEqual([]);
  });

  it('keep both: both files stay; the conflict is closed', async () => {
    const { id, copy } = await conflict();
    await resolveConflict(p.fs, p.journal, PAIR, id, 'keep-both', Date.now());
    await settle();
    const files = await equalSides();
    expect(files.get('report.txt')).toBe(hashOf(THEIRS));
    expect(files.get(copy)).toBe(hashOf(MINE));
    expect(p.journal.openConflicts(PAIR)).toEqual([]);
  });

  it('refuses a resolved conflict, and keep mine when the copy is gone, saying why', async () => {
    const { id, copy } = await conflict();
    await resolveConflict(p.fs, p.journal, PAIR, id, 'keep-both', Date.now());
    await expect(resolveConflict(p.fs, p.journal, PAIR, id, 'keep-mine', Date.now())).rejects.toThrow(/not open/);

    await removeLocal(p, copy);
    await settle();
    const again = await conflict();
    await removeLocal(p, again.copy);
    const err = await resolveConflict(p.fs, p.journal, PAIR, again.id, 'keep-mine', Date.now()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toMatch(/no longer there/);
    expect(p.journal.openConflicts(PAIR).map((c) => c.id)).toEqual([again.id]);
  });
});
