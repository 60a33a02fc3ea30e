// Changes on either side between passes, against the emulator: both sides end equal file by file, conflicts
// keep both versions, and moves travel as moves (checked in the emulator's request log: nothing re-sent).
import { readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAIR, bothSides, hashOf, keptAside, lastSeq, missing, openPair, remoteChange, removeLocal, requests, writeLocal, writeRemote } from './harness.js';
import type { Pair } from './harness.js';

let p: Pair;
afterEach(async () => { await p.close(); });

async function expectEqual(): Promise<Map<string, string>> {
  const { local, remote } = await bothSides(p);
  expect(local).toEqual(remote);
  return local;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return;
  }
  throw new Error('the sync never settled');
}

const transfers = (log: { method: string; path: string }[]) =>
  log.filter((r) => r.path.includes('/content') || r.path.startsWith('/_download') || r.path.startsWith('/_upload') || r.path.includes('createUploadSession'));

describe.each(['personal', 'business'] as const)('two-sided sync against the emulator (%s)', (profile) => {
  beforeEach(async () => { p = await openPair(profile); });

  it('edits on both sides between passes: OneDrive keeps the name, this computer\'s version sits beside it, named for the conflict', async () => {
    await writeLocal(p, 'docs/report.txt', 'v1');
    await settle();
    await writeLocal(p, 'docs/report.txt', 'mine: edited on the laptop');
    await remoteChange(p, { op: 'edit', path: 'docs/report.txt', content: 'theirs: edited on the phone' });
    await settle();
    const files = await expectEqual();
    expect(files.get('docs/report.txt')).toBe(hashOf('theirs: edited on the phone'));
    const copies = [...files.keys()].filter((k) => k !== 'docs/report.txt');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(/^docs\/report \(conflict laptop \d{4}-\d{2}-\d{2} \d{6}\)\.txt$/);
    expect(files.get(copies[0]!)).toBe(hashOf('mine: edited on the laptop'));
    expect(p.journal.openConflicts(PAIR).map((c) => [c.path, c.conflictPath])).toEqual([['docs/report.txt', copies[0]]]);
  });

  it('deleted on one side and changed on the other: the change wins and comes back, both ways', async () => {
    await writeLocal(p, 'gone-here.txt', 'v1');
    await writeLocal(p, 'gone-there.txt', 'v1');
    await settle();
    await removeLocal(p, 'gone-here.txt');
    await remoteChange(p, { op: 'edit', path: 'gone-here.txt', content: 'edited on OneDrive' });
    await remoteChange(p, { op: 'delete', path: 'gone-there.txt' });
    await writeLocal(p, 'gone-there.txt', 'edited here');
    await settle();
    const files = await expectEqual();
    expect(files.get('gone-here.txt')).toBe(hashOf('edited on OneDrive'));
    expect(files.get('gone-there.txt')).toBe(hashOf('edited here'));
  });

  it('deletions go to the recycle bin and the trash, never away', async () => {
    await writeLocal(p, 'a.txt', 'deleted here');
    await writeLocal(p, 'b.txt', 'deleted on OneDrive');
    await settle();
    await removeLocal(p, 'a.txt');
    await remoteChange(p, { op: 'delete', path: 'b.txt' });
    await settle();
    expect([...(await expectEqual()).keys()]).toEqual([]);
    const aside = await keptAside(p);
    expect([aside.has(hashOf('deleted here')), aside.has(hashOf('deleted on OneDrive'))]).toEqual([true, true]);
  });

  it('a file deleted and made again on OneDrive under the same name arrives as an edit', async () => {
    await writeLocal(p, 'x.txt', 'first');
    await settle();
    await remoteChange(p, { op: 'delete', path: 'x.txt' });
    await writeRemote(p, 'x.txt', 'made again');
    await settle();
    expect((await expectEqual()).get('x.txt')).toBe(hashOf('made again'));
  });

  it('a remote rename and move is one local move: nothing downloaded again', async () => {
    await writeLocal(p, 'from/photo.jpg', Buffer.alloc(400 * 1024, 9));
    await writeLocal(p, 'to/keep.txt', 'x');
    await settle();
    const ino = (await stat(join(p.root, 'from/photo.jpg'))).ino;
    await remoteChange(p, { op: 'move', path: 'from/photo.jpg', to: 'to', name: 'holiday.jpg' });
    const seq = await lastSeq(p);
    const r = await p.pass();
    expect(r.plan.counts['move-local']).toBe(1);
    expect(transfers(await requests(p, seq))).toEqual([]);
    const files = await expectEqual();
    expect(files.get('to/holiday.jpg')).toBe(hashOf(Buffer.alloc(400 * 1024, 9)));
    expect((await stat(join(p.root, 'to/holiday.jpg'))).ino).toBe(ino);
    await settle();
  });

  it('a local rename into another folder is one PATCH: nothing uploaded again', async () => {
    await writeLocal(p, 'draft.bin', Buffer.alloc(400 * 1024, 3));
    await writeLocal(p, 'final/readme.txt', 'x');
    await settle();
    await rename(join(p.root, 'draft.bin'), join(p.root, 'final/done.bin'));
    const seq = await lastSeq(p);
    const r = await p.pass();
    expect(r.report?.failed).toEqual([]);
    const log = await requests(p, seq);
    expect(transfers(log)).toEqual([]);
    expect(log.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    expect(log.filter((q) => q.method === 'DELETE')).toEqual([]);
    expect((await expectEqual()).get('final/done.bin')).toBe(hashOf(Buffer.alloc(400 * 1024, 3)));
    expect(await readFile(join(p.root, 'final/done.bin'))).toEqual(Buffer.alloc(400 * 1024, 3));
  });

  it('renamed here and edited on OneDrive: the name and the edit both survive', async () => {
    await writeLocal(p, 'a.txt', 'v1');
    await settle();
    await rename(join(p.root, 'a.txt'), join(p.root, 'b.txt'));
    await remoteChange(p, { op: 'edit', path: 'a.txt', content: 'v2 from OneDrive' });
    await settle();
    const files = await expectEqual();
    expect([...files]).toEqual([['b.txt', hashOf('v2 from OneDrive')]]);
  });

  it('renamed on OneDrive and edited here: the name and the edit both survive', async () => {
    await writeLocal(p, 'a.txt', 'v1');
    await settle();
    await remoteChange(p, { op: 'rename', path: 'a.txt', name: 'b.txt' });
    await writeLocal(p, 'a.txt', 'v2 from the disk');
    await settle();
    const files = await expectEqual();
    expect([...files]).toEqual([['b.txt', hashOf('v2 from the disk')]]);
  });

  it('a local folder rename is one PATCH for the folder, its files untouched', async () => {
    for (let i = 0; i < 5; i++) await writeLocal(p, `old/f${i}.txt`, `file ${i}`);
    await settle();
    await rename(join(p.root, 'old'), join(p.root, 'new'));
    const seq = await lastSeq(p);
    await settle();
    const log = await requests(p, seq);
    expect(transfers(log)).toEqual([]);
    expect(log.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    const files = await expectEqual();
    expect([...files.keys()].sort()).toEqual([0, 1, 2, 3, 4].map((i) => `new/f${i}.txt`));
  });

  it('a rename that only changes the case of a name travels as a rename', async () => {
    await writeLocal(p, 'readme.txt', 'case');
    await settle();
    await rename(join(p.root, 'readme.txt'), join(p.root, 'README.txt'));
    await settle();
    const files = await expectEqual();
    expect([...files]).toEqual([['README.txt', hashOf('case')]]);
  });

  it('a folder renamed on OneDrive while a new file was added in it here: the file follows the folder', async () => {
    await writeLocal(p, 'old/a.txt', 'a');
    await settle();
    await remoteChange(p, { op: 'rename', path: 'old', name: 'new' });
    await writeLocal(p, 'old/b.txt', 'added here');
    await settle();
    const files = await expectEqual();
    expect([...files.keys()].sort()).toEqual(['new/a.txt', 'new/b.txt']);
  });

  it('a folder deleted on OneDrive while a file in it was edited here: the edit comes back with its folder', async () => {
    await writeLocal(p, 'dir/a.txt', 'v1');
    await writeLocal(p, 'dir/b.txt', 'untouched');
    await settle();
    await remoteChange(p, { op: 'delete', path: 'dir' });
    await writeLocal(p, 'dir/a.txt', 'v2 edited here');
    await settle();
    const files = await expectEqual();
    expect(files.get('dir/a.txt')).toBe(hashOf('v2 edited here'));
    expect(await missing(p, [hashOf('untouched')])).toEqual([]);
  });

  it('a folder deleted here while a file in it was edited on OneDrive: the edit comes back with its folder', async () => {
    await writeLocal(p, 'dir/a.txt', 'v1');
    await writeLocal(p, 'dir/b.txt', 'untouched');
    await settle();
    await removeLocal(p, 'dir');
    await remoteChange(p, { op: 'edit', path: 'dir/a.txt', content: 'v2 edited on OneDrive' });
    await settle();
    const files = await expectEqual();
    expect(files.get('dir/a.txt')).toBe(hashOf('v2 edited on OneDrive'));
    expect(await missing(p, [hashOf('untouched')])).toEqual([]);
  });

  it('a folder renamed here while a new file was added in it on OneDrive: the file lands in the renamed folder', async () => {
    await writeLocal(p, 'old/a.txt', 'a');
    await settle();
    await rename(join(p.root, 'old'), join(p.root, 'new'));
    await writeRemote(p, 'old/b.txt', 'added on OneDrive');
    await settle();
    const files = await expectEqual();
    expect([...files.keys()].sort()).toEqual(['new/a.txt', 'new/b.txt']);
  });
});

// Personal here; both profiles in moved-in.test.ts (on business the root delta reports the moved folder alone,
// and the engine lists what it holds).
describe('two-sided sync against the emulator (personal only)', () => {
  beforeEach(async () => { p = await openPair('personal'); });

  it('a folder moved into the pair on OneDrive arrives with everything in it', async () => {
    await writeLocal(p, 'here.txt', 'here');
    await settle();
    const admin = (body: unknown) => fetch(`${p.rig.e.adminUrl}/change`, { method: 'POST', body: JSON.stringify(body) });
    await admin({ changes: [{ op: 'create', path: 'Outside/folder/a.txt', content: 'a' }, { op: 'create', path: 'Outside/folder/deep/b.txt', content: 'b' }] });
    await settle();
    await admin({ op: 'move', path: 'Outside/folder', to: 'Sync' });
    await settle();
    const files = await expectEqual();
    expect([...files.keys()].sort()).toEqual(['folder/a.txt', 'folder/deep/b.txt', 'here.txt']);
  });
});
