// The sync engine against the emulator at 30 ms per request, beside rclone in the same run. Prints figures,
// never judges them. `STRATUS_BENCH_SCALE=0.1 npm run bench sync` runs everything at a tenth of the size;
// `STRATUS_BENCH_ONLY=big` runs only the big pair (first sync, no-change sync, idle CPU), without rclone;
// `STRATUS_BENCH_ONLY=first` only the first syncs up and down, beside rclone.
// `npm run bench sync-watch` runs only the first sync up and the watch-mode edits, without rclone.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRANSFERS, checkPass, compiledChild, openPair, passInChild, seedRemote, startEmulatorProcess, withPeakRss } from './sync-env.js';
import type { IdleFigures } from './sync-idle-child.js';
import type { BenchPair, EmulatorProcess } from './sync-env.js';
import { startRclone } from './sync-rclone.js';
import { watchEdit } from './sync-watch.js';
import { remoteTree, smallRemote, treeBytes, writeLocalTree, writeSmallLocal } from './sync-tree.js';

const LATENCY_MS = 30;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

export async function run(): Promise<void> {
  const scale = Number(process.env.STRATUS_BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`STRATUS_BENCH_SCALE must be a positive number, not "${process.env.STRATUS_BENCH_SCALE}"`);
  const files = Math.max(100, Math.round(10_000 * scale));
  const items = Math.max(1_000, Math.round(100_000 * scale));
  const idleSeconds = Number(process.env.STRATUS_BENCH_IDLE_S ?? Math.max(5, Math.round(60 * Math.min(scale, 1))));
  const only = process.env.STRATUS_BENCH_ONLY;
  if (only !== undefined && only !== 'big' && only !== 'first') throw new Error(`STRATUS_BENCH_ONLY takes big or first, not "${only}"`);
  const onlyBig = only === 'big';
  console.log(`sizes: ${files} files (1-64 KB, ${mb(treeBytes(files))}) each way; a ${items}-item pair; idle CPU over ${idleSeconds} s; ` +
    `emulator latency ${LATENCY_MS} ms; ours: ${TRANSFERS} transfers, default pacer; rclone: its defaults`);

  const base = await mkdtemp(join(tmpdir(), 'stratus-bench-sync-'));
  const e = await startEmulatorProcess(LATENCY_MS);
  const pairs: BenchPair[] = [];
  try {
    if (!onlyBig) {
      const rclone = await startRclone(e, join(base));
      try {
        await firstSyncs(e, base, files, pairs, rclone);
      } finally {
        await rclone.close();
      }
      if (only === 'first') return;
      // Watch mode through the product's PairRunner on the pair just uploaded (bench/sync-watch.ts).
      await watchEdit(e, pairs[0]!, 'up', 'ours-up');
    }
    await bigPair(e, base, items, idleSeconds);
  } finally {
    for (const p of pairs) p.close();
    await e.close();
    await rm(base, { recursive: true, force: true });
  }
}

async function firstSyncs(e: EmulatorProcess, base: string, files: number, pairs: BenchPair[], rclone: Awaited<ReturnType<typeof startRclone>>): Promise<void> {
  // Up: one tree on disk; our pair uploads it to /ours-up, rclone copies the same folder to /rclone-up.
  const up = await openPair(e, base, 'up', 'ours-up');
  pairs.push(up);
  await writeLocalTree(up.root, files);
  let t = performance.now();
  const upRun = await withPeakRss(() => up.pass());
  const oursUp = performance.now() - t;
  checkPass('first sync up', upRun.value);
  const rcloneUp = await rclone.copy(up.root, 'emu:rclone-up');
  line('first sync up', files, oursUp, rcloneUp, upRun.peakMB, upRun.value.report?.done ?? 0);

  // Down: the tree seeded once remotely; our pair downloads it into an empty folder, rclone into another.
  for (let i = 0; i < files; i += 250) await seedRemote(e, remoteTree('down', i, Math.min(files, i + 250)));
  const down = await openPair(e, base, 'down', 'down');
  pairs.push(down);
  t = performance.now();
  const downRun = await withPeakRss(() => down.pass());
  const oursDown = performance.now() - t;
  checkPass('first sync down', downRun.value);
  const rcloneDown = await rclone.copy('emu:down', join(base, 'rclone-down'));
  line('first sync down', files, oursDown, rcloneDown, downRun.peakMB, downRun.value.report?.done ?? 0);
}

function line(what: string, files: number, ours: number, theirs: number, peakMB: number, done: number): void {
  console.log(`${what}, ${files} files: ours ${s(ours)} (${done} actions, peak RSS ${peakMB.toFixed(0)} MB), ` +
    `rclone copy ${s(theirs)}, ours/rclone = ${(ours / theirs).toFixed(2)} (goal <= 0.5)`);
}

async function bigPair(e: EmulatorProcess, base: string, items: number, idleSeconds: number): Promise<void> {
  // Both sides hold the same tiny files, so the first sync fetches the whole remote listing, hashes every local
  // file and records every row without moving bytes: the largest first sync that fits in a run. Each pass runs
  // in a process of its own, as `stratus sync --once` would: its peak memory is the pass's alone.
  const t = performance.now();
  for (let i = 0; i < items; i += 5000) await seedRemote(e, smallRemote('big', i, Math.min(items, i + 5000)));
  const root = join(base, 'big');
  await writeSmallLocal(root, items);
  console.log(`${items}-item pair: seeded remotely and written locally in ${s(performance.now() - t)}`);

  const prof = (what: string) => (process.env.STRATUS_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.STRATUS_BENCH_PROF, '--cpu-prof-name', `big-${what}.cpuprofile`] : []);
  // Peak memory varies from run to run with when V8 collects: STRATUS_BENCH_BIG_RUNS=N runs the first sync N times
  // on the same trees, each from an empty journal, and prints every run and the range.
  const runs = Math.max(1, Number(process.env.STRATUS_BENCH_BIG_RUNS ?? 1) || 1);
  const peaks: number[] = [];
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    if (run > 1) for (const f of ['big.db', 'big.db-wal', 'big.db-shm']) await rm(join(base, f), { force: true });
    const first = await passInChild(e, base, 'big', 'big', prof(`first-${run}`));
    peaks.push(first.peakRssMB);
    times.push(first.ms);
    console.log(`${items}-item first sync${runs > 1 ? ` (run ${run} of ${runs})` : ''} (both sides already equal: listing, hashing, recording): ${s(first.ms)}, ` +
      `peak RSS ${first.peakRssMB.toFixed(0)} MB in a process of its own (goal < 250 MB), ${first.done} actions, ${first.graphRequests.length} Graph requests`);
  }
  if (runs > 1) {
    console.log(`${items}-item first sync over ${runs} runs: peak RSS ${Math.min(...peaks).toFixed(0)}-${Math.max(...peaks).toFixed(0)} MB ` +
      `(${peaks.map((p) => p.toFixed(0)).join(', ')}), time ${s(Math.min(...times))}-${s(Math.max(...times))}`);
  }

  const again = await passInChild(e, base, 'big', 'big', prof('again'));
  console.log(`${items}-item no-change sync: ${s(again.ms)} (goal < 2 s), ${again.graphRequests.length} Graph requests (goal <= 2): ` +
    `${again.graphRequests.join(', ')}; ${again.actions} actions; peak RSS ${again.peakRssMB.toFixed(0)} MB`);

  // STRATUS_BENCH_IDLE_S=0 leaves the idle probe out (its watcher takes ~10 s to start on this pair).
  if (idleSeconds > 0) await idleCpu(root, items, idleSeconds);
}

/**
 * CPU of a process that only watches the pair's folder (bench/sync-idle-child.ts, compiled), in 5 s windows from the
 * moment the watcher is ready: the mean over the whole span, and the median window, which leaves out the window
 * where V8 collects what the watcher's start left behind (the start lists every folder and stats every entry once).
 */
async function idleCpu(root: string, items: number, seconds: number): Promise<void> {
  const script = await compiledChild('sync-idle-child');
  const child = spawn(process.execPath, [script, JSON.stringify({ root, seconds })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`the idle probe exited with code ${code}: ${out.slice(-500)}`);
  const f = JSON.parse(last) as IdleFigures;
  const median = [...f.windows].sort((a, b) => a - b)[Math.floor(f.windows.length / 2)]!;
  for (const r of f.rescans) console.log(`idle: rescan asked: ${r}`);
  console.log(`idle CPU watching ${items} files over ${seconds} s from the moment the watcher was ready (own process): mean ${f.meanPct.toFixed(2)}%, ` +
    `median 5 s window ${median.toFixed(2)}%, busiest window ${Math.max(...f.windows).toFixed(1)}% of one core (goal < 1%); ` +
    `watcher ready after ${s(f.readyMs)}, RSS ${f.rssReadyMB.toFixed(0)} MB then, ${f.rssEndMB.toFixed(0)} MB at the end`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
