// The idle-CPU probe in a process of its own, so its figures are the watcher's and not the bench's history (the
// bench process has just built and synced a 100,000-item tree). Spawned by bench/sync.ts idleCpu(); prints one
// JSON line. Argument: JSON { root, seconds }.
import { LocalWatcher } from '../core/sync/local/watch.js';
import { DEFAULT_IGNORE, IgnoreRules } from '../core/sync/reconcile/filters.js';

export interface IdleFigures {
  readyMs: number;
  rssReadyMB: number;
  rssEndMB: number;
  /** CPU % of one core in each 5 s window after the watcher was ready. */
  windows: number[];
  meanPct: number;
  rescans: string[];
}

const { root, seconds } = JSON.parse(process.argv[2] ?? '{}') as { root: string; seconds: number };
const rescans: string[] = [];
const t = performance.now();
const watcher = new LocalWatcher(root, { ignore: new IgnoreRules(DEFAULT_IGNORE), followSymlinks: false, onChanges: () => {}, onRescan: (r) => rescans.push(r) });
await watcher.whenReady();
const readyMs = performance.now() - t;
const rssReadyMB = process.memoryUsage.rss() / 1e6;
const windows: number[] = [];
let busyMs = 0;
const w0 = performance.now();
for (let i = 0; i < Math.max(1, Math.round(seconds / 5)); i++) {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await new Promise((r) => setTimeout(r, 5000));
  const used = process.cpuUsage(cpu0);
  busyMs += (used.user + used.system) / 1000;
  windows.push(((used.user + used.system) / 1000 / (performance.now() - start)) * 100);
}
const meanPct = (busyMs / (performance.now() - w0)) * 100;
await watcher.close();
const figures: IdleFigures = { readyMs, rssReadyMB, rssEndMB: process.memoryUsage.rss() / 1e6, windows, meanPct, rescans };
console.log(JSON.stringify(figures));
