// Watch mode in the sync benchmark: local saves reaching OneDrive through the product's own PairRunner (its
// watcher, its debounce, its passes), on the pair the first sync up just filled. `npm run bench sync-watch` runs
// only this part: the same first sync up (no rclone), then the edits, at STRATUS_BENCH_SCALE (1: 10,000 files);
// STRATUS_WATCH_ITEMS=100000 instead seeds that many tiny files on both sides (no uploads, so no echoes).
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onedriveEncoder } from '../core/names/encoder.js';
import { FreedesktopTrash, GraphDrive, NodeFs, defaultOptions, onedriveNameRules } from '../core/sync/index.js';
import { PairRunner } from '../core/sync/runner/pair-runner.js';
import type { ProgressEvent } from '../core/sync/runner/progress.js';
import { TRANSFERS, checkPass, openPair, seedRemote, startEmulatorProcess } from './sync-env.js';
import type { BenchPair, EmulatorProcess } from './sync-env.js';
import { pathOf, smallRemote, writeLocalTree, writeSmallLocal } from './sync-tree.js';

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Starts a PairRunner on `pair` as `stratus sync --watch` would (default debounce and poll), then saves one file
 * `edits` times, each time from the write until the runner reports the upload done and the server holds it.
 */
export async function watchEdit(e: EmulatorProcess, pair: BenchPair, pairId: string, remoteFolder: string, edits = 5): Promise<void> {
  const folder = await pair.drive.find(remoteFolder);
  if (!folder) throw new Error(`watch edit: the OneDrive folder ${remoteFolder} is missing`);
  const runner = new PairRunner({
    localRoot: pair.root,
    runtime: {
      pairId, journal: pair.journal, transfers: TRANSFERS, now: () => Date.now(),
      fs: new NodeFs(pair.root, new FreedesktopTrash(join(dirname(pair.root), `${pairId}-trash`))),
      remote: new GraphDrive(pair.drive.ctx, folder.id),
      options: defaultOptions(onedriveNameRules, 'bench', Date.now(), { remoteRootPath: `/${remoteFolder}` }),
      decode: (n) => onedriveEncoder.decode(n),
    },
  });
  const target = pathOf(7);
  let uploaded: (() => void) | null = null;
  runner.on('progress', (p: ProgressEvent) => {
    if (p.type === 'item' && p.path === target && p.action === 'upload' && p.state === 'done') uploaded?.();
  });
  const problems: string[] = [];
  runner.on('pass', (r) => {
    try {
      checkPass('watch-mode pass', r);
    } catch (err) {
      problems.push((err as Error).message);
    }
  });
  runner.on('error', (err) => console.log(`watch edit: a pass failed: ${err.message}`));
  const items = [...pair.journal.items(pairId)].length;
  try {
    let seq = await e.lastSeq();
    let t = performance.now();
    await runner.start();
    const startReqs = (await e.requestsSince(seq)).length;
    console.log(`watch mode start on the ${items}-item pair (watcher ready, full scan, delta since the first sync: after uploads, their echoes): ` +
      `${s(performance.now() - t)}, ${startReqs} Graph requests`);
    const times: number[] = [];
    const reqs: number[] = [];
    // STRATUS_WATCH_PROF=FILE writes a CPU profile of the edits (chrome://inspect or speedscope reads it).
    const prof = process.env.STRATUS_WATCH_PROF ? await startProfile() : null;
    for (let i = 0; i < edits; i++) {
      const text = `edited at ${new Date().toISOString()} (${i})\n`;
      const done = new Promise<void>((r) => (uploaded = r));
      seq = await e.lastSeq();
      t = performance.now();
      await writeFile(join(pair.root, target), text);
      await done;
      times.push(performance.now() - t);
      // The pass that takes in this upload's echo runs right after; let it finish before the next save.
      await runner.whenIdle();
      reqs.push((await e.requestsSince(seq)).length);
      const remote = await pair.drive.get(`${remoteFolder}/${target}`);
      if (remote.size !== Buffer.byteLength(text)) throw new Error('watch edit: the upload was reported done but the server does not hold the edit');
    }
    if (prof) writeFileSync(process.env.STRATUS_WATCH_PROF!, JSON.stringify(await prof()));
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`watch mode, one local edit in a ${items}-item pair reaching the server (PairRunner, 300 ms debounce included): ` +
      `first ${s(times[0]!)}, median ${s(sorted[Math.floor(sorted.length / 2)]!)}, max ${s(sorted.at(-1)!)} over ${edits} edits ` +
      `(goal < 3 s); Graph requests per edit incl. the pass taking in its echo: ${reqs.join(', ')}`);
    // A poll or "sync now" with nothing changed anywhere: what the runner costs while the user does nothing.
    const idle: number[] = [];
    seq = await e.lastSeq();
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await runner.syncNow();
      idle.push(performance.now() - t);
    }
    const idleReqs = (await e.requestsSince(seq)).length / idle.length;
    idle.sort((a, b) => a - b);
    console.log(`watch mode, a pass with nothing changed in the ${items}-item pair: median ${(idle[2]!).toFixed(0)} ms, ${idleReqs} Graph requests each`);
    if (problems.length > 0) throw new Error(`watch edit: ${problems.length} passes did not finish their work, e.g. ${problems[0]}`);
  } finally {
    await runner.stop();
  }
}

async function startProfile(): Promise<() => Promise<unknown>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

export async function run(): Promise<void> {
  const scale = Number(process.env.STRATUS_BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`STRATUS_BENCH_SCALE must be a positive number, not "${process.env.STRATUS_BENCH_SCALE}"`);
  const files = Math.max(100, Math.round(10_000 * scale));
  // A larger pair without hours of uploads: the same tiny files seeded on both sides and recorded by one pass.
  const seeded = Number(process.env.STRATUS_WATCH_ITEMS ?? 0);
  const base = await mkdtemp(join(tmpdir(), 'stratus-bench-watch-'));
  const e = await startEmulatorProcess(30);
  let pair: BenchPair | undefined;
  try {
    pair = await openPair(e, base, 'up', 'ours-up');
    const t = performance.now();
    if (seeded > 0) {
      for (let i = 0; i < seeded; i += 5000) await seedRemote(e, smallRemote('ours-up', i, Math.min(seeded, i + 5000)));
      await writeSmallLocal(pair.root, seeded);
      checkPass('first sync of the seeded pair', await pair.pass());
      console.log(`${seeded} items seeded on both sides and recorded: ${s(performance.now() - t)}`);
    } else {
      await writeLocalTree(pair.root, files);
      checkPass('first sync up', await pair.pass());
      console.log(`first sync up of ${files} files (emulator at 30 ms): ${s(performance.now() - t)}`);
    }
    await watchEdit(e, pair, 'up', 'ours-up');
  } finally {
    pair?.close();
    await e.close();
    await rm(base, { recursive: true, force: true });
  }
}
