// A folder moved into the pair from elsewhere on the drive arrives whole. On business and SharePoint delta runs
// from the drive's root, which reports only the moved folder (its contents did not change), so the engine lists it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bothSides, hashOf, lastSeq, openPair, requests, writeLocal } from './harness.js';
import type { Pair } from './harness.js';

let p: Pair;
afterEach(async () => { await p.close(); });

const admin = async (body: unknown) => {
  const r = await fetch(`${p.rig.e.adminUrl}/change`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`change refused: ${await r.text()}`);
};

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return;
  }
  throw new Error('the sync never settled');
}

describe.each(['business', 'personal'] as const)('a folder moved into the pair (%s)', (profile) => {
  beforeEach(async () => { p = await openPair(profile); });

  it('arrives with everything in it, however deep, and the next pass asks nothing more', async () => {
    await writeLocal(p, 'here.txt', 'here');
    await admin({ changes: [
      { op: 'create', path: 'Outside/folder/a.txt', content: 'a' },
      { op: 'create', path: 'Outside/folder/deep/b.txt', content: 'b' },
      { op: 'mkdir', path: 'Outside/folder/deep/empty' },
      ...Array.from({ length: 5 }, (_, i) => ({ op: 'create', path: `Outside/folder/many/f${i}.txt`, content: `f${i}` })),
    ] });
    await settle();
    await admin({ op: 'move', path: 'Outside/folder', to: 'Sync' });
    await settle();
    const { local, remote } = await bothSides(p);
    expect(local).toEqual(remote);
    expect([...local.keys()].sort()).toEqual(['folder/a.txt', 'folder/deep/b.txt', ...Array.from({ length: 5 }, (_, i) => `folder/many/f${i}.txt`), 'here.txt']);
    expect(local.get('folder/deep/b.txt')).toBe(hashOf('b'));
    const seq = await lastSeq(p);
    const again = await p.pass();
    expect(again.plan.actions).toEqual([]);
    expect((await requests(p, seq)).filter((r) => r.path.includes('/children'))).toEqual([]);
  });

  it('arrives whole when it is given a new file in the same delta that reports the move', async () => {
    await admin({ changes: [
      { op: 'create', path: 'Outside/folder/a.txt', content: 'a' },
      { op: 'create', path: 'Outside/folder/deep/b.txt', content: 'b' },
    ] });
    await settle();
    await admin({ changes: [{ op: 'move', path: 'Outside/folder', to: 'Sync' }, { op: 'create', path: 'Sync/folder/new.txt', content: 'new' }] });
    await settle();
    const { local, remote } = await bothSides(p);
    expect(local).toEqual(remote);
    expect([...local.keys()].sort()).toEqual(['folder/a.txt', 'folder/deep/b.txt', 'folder/new.txt']);
  });

  it('a folder made inside the pair with files in it is not listed again: delta brought its files', async () => {
    await settle();
    const seq = await lastSeq(p);
    await admin({ changes: [{ op: 'create', path: 'Sync/new/x.txt', content: 'x' }, { op: 'create', path: 'Sync/new/y.txt', content: 'y' }] });
    await settle();
    expect([...(await bothSides(p)).local.keys()].sort()).toEqual(['new/x.txt', 'new/y.txt']);
    expect((await requests(p, seq)).filter((r) => r.method === 'GET' && r.path.includes('/children'))).toEqual([]);
  });
});
