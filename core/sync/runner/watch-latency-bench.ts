// Prints how long a local edit takes to reach OneDrive in watch mode (the emulator at 30 ms per request).
// Run: npx tsx core/sync/runner/watch-latency-bench.ts [runs]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quickXorHash } from '../../hash/index.js';
import { openRig } from '../../onedrive/test/setup.js';
import { FreedesktopTrash } from '../fs/freedesktop-trash.js';
import { NodeFs } from '../fs/node-fs.js';
import { openPair } from './open.js';
import { PairRunner } from './pair-runner.js';

const runs = Number(process.argv[2] ?? 10);
const rig = await openRig('personal');
try {
  await fetch(`${rig.e.adminUrl}/pace`, { method: 'PUT', body: JSON.stringify({ latencyMs: 30 }) });
  const local = join(rig.tmp, 'pair');
  await mkdir(local);
  await rig.drive.mkdir('Sync');
  const opened = await openPair(join(rig.tmp, 'home'), { id: 'b', local, remote: 'Sync', driveId: '', mode: 'two-way', ignore: [], selection: [] }, rig.drive);
  opened.runtime.fs = new NodeFs(local, new FreedesktopTrash(join(rig.tmp, 'data')));
  // The watcher's defaults, as `stratus sync --watch` uses them.
  const runner = new PairRunner({ runtime: opened.runtime, localRoot: local });
  await runner.start();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const text = `edit ${i} ${Date.now()}`;
    const want = quickXorHash(Buffer.from(text));
    const t0 = performance.now();
    await writeFile(join(local, 'doc.txt'), text);
    while ((await rig.drive.find('Sync/doc.txt'))?.file?.hashes?.quickXorHash !== want) await new Promise((r) => setTimeout(r, 10));
    times.push(performance.now() - t0);
    // Let the pass that uploaded it and the one taking in its echo finish before the next edit.
    await runner.whenIdle();
  }
  await runner.stop();
  opened.close();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
  console.log(`watch mode, local edit -> on OneDrive (30 ms/request, ${runs} runs): median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms (goal < 3000 ms)`);
} finally {
  await rig.close();
}
