// Live progress of real transfers against the emulator: bytes as they go, under a bandwidth limit too.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultBandwidth, parseBwLimit } from '../../graph/bandwidth.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { openRig } from '../../onedrive/test/setup.js';
import type { Rig } from '../../onedrive/test/setup.js';
import { syncOnce } from '../engine/sync-once.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { GraphDrive } from '../remote/graph-drive.js';
import { CountingDrive } from './counting-drive.js';
import { ProgressTracker } from './progress.js';
import type { ItemProgress, ProgressEvent, TotalsProgress } from './progress.js';

const MB = 1_000_000;
let rig: Rig;
let root: string;
let journal: Journal;
let events: ProgressEvent[];

beforeEach(async () => {
  rig = await openRig('personal');
  root = join(rig.tmp, 'pair');
  await mkdir(root);
  journal = new Journal(join(rig.tmp, 'journal.db'));
  events = [];
});
afterEach(async () => {
  defaultBandwidth.for(rig.drive.client.accountId).set(parseBwLimit('off'));
  journal.close();
  await rig.close();
});

async function pass() {
  const folder = (await rig.drive.find('Sync')) ?? (await rig.drive.mkdir('Sync'));
  // The drive's own 10 MiB chunks: a 3 MB file is one chunk, so any event before the end comes from within it.
  const remote = new GraphDrive(rig.drive.ctx, folder.id);
  if (!journal.pair('p')) journal.putPair({ pairId: 'p', driveId: remote.driveId, remoteRootId: folder.id, localRoot: root });
  const tracker = new ProgressTracker('p', (e) => events.push(e), Date.now, 0);
  const r = await syncOnce({
    pairId: 'p', fs: new NodeFs(root, new FreedesktopTrash(join(rig.tmp, 'data'))), remote: new CountingDrive(remote, tracker),
    journal, transfers: 4, now: () => Date.now(), decode: (n) => onedriveEncoder.decode(n),
    options: defaultOptions(onedriveNameRules, 'laptop', Date.now(), { remoteRootPath: '/Sync' }),
    onPlan: (plan) => tracker.plan(plan), onEvent: (e) => tracker.exec(e),
  });
  expect(r.report?.failed).toEqual([]);
}

const moving = (path: string) => events.filter((e): e is Extract<ItemProgress, { state: 'transferring' }> => e.type === 'item' && e.path === path && e.state === 'transferring');

function expectGrowing(path: string, size: number): number[] {
  const bytes = moving(path).map((e) => e.bytes);
  expect(bytes.length).toBeGreaterThanOrEqual(4);
  expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  expect(new Set(bytes).size).toBe(bytes.length);
  expect(bytes[0]!).toBeLessThan(size);
  expect(bytes.at(-1)).toBe(size);
  return bytes;
}

describe('progress of transfers', () => {
  it('an upload of a 3 MB file reports its bytes as they are sent, then done', async () => {
    await writeFile(join(root, 'big.bin'), Buffer.alloc(3 * MB, 5));
    await pass();
    expectGrowing('big.bin', 3 * MB);
    const last = events.filter((e) => e.type === 'item' && e.path === 'big.bin').at(-1);
    expect(last).toMatchObject({ state: 'done' });
  });

  it('two files of the same name in two folders, uploading at once, each report their own bytes', async () => {
    await mkdir(join(root, 'a'));
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'a', 'same.bin'), Buffer.alloc(3 * MB, 1));
    await writeFile(join(root, 'b', 'same.bin'), Buffer.alloc(MB, 2));
    await pass();
    expectGrowing('a/same.bin', 3 * MB);
    expectGrowing('b/same.bin', MB);
    for (const e of moving('b/same.bin')) expect(e.bytes).toBeLessThanOrEqual(MB);
  });

  it('a download under a 4 MiB/s limit takes its time and reports growing bytes, a speed and an ETA', async () => {
    await writeFile(join(root, 'seed.bin'), Buffer.alloc(3 * MB, 9));
    const src = join(rig.tmp, 'src.bin');
    await writeFile(src, Buffer.alloc(3 * MB, 7));
    await rig.drive.upload(src, 'Sync/down.bin');
    defaultBandwidth.for(rig.drive.client.accountId).set(parseBwLimit('off:4M'));
    const started = Date.now();
    await pass();
    const secs = (Date.now() - started) / 1000;
    expectGrowing('down.bin', 3 * MB);
    // 3 MB at 4 MiB/s is 0.72 s; the upload of seed.bin is not limited ("off" up).
    expect(secs).toBeGreaterThan(0.6);
    const totals = events.filter((e): e is TotalsProgress => e.type === 'totals');
    const mid = totals.filter((t) => t.bytesDone > 0 && t.bytesDone < t.bytes && t.bytesPerSecond > 0);
    expect(mid.length).toBeGreaterThan(0);
    expect(mid.at(-1)!.etaSeconds).not.toBeNull();
  });
});
