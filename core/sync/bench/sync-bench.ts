// Figures for the sync engine's local side on a large pair: `npx tsx core/sync/bench/sync-bench.ts [files]`.
// Prints, never asserts. Exports run() so bench/run.ts can list it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import type { JournalRow } from '../journal/index.js';
import { scanLocal } from '../local/index.js';
import { DEFAULT_IGNORE, IgnoreRules, defaultOptions, onedriveNameRules, reconcile } from '../reconcile/index.js';
import type { RemoteEntry } from '../reconcile/index.js';

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

export async function run(total = Number(process.argv[2] ?? 100_000)): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'stratus-sync-bench-'));
  try {
    const root = join(base, 'pair');
    const perDir = 100;
    let t = performance.now();
    for (let d = 0; d < total / perDir; d++) {
      await mkdir(join(root, `d${d}`), { recursive: true });
      await Promise.all(Array.from({ length: perDir }, (_, f) => writeFile(join(root, `d${d}`, `f${f}.txt`), `file ${d}/${f}`)));
    }
    console.log(`made ${total} files in ${total / perDir} folders: ${ms(t)}`);

    const fs = new NodeFs(root, new FreedesktopTrash(join(base, 'data')));
    const ignore = new IgnoreRules(DEFAULT_IGNORE);
    t = performance.now();
    const first = await scanLocal(fs, { ignore, followSymlinks: false, known: () => undefined });
    console.log(`first scan (stat + QuickXorHash of every file): ${ms(t)}, ${first.entries.length} entries, ${first.hashed} hashed`);

    const journal = new Journal(join(base, 'journal.db'));
    journal.putPair({ pairId: 'p', driveId: 'D', remoteRootId: 'ROOT', localRoot: root });
    const rows: JournalRow[] = first.entries.map((e, i) => ({
      path: e.path, driveId: 'D', itemId: `I${i}`, parentId: null, name: e.path.slice(e.path.lastIndexOf('/') + 1),
      kind: e.kind === 'dir' ? 'dir' : 'file', size: e.size, mtimeMs: Math.floor(e.mtimeMs / 1000) * 1000, quickXorHash: e.hash ?? null,
      eTag: `e${i}`, cTag: `c${i}`, localSize: e.size, localMtimeMs: e.mtimeMs, localIno: e.ino,
    }));
    t = performance.now();
    journal.apply('p', rows.map((row) => ({ op: 'put' as const, row })));
    console.log(`journal: ${rows.length} rows in one transaction: ${ms(t)}`);
    t = performance.now();
    const back = [...journal.items('p')];
    const byPath = new Map(back.map((r) => [r.path, r]));
    console.log(`journal: read back ${back.length} rows: ${ms(t)}`);

    t = performance.now();
    const again = await scanLocal(fs, { ignore, followSymlinks: false, known: (p) => byPath.get(p) });
    console.log(`no-change scan (stat only): ${ms(t)}, ${again.hashed} hashed`);

    const remotes: RemoteEntry[] = back.map((r) => ({
      path: r.path, id: r.itemId, parentId: r.parentId, name: r.name, kind: r.kind, size: r.size, mtimeMs: r.mtimeMs,
      ...(r.quickXorHash ? { hash: r.quickXorHash } : {}), eTag: r.eTag!, ...(r.cTag ? { cTag: r.cTag } : {}),
    }));
    t = performance.now();
    const plan = reconcile({ locals: again.entries, remotes, rows: back }, defaultOptions(onedriveNameRules, 'bench', Date.now()));
    console.log(`no-change reconcile of ${back.length} items: ${ms(t)}, ${plan.actions.length} actions`);
    console.log(`resident memory now: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    journal.close();
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
