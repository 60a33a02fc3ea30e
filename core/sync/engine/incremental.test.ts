// A pass told which local paths changed (watch mode) must plan exactly what a pass scanning everything plans.
import { mkdir, mkdtemp, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import type { LocalFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import type { Plan } from '../reconcile/index.js';
import { MemoryDrive } from '../remote/index.js';
import { localFiles } from '../test/tree-hashes.js';
import { syncOnce } from './sync-once.js';

let base: string;
let root: string;
let drive: MemoryDrive;
let journal: Journal;
let fs: LocalFs;
let calls: Record<string, number>;
const P = 'pair';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

/** The real disk, with every call counted, so a test can tell whether a pass walked the folder. */
function counting(inner: LocalFs): LocalFs {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'stratus-incr-'));
  root = join(base, 'OneDrive');
  await mkdir(root);
  drive = new MemoryDrive();
  journal = new Journal(join(base, 'journal.db'));
  journal.putPair({ pairId: P, driveId: drive.driveId, remoteRootId: drive.rootId, localRoot: root });
  calls = {};
  fs = counting(new NodeFs(root, new FreedesktopTrash(join(base, 'data'))));
});
afterEach(async () => {
  journal.close();
  await rm(base, { recursive: true, force: true });
});

function pass(o: { localChanges?: string[]; dryRun?: boolean } = {}) {
  return syncOnce({
    pairId: P, fs, remote: drive, journal, transfers: 4, now: () => NOW, dryRun: o.dryRun, localChanges: o.localChanges,
    options: defaultOptions(onedriveNameRules, 'laptop', NOW), decode: (n) => onedriveEncoder.decode(n),
  });
}

const put = async (path: string, text: string) => {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
};
const steps = (plan: Plan) => plan.actions.map((a) => `${a.type} ${'from' in a ? `${a.from} -> ` : ''}${a.path}`).sort();

async function synced(): Promise<void> {
  await put('a.txt', 'alpha');
  await put('b.txt', 'bravo');
  await put('c.txt', 'charlie');
  await put('d/x.txt', 'x-ray');
  await put('d/y.txt', 'yankee');
  await put('d/deep/z.txt', 'zulu');
  await pass();
  // The pass that takes in the echoes of those uploads, as the runner makes at once.
  await pass();
  expect(steps((await pass({ dryRun: true })).plan)).toEqual([]);
}

/** The change, then: the incremental plan equals the full one; carried out, both sides end equal and settled. */
async function expectSameAsFull(changed: string[], want: string[], settle: string[] = []): Promise<void> {
  const full = steps((await pass({ dryRun: true })).plan);
  expect(full).toEqual(want);
  expect(steps((await pass({ dryRun: true, localChanges: changed })).plan)).toEqual(full);
  const done = await pass({ localChanges: changed });
  expect(done.report?.failed).toEqual([]);
  expect(steps((await pass({ dryRun: true })).plan)).toEqual(settle);
  expect(await localFiles(root)).toEqual(new Map([...drive.files()].map(([k, v]) => [k, quickXorHash(v)])));
}

describe('a pass told which local paths changed', () => {
  it('an edit, an added file and a deleted one', async () => {
    await synced();
    await put('a.txt', 'alpha, edited');
    await put('d/new.txt', 'brand new');
    await rm(join(root, 'b.txt'));
    await expectSameAsFull(['a.txt', 'b.txt', 'd/new.txt'], ['delete-remote b.txt', 'upload a.txt', 'upload d/new.txt']);
  });

  it('a rename (unlink + add) is one move of the same inode, also into another folder and by case only', async () => {
    await synced();
    const ino = (await stat(join(root, 'a.txt'))).ino;
    await rename(join(root, 'a.txt'), join(root, 'd/deep/a2.txt'));
    await rename(join(root, 'c.txt'), join(root, 'C.txt'));
    await expectSameAsFull(['C.txt', 'a.txt', 'c.txt', 'd/deep/a2.txt'], ['move-remote a.txt -> d/deep/a2.txt', 'move-remote c.txt -> C.txt']);
    expect((await stat(join(root, 'd/deep/a2.txt'))).ino).toBe(ino);
    expect([...drive.files().keys()].sort()).toEqual(['C.txt', 'b.txt', 'd/deep/a2.txt', 'd/deep/z.txt', 'd/x.txt', 'd/y.txt']);
  });

  it('a folder made with files inside, reported only as the folder', async () => {
    await synced();
    await put('n/one.txt', '1');
    await put('n/sub/two.txt', '2');
    await expectSameAsFull(['n'], ['mkdir-remote n', 'mkdir-remote n/sub', 'upload n/one.txt', 'upload n/sub/two.txt']);
  });

  it('a folder deleted with what it held, and a folder renamed', async () => {
    await synced();
    await rm(join(root, 'd/deep'), { recursive: true });
    await rename(join(root, 'd'), join(root, 'e'));
    // The executor moves the folder's rows before it drops the deleted subfolder's (under its old path), so a
    // full pass after it, too, has two rows to tidy: the same as after a full pass, and no transfer.
    await expectSameAsFull(['d', 'd/deep', 'd/deep/z.txt', 'e'], ['delete-remote d/deep', 'move-remote d -> e'], ['record e/deep', 'record e/deep/z.txt']);
  });

  it('reads nothing of the disk when nothing changed, and trusts the journal for paths not reported', async () => {
    await synced();
    calls = {};
    const idle = await pass({ localChanges: [] });
    expect(steps(idle.plan)).toEqual([]);
    expect(calls).toEqual({});
    // Not reported means not looked at: this is why the runner scans everything whenever the watcher may have missed something.
    await put('a.txt', 'edited behind the watcher');
    expect(steps((await pass({ dryRun: true, localChanges: [] })).plan)).toEqual([]);
    expect(steps((await pass({ dryRun: true })).plan)).toEqual(['upload a.txt']);
  });

  it('nothing reported here and nothing new there: one delta page, no journal rows read, no reconcile', async () => {
    await synced();
    let deltas = 0;
    let rowReads = 0;
    const remote = drive;
    const realDelta = remote.delta.bind(remote);
    remote.delta = (...args) => (deltas++, realDelta(...args));
    const realItems = journal.items.bind(journal);
    journal.items = (...args) => (rowReads++, realItems(...args));
    calls = {};
    const idle = await pass({ localChanges: [] });
    expect([idle.plan.actions, deltas, rowReads, calls]).toEqual([[], 1, 0, {}]);

    // Something new there: the usual pass, which reuses the page already fetched instead of asking it again.
    drive.putFile('d/cloud.txt', 'from the cloud');
    deltas = 0;
    const busy = await pass({ localChanges: [] });
    expect(steps(busy.plan)).toEqual(['download d/cloud.txt']);
    expect([deltas, rowReads]).toEqual([1, 1]);
    expect(steps((await pass({ dryRun: true })).plan)).toEqual([]);
  });

  it('the echoes of our own uploads are taken in without the journal rows or reconcile; a real change among them is not', async () => {
    await synced();
    await put('d/new.txt', 'made here');
    await pass({ localChanges: ['d/new.txt'] });
    let rowReads = 0;
    const realItems = journal.items.bind(journal);
    journal.items = (...args) => (rowReads++, realItems(...args));
    const echo = await pass({ localChanges: [] });
    expect(rowReads).toBe(0);
    expect(steps(echo.plan).every((s) => s.startsWith('record '))).toBe(true);
    // Nothing left over: no upload again, and the folders' tags are current.
    expect(steps((await pass({ dryRun: true })).plan)).toEqual([]);

    await put('a.txt', 'edited here');
    await pass({ localChanges: ['a.txt'] });
    drive.putFile('b.txt', 'edited there');
    rowReads = 0;
    const mixed = await pass({ localChanges: [] });
    expect(rowReads).toBe(1);
    expect(steps(mixed.plan)).toContain('download b.txt');
    expect(steps((await pass({ dryRun: true })).plan)).toEqual([]);
  });

  it('what the journal cannot hold (a link left out with a message) is handed back to be read again', async () => {
    await synced();
    await symlink(join(root, 'a.txt'), join(root, 'link'));
    const first = await pass();
    expect(steps(first.plan)).toEqual(['skip link']);
    expect(first.localLeft).toEqual(['link']);
    expect(steps((await pass({ dryRun: true, localChanges: first.localLeft })).plan)).toEqual(['skip link']);
    // A path the journal holds as observed is not handed back.
    expect((await pass({ localChanges: ['a.txt', ...first.localLeft] })).localLeft).toEqual(['link']);
  });
});
