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
  const rescans: [string, boolean][] = [];
  watcher = new LocalWatcher(dir, {
    ignore: new IgnoreRules(DEFAULT_IGNORE),
    followSymlinks: false,
    quietMs: 150,
    ...extra,
    onChanges: (p) => batches.push(p),
    onRescan: (r, lasting) => rescans.push([r, lasting]),
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

  it('collects a burst of changes into one batch, a new folder reported whole', async () => {
    const { batches } = start();
    await watcher!.whenReady();
    await mkdir(join(dir, 'new'));
    for (let i = 0; i < 5; i++) await writeFile(join(dir, 'new', `f${i}.txt`), String(i));
    await writeFile(join(dir, 'docs', 'report.txt'), 'v2');
    await until(() => batches.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(batches).toHaveLength(1);
    // The engine reads a reported folder with all it holds, so its files need not be named one by one.
    expect(batches[0]).toContain('new');
    expect(batches[0]).toContain('docs/report.txt');
  });

  it('reports writes, additions, removals and renames of files by path, in nested folders and in new ones', async () => {
    await mkdir(join(dir, 'docs', 'deep'));
    await writeFile(join(dir, 'docs', 'deep', 'a.txt'), 'a');
    const { batches } = start();
    await watcher!.whenReady();
    const next = async (change: () => Promise<void>) => {
      const seen = batches.length;
      await change();
      await until(() => batches.length > seen);
      return batches[seen];
    };
    expect(await next(() => writeFile(join(dir, 'docs', 'deep', 'a.txt'), 'a2'))).toEqual(['docs/deep/a.txt']);
    expect(await next(() => writeFile(join(dir, 'docs', 'deep', 'b.txt'), 'b'))).toEqual(['docs/deep/b.txt']);
    expect(await next(() => rm(join(dir, 'docs', 'report.txt')))).toEqual(['docs/report.txt']);
    expect(await next(() => rename(join(dir, 'docs', 'deep', 'b.txt'), join(dir, 'docs', 'c.txt')))).toEqual(['docs/c.txt', 'docs/deep/b.txt']);
    // A name that merely starts with two dots is the pair's, not a path out of it.
    expect(await next(() => writeFile(join(dir, '..notes.txt'), 'n'))).toEqual(['..notes.txt']);
    await next(() => mkdir(join(dir, 'later')));
    await new Promise((r) => setTimeout(r, 200)); // chokidar lists the new folder and starts watching it
    expect(await next(() => writeFile(join(dir, 'later', 'x.txt'), 'x'))).toEqual(['later/x.txt']);
  });

  it('watches folders, not files: one watch per folder however many files it holds', async () => {
    for (let i = 0; i < 60; i++) await writeFile(join(dir, 'docs', `f${i}.txt`), String(i));
    const watches = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    const before = watches();
    start();
    await watcher!.whenReady();
    expect(watches() - before).toBe(2); // the pair's folder and docs/
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

  it('asks for a full rescan when the watcher fails, and says what to do when a system limit is the cause', async () => {
    const { rescans } = start();
    await watcher!.whenReady();
    watcher!.fsw.emit('error', Object.assign(new Error('EACCES: permission denied, watch'), { code: 'EACCES' }));
    watcher!.fsw.emit('error', Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    watcher!.fsw.emit('error', Object.assign(new Error('EMFILE: too many open files, watch'), { code: 'EMFILE' }));
    expect(rescans.map((r) => r[1])).toEqual([false, true, true]);
    expect(rescans[0]![0]).toMatch(/scanning everything/);
    expect(rescans[1]![0]).toMatch(/scanning it each time.*fs\.inotify\.max_user_watches/);
    expect(rescans[2]![0]).toMatch(/ran out of open files/);
  });
});
