// Watch mode trusts the watcher: passes read only what it reported, and fall back to a full scan when unsure.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { openRig } from '../../onedrive/test/setup.js';
import type { Rig } from '../../onedrive/test/setup.js';
import { FreedesktopTrash } from '../fs/freedesktop-trash.js';
import { NodeFs } from '../fs/node-fs.js';
import type { LocalFs } from '../fs/types.js';
import type { LocalWatcher } from '../local/watch.js';
import type { RemoteDrive } from '../remote/types.js';
import { openPair } from './open.js';
import type { OpenedPair } from './open.js';
import { PairRunner } from './pair-runner.js';
import type { RunnerOptions } from './pair-runner.js';

let rig: Rig;
let local: string;
let opened: OpenedPair;
let runner: PairRunner | undefined;
let calls: Record<string, number>;
let passes: number;

/** Counts every call made to `inner`: how a test tells whether a pass walked the folder. */
function counting<T extends object>(inner: T): T {
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
  rig = await openRig('personal');
  local = join(rig.tmp, 'pair');
  await mkdir(local);
  await rig.drive.mkdir('Sync');
  opened = await openPair(join(rig.tmp, 'home'), { id: 'w', local, remote: 'Sync', driveId: '', mode: 'two-way', ignore: [], selection: [] }, rig.drive);
  opened.runtime.fs = counting<LocalFs>(new NodeFs(local, new FreedesktopTrash(join(rig.tmp, 'data'))));
  calls = {};
  passes = 0;
  for (let i = 0; i < 20; i++) await writeFile(join(local, `f${i}.txt`), `file ${i}`);
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  opened.close();
  await rig.close();
});

function start(over: Partial<RunnerOptions> = {}): Promise<void> {
  runner = new PairRunner({ runtime: opened.runtime, localRoot: local, pollMs: 60_000, quietMs: 80, maxWaitMs: 400, ...over });
  runner.on('pass', () => passes++);
  return runner.start();
}

/** A full scan lists folders with their stats in one call, or lists them and lstats every one of the 20 files. */
const scannedAll = () => (calls.readdirStats ?? 0) > 0 || (calls.lstat ?? 0) >= 20;
const graphRequests = async () =>
  ((await (await fetch(`${rig.e.adminUrl}/requests?since=0`)).json()) as { value: Array<{ seq: number; path: string }> }).value
    .filter((r) => r.path.startsWith('/v1.0/'));
const remoteHash = async (path: string) => (await rig.drive.find(`Sync/${path}`))?.file?.hashes?.quickXorHash;
const hashOf = (text: string) => quickXorHash(Buffer.from(text));

async function until(check: () => boolean | Promise<boolean>, ms: number, why: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(why);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('watch mode', () => {
  it('takes in the echoes of its uploads at once; then a pass with nothing changed reads no disk and makes one request', async () => {
    await start();
    // The uploading pass and the one that took in its echoes.
    expect(passes).toBe(2);
    const token = opened.journal.pair('w')!.deltaToken!;
    const page = await opened.runtime.remote.delta({ kind: 'token', token });
    expect(page.items.filter((i) => i.kind !== 'root' && i.id !== opened.runtime.remote.rootId)).toEqual([]);

    calls = {};
    const before = (await graphRequests()).length;
    await runner!.syncNow();
    expect(calls).toEqual({});
    expect((await graphRequests()).length - before).toBeLessThanOrEqual(1);
  });

  it('an edit is read alone; a watcher error makes the next pass scan everything', async () => {
    await start();
    calls = {};
    await writeFile(join(local, 'f3.txt'), 'file 3, edited');
    await until(async () => (await remoteHash('f3.txt')) === hashOf('file 3, edited'), 3_000, 'the edit did not reach OneDrive');
    await runner!.syncNow();
    expect(scannedAll()).toBe(false);
    expect(calls.lstat ?? 0).toBeLessThan(5);

    calls = {};
    const seen = passes;
    (runner as unknown as { watcher: LocalWatcher }).watcher.fsw.emit('error', new Error('inotify watch limit reached'));
    await until(() => passes > seen, 3_000, 'the watcher error did not start a pass');
    await runner!.syncNow();
    expect(scannedAll()).toBe(true);
  });

  it('a watcher that ran out of watches is not trusted again: every pass scans, and the pair says why', async () => {
    await start();
    const states: string[] = [];
    runner!.on('state', (st) => { if (st.state === 'idle' && st.message) states.push(st.message); });
    const watcher = (runner as unknown as { watcher: LocalWatcher }).watcher;
    const seen = passes;
    watcher.fsw.emit('error', Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    // The watches are gone (as when the kernel refuses new ones): only a scan can find the next edit.
    await watcher.fsw.close();
    await until(() => passes > seen, 3_000, 'the watcher error did not start a pass');
    await runner!.whenIdle();
    await writeFile(join(local, 'unwatched.txt'), 'made with no watcher');
    calls = {};
    await runner!.syncNow();
    expect(scannedAll()).toBe(true);
    expect(await remoteHash('unwatched.txt')).toBe(hashOf('made with no watcher'));
    expect(runner!.state).toMatchObject({ state: 'idle', message: expect.stringMatching(/max_user_watches/) as unknown });
    expect(states.length).toBeGreaterThan(0);
  });

  it('the safety interval scans everything even when the watcher reported nothing', async () => {
    await start({ fullScanMs: 0 });
    calls = {};
    await runner!.syncNow();
    expect(scannedAll()).toBe(true);
  });

  it('changes made while a pass runs are read by the next pass, not lost', async () => {
    let gate: Promise<void> | null = null;
    let open!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const remote = opened.runtime.remote;
    opened.runtime.remote = new Proxy(remote, {
      get(target, prop, receiver) {
        if (prop !== 'delta') return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<RemoteDrive['delta']>) => {
          if (gate) {
            held();
            await gate;
          }
          return target.delta(...args);
        };
      },
    });
    await start();
    gate = new Promise<void>((r) => (open = r));
    await writeFile(join(local, 'f1.txt'), 'first save');
    await holding;
    // The pass for the first save is stuck at OneDrive; meanwhile the file is saved again and another is made.
    await writeFile(join(local, 'f1.txt'), 'second save');
    await writeFile(join(local, 'late.txt'), 'made during the pass');
    await new Promise((r) => setTimeout(r, 300));
    gate = null;
    open();
    await until(async () => (await remoteHash('late.txt')) === hashOf('made during the pass'), 3_000, 'a file made during a pass was lost');
    await until(async () => (await remoteHash('f1.txt')) === hashOf('second save'), 3_000, 'a save during a pass was lost');
  });

  it('a pass that starts while a save still waits out the debounce sees the save (a sync-now, a resume, a poll)', async () => {
    // A debounce far longer than the test: only the pass itself can hand the save over.
    await start({ quietMs: 60_000, maxWaitMs: 60_000 });
    const watcher = (runner as unknown as { watcher: LocalWatcher }).watcher;
    const noticed = new Promise<void>((r) => watcher.fsw.once('raw', () => r()));
    await writeFile(join(local, 'f5.txt'), 'saved just now');
    await noticed;
    await runner!.syncNow();
    expect(await remoteHash('f5.txt')).toBe(hashOf('saved just now'));
  });

  it('a file saved after the plan was made is looked at again at once, with no backoff and no failure', async () => {
    await start();
    let saved = false;
    // OneDrive's side changes, so the plan downloads f2.txt; the user saves it between the plan and the download.
    await fetch(`${rig.e.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'edit', path: 'Sync/f2.txt', content: 'theirs' }) });
    const failures: string[] = [];
    runner!.on('progress', (e) => { if (e.type === 'item' && e.state === 'failed') failures.push(e.path); });
    const fs = opened.runtime.fs;
    opened.runtime.fs = new Proxy(fs, {
      get(target, prop, receiver) {
        if (prop !== 'writeFile' || saved) return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<LocalFs['writeFile']>) => {
          saved = true;
          await writeFile(join(local, 'f2.txt'), 'mine, saved during the download');
          return target.writeFile(...args);
        };
      },
    });
    await runner!.syncNow();
    expect(saved).toBe(true);
    expect(failures).toEqual([]);
    expect(opened.journal.failure('w', 'f2.txt')).toBeFalsy();
    // Both versions kept: OneDrive's under the name, this computer's beside it as a conflict copy.
    await until(() => opened.journal.openConflicts('w').length === 1, 3_000, 'the changed file was not looked at again at once');
    expect(await remoteHash('f2.txt')).toBe(hashOf('theirs'));
  });
});
