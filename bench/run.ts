// `npm run bench [name...]`: runs each benchmark and prints its figures. Benchmarks print numbers side by side
// (ours beside a reference measured in the same run); they never pass or fail on time.
const benches: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  hash: () => import('./hash.js'),
  emulator: () => import('./emulator.js'),
  sync: () => import('./sync.js'),
  // Only the watch-mode edit of the sync bench (after the same first sync up), without rclone.
  'sync-watch': () => import('./sync-watch.js'),
  // A 20 MB file up and down by copy and sync, with --bwlimit 4M:8M and without: time and rate beside the limit.
  bwlimit: () => import('./bwlimit.js'),
  // The sync engine's local side on a 100,000-file pair: scan, no-change scan, reconcile, journal.
  'sync-local': async () => {
    const bench = await import('../core/sync/bench/sync-bench.js');
    return { run: () => bench.run(100_000) };
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in benches));
if (unknown.length) {
  console.error(`bench: no benchmark named ${unknown.join(', ')}; there are: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  console.log(`\n== ${name} ==`);
  const mod = await benches[name]!();
  await mod.run();
}
