// The continuous runner against the emulator: watcher and poll triggers, coalescing, pause, the guard, events.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { openRig } from '../../onedrive/test/setup.js';
import type { Rig } from '../../onedrive/test/setup.js';
import { FreedesktopTrash } from '../fs/freedesktop-trash.js';
import { NodeFs } from '../fs/node-fs.js';
import { RemoteError } from '../remote/errors.js';
import { openPair } from './open.js';
import type { OpenedPair } from './open.js';
import { PairRunner } from './pair-runner.js';
import type { ProgressEvent, TotalsProgress } from './progress.js';
import { stateOfError } from './state.js';
import type { EngineState } from './state.js';

let rig: Rig;
let local: string;
let opened: OpenedPair;
let runner: PairRunner;
let states: EngineState['state'][];
let progress: ProgressEvent[];
let passes: number;

beforeEach(async () => {
  rig = await openRig('personal');
  local = join(rig.tmp, 'pair');
  await mkdir(local);
  await rig.drive.mkdir('Sync');
  opened = await openPair(join(rig.tmp, 'home'), { id: 'p1', local, remote: 'Sync', driveId: '', mode: 'two-way', ignore: [], selection: [] }, rig.drive);
  // Deletions here go to a trash inside the test folder, not the user's.
  opened.runtime.fs = new NodeFs(local, new FreedesktopTrash(join(rig.tmp, 'data')));
  runner = new PairRunner({ runtime: opened.runtime, localRoot: local, pollMs: 60_000, quietMs: 100, maxWaitMs: 500 });
  states = [];
  progress = [];
  passes = 0;
  runner.on('state', (s) => states.push(s.state));
  runner.on('progress', (p) => progress.push(p));
  runner.on('pass', () => passes++);
});
afterEach(async () => {
  await runner.stop();
  opened.close();
  await rig.close();
});

const remoteHash = async (path: string) => (await rig.drive.find(`Sync/${path}`))?.file?.hashes?.quickXorHash;
const hashOf = (text: string) => quickXorHash(Buffer.from(text));

async function until(check: () => boolean | Promise<boolean>, ms: number, why: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(why);
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function change(...changes: Record<string, unknown>[]): Promise<void> {
  const r = await fetch(`${rig.e.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ changes }) });
  if (!r.ok) throw new Error(`change refused: ${await r.text()}`);
}

describe('PairRunner', () => {
  it('syncs at start with per-item progress and totals, then follows local edits within seconds', async () => {
    await writeFile(join(local, 'a.txt'), 'alpha');
    await writeFile(join(local, 'big.bin'), Buffer.alloc(1_000_000, 3));
    // The pass that uploads is followed by one taking in the echoes; the totals checked are the first pass's.
    let firstPass = -1;
    runner.on('pass', () => { if (firstPass < 0) firstPass = progress.length; });
    await runner.start();
    expect(states.slice(0, 3)).toEqual(['scanning', 'syncing', 'idle']);
    expect(await remoteHash('big.bin')).toBe(quickXorHash(Buffer.alloc(1_000_000, 3)));
    const items = progress.filter((p) => p.type === 'item');
    expect(items.filter((p) => p.state === 'queued').map((p) => p.path).sort()).toEqual(['a.txt', 'big.bin']);
    expect(items.filter((p) => p.state === 'done').map((p) => p.path).sort()).toEqual(['a.txt', 'big.bin']);
    // GraphDrive's default chunk is 10 MiB, so the upload reports its bytes once, when the chunk is accepted.
    expect(items.some((p) => p.state === 'transferring' && p.path === 'big.bin' && p.bytes === 1_000_000)).toBe(true);
    const last = progress.slice(0, firstPass).filter((p): p is TotalsProgress => p.type === 'totals').at(-1)!;
    expect(last).toMatchObject({ items: 2, itemsDone: 2, itemsFailed: 0, bytes: 1_000_005, bytesDone: 1_000_005, etaSeconds: 0 });

    const t0 = Date.now();
    await writeFile(join(local, 'a.txt'), 'alpha, edited');
    await until(async () => (await remoteHash('a.txt')) === hashOf('alpha, edited'), 3_000, 'the local edit did not reach OneDrive in 3 s');
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('polls OneDrive on its interval and on syncNow, one pass at a time', async () => {
    runner = new PairRunner({ runtime: opened.runtime, localRoot: local, pollMs: 200, quietMs: 100 });
    runner.on('progress', (p) => progress.push(p));
    await runner.start();
    await change({ op: 'create', path: 'Sync/cloud.txt', content: 'from the cloud' });
    await until(async () => (await readFile(join(local, 'cloud.txt'), 'utf8').catch(() => '')) === 'from the cloud', 3_000, 'the poll never brought the file down');
    const down = progress.filter((p) => p.type === 'item' && p.path === 'cloud.txt');
    expect(down.map((p) => (p.type === 'item' ? `${p.action} ${p.state}` : ''))).toEqual(['download queued', 'download transferring', 'download done']);
    await runner.stop();

    runner = new PairRunner({ runtime: opened.runtime, localRoot: local, pollMs: 60_000 });
    runner.on('pass', () => passes++);
    await runner.start();
    passes = 0;
    // The first call starts a pass; the nine arriving while it runs become exactly one more, never nine.
    await Promise.all(Array.from({ length: 10 }, () => runner.syncNow()));
    expect(passes).toBe(2);
  });

  it('pause stops syncing until resume; a timed pause resumes by itself', async () => {
    await runner.start();
    runner.pause();
    expect(runner.state).toEqual({ state: 'paused', untilMs: null });
    await writeFile(join(local, 'held.txt'), 'wait for me');
    await new Promise((r) => setTimeout(r, 800));
    expect(await remoteHash('held.txt')).toBeUndefined();
    runner.resume();
    await until(async () => (await remoteHash('held.txt')) === hashOf('wait for me'), 3_000, 'resume did not sync');
    // The upload is followed by the pass taking in its echo; a pause shows once no pass runs.
    await runner.whenIdle();

    runner.pause(Date.now() + 500);
    expect(runner.state.state).toBe('paused');
    await writeFile(join(local, 'later.txt'), 'after the pause');
    await new Promise((r) => setTimeout(r, 300));
    expect(await remoteHash('later.txt')).toBeUndefined();
    await until(async () => (await remoteHash('later.txt')) === hashOf('after the pause'), 3_000, 'the timed pause never ended');
    expect(runner.paused).toBe(false);
  });

  it('holds a mass delete (state held) until approved', async () => {
    for (let i = 0; i < 12; i++) await writeFile(join(local, `f${i}.txt`), `file ${i}`);
    await runner.start();
    await change(...Array.from({ length: 12 }, (_, i) => ({ op: 'delete', path: `Sync/f${i}.txt` })));
    await runner.syncNow();
    expect(runner.state).toMatchObject({ state: 'held', deletes: 12 });
    expect(await readFile(join(local, 'f0.txt'), 'utf8')).toBe('file 0');
    await runner.approveHeld();
    expect(runner.state.state).toBe('idle');
    await expect(readFile(join(local, 'f0.txt'))).rejects.toThrow();
  });
});

describe('engine states from errors', () => {
  it('throttling, lost connection and a refused token each become a state the user can act on', () => {
    expect(stateOfError(new RemoteError('throttled', 'slow down', { retryAfterMs: 5_000 }), 1_000)).toMatchObject({ state: 'throttled', untilMs: 6_000 });
    expect(stateOfError(new RemoteError('network', 'no route'), 0)).toMatchObject({ state: 'offline', message: 'no route' });
    expect(stateOfError(new RemoteError('unauthenticated', 'token refused'), 0)).toMatchObject({ state: 'needs-sign-in' });
    expect(stateOfError(new Error('disk on fire'), 0)).toBeNull();
  });
});
