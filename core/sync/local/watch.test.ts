import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IGNORE, IgnoreRules } from '../reconcile/filters.js';
import { LocalWatcher } from './watch.js';

let dir: string;
let watcher: LocalWatcher | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-watch-'));
  await mkdir(join(dir, 'docs'));
  await writeFile(join(dir, 'docs', 'report.txt'), 'v1');
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

function start(extra: { quietMs?: number; maxWaitMs?: number } = {}) {
  const batches: string[][] = [];
  const rescans: string[] = [];
  watcher = new LocalWatcher(dir, {
    ignore: new IgnoreRules(DEFAULT_IGNORE),
    followSymlinks: false,
    quietMs: 150,
    ...extra,
    onChanges: (p) => batches.push(p),
    onRescan: (r) => rescans.push(r),
  });
  return { batches, rescans };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LocalWatcher', () => {
  it('reports an editor save-by-rename as one change of the file, with its temp file ignored', async () => {
    const { batches } = start();
    await watcher!.whenReady();
    await writeFile(join(dir, 'docs', 'report.txt.tmp'), 'v2');
    await rename(join(dir, 'docs', 'report.txt.tmp'), join(dir, 'docs', 'report.txt'));
    await until(() => batches.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(batches).toEqual([['docs/report.txt']]);
  });

  it('collects a burst of changes into one batch', async () => {
    const { batches } = start();
    await watcher!.whenReady();
    await mkdir(join(dir, 'new'));
    for (let i = 0; i < 5; i++) await writeFile(join(dir, 'new', `f${i}.txt`), String(i));
    await until(() => batches.flat().length >= 6);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(['new', 'new/f0.txt', 'new/f1.txt', 'new/f2.txt', 'new/f3.txt', 'new/f4.txt']);
  });

  it('does not hold changes forever while a folder keeps changing', async () => {
    const { batches } = start({ quietMs: 200, maxWaitMs: 400 });
    await watcher!.whenReady();
    const end = Date.now() + 900;
    for (let i = 0; Date.now() < end; i++) {
      await writeFile(join(dir, 'busy.log'), String(i));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(batches.length).toBeGreaterThanOrEqual(1);
  });

  it('asks for a full rescan when the watcher fails', async () => {
    const { rescans } = start();
    await watcher!.whenReady();
    watcher!.fsw.emit('error', Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    expect(rescans).toHaveLength(1);
    expect(rescans[0]).toMatch(/scanning everything/);
  });
});
