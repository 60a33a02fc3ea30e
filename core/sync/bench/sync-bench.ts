// Figures for the sync engine's local side on a large pair: `npx tsx core/sync/bench/sync-bench.ts [files]`.
// Prints, never asserts: the first scan, then a no-change pass piece by piece (wall and CPU time of each) and
// whole through syncOnce, against a drive whose delta reports nothing (no network). Exports run() for bench/run.ts.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncOnce } from '../engine/sync-once.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import type { JournalRow } from '../journal/index.js';
import { scanLocal } from '../local/index.js';
import { DEFAULT_IGNORE, IgnoreRules, defaultOptions, onedriveNameRules, reconcile } from '../reconcile/index.js';
import { observeRemote } from '../remote/observe.js';
import type { RemoteDrive } from '../remote/types.js';

/** Times one step: wall and CPU (user + system) milliseconds, and the resident memory after it. */
async function step<T>(what: string, work: () => T | Promise<T>, detail: (v: T) => string = () => ''): Promise<T> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const v = await work();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  console.log(`${what}: ${wall.toFixed(0)} ms (cpu ${((used.user + used.system) / 1000).toFixed(0)} ms)${detail(v) ? `, ${detail(v)}` : ''}; rss ${(process.memoryUsage.rss() / 1e6).toFixed(0)} MB`);
  return v;
}

/** OneDrive with nothing new since the stored token: what a no-change pass asks of it. */
function quietDrive(): RemoteDrive {
  const no = () => Promise.reject(new Error('the bench drive only answers delta'));
  return { driveId: 'D', rootId: 'ROOT', delta: () => Promise.resolve({ items: [], then: { kind: 'done', token: 'T' } }), upload: no, download: no, mkdir: no, move: no, delete: no, setMtime: no, listChildren: () => { throw new Error('the bench drive only answers delta'); } };
}

export async function run(total = Number(process.argv[2] ?? 100_000)): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'stratus-sync-bench-'));
  try {
    const root = join(base, 'pair');
    const perDir = 100;
    await step(`made ${total} files in ${total / perDir} folders`, async () => {
      for (let d = 0; d < total / perDir; d++) {
        await mkdir(join(root, `d${d}`), { recursive: true });
        await Promise.all(Array.from({ length: perDir }, (_, f) => writeFile(join(root, `d${d}`, `f${f}.txt`), `file ${d}/${f}`)));
      }
    });

    const fs = new NodeFs(root, new FreedesktopTrash(join(base, 'data')));
    const ignore = new IgnoreRules(DEFAULT_IGNORE);
    const first = await step('first scan (stat + QuickXorHash of every file)', () => scanLocal(fs, { ignore, followSymlinks: false, known: () => undefined }),
      (r) => `${r.entries.length} entries, ${r.hashed} hashed`);

    const journal = new Journal(join(base, 'journal.db'));
    journal.putPair({ pairId: 'p', driveId: 'D', remoteRootId: 'ROOT', localRoot: root });
    const dirIds = new Map(first.entries.filter((e) => e.kind === 'dir').map((e, i) => [e.path, `DIR${i}`]));
    const rowsIn: JournalRow[] = first.entries.map((e, i) => {
      const slash = e.path.lastIndexOf('/');
      return {
        path: e.path, driveId: 'D', itemId: e.kind === 'dir' ? dirIds.get(e.path)! : `I${i}`, parentId: slash < 0 ? 'ROOT' : dirIds.get(e.path.slice(0, slash))!,
        name: e.path.slice(slash + 1), kind: e.kind === 'dir' ? 'dir' : 'file', size: e.size, mtimeMs: Math.floor(e.mtimeMs / 1000) * 1000,
        quickXorHash: e.hash ?? null, eTag: `e${i}`, cTag: `c${i}`, localSize: e.size, localMtimeMs: e.mtimeMs, localIno: e.ino,
      };
    });
    await step(`journal: ${rowsIn.length} rows in one transaction`, () => journal.apply('p', rowsIn.map((row) => ({ op: 'put' as const, row }))));
    journal.apply('p', [{ op: 'token', token: 'T0' }]);
    rowsIn.length = 0;

    console.log('-- a no-change pass, piece by piece');
    const rows = await step('journal: read every row', () => [...journal.items('p')], (r) => `${r.length} rows`);
    const byPath = await step('journal: rows by path', () => new Map(rows.map((r) => [r.path, r])));
    const view = await step('observe remote (delta with nothing new)', () => observeRemote(quietDrive(), rows, 'T0', (n) => n), (v) => `${v.entries.length} entries`);
    const again = await step('no-change scan (stat only)', () => scanLocal(fs, { ignore, followSymlinks: false, known: (p) => byPath.get(p) }), (r) => `${r.hashed} hashed`);
    const opts = defaultOptions(onedriveNameRules, 'bench', Date.now(), { remoteRootPath: '/bench' });
    await step('reconcile', () => reconcile({ locals: again.entries, remotes: view.entries, rows, unsure: again.unsure }, opts), (p) => `${p.actions.length} actions`);

    await step('-- the same pass whole (syncOnce, no network)', () => syncOnce({
      pairId: 'p', fs, remote: quietDrive(), journal, options: opts, decode: (n) => n, transfers: 8, now: () => Date.now(),
    }), (r) => `${r.plan.actions.length} actions`);
    journal.close();
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
