// `npm run bench bwlimit`: a 20 MB file up and down through the command line (copy, and sync --once of a pair)
// against the emulator in its own process at 30 ms per request, with --bwlimit 4M:8M and without. Prints the
// time and the rate each got beside the limit, then how smooth the limited rate is (bytes per 0.5 s window).
// Figures only; never judges.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as stratusRun } from '../core/cli/main.js';
import { AccountBandwidth, parseBwLimit } from '../core/graph/bandwidth.js';
import { GraphClient } from '../core/graph/client.js';
import { startEmulatorProcess } from './sync-env.js';

const BYTES = 20_000_000;
const MiB = 1024 * 1024;
const LIMIT = '4M:8M';

export async function run(): Promise<void> {
  const e = await startEmulatorProcess(30);
  const tmp = await mkdtemp(join(tmpdir(), 'stratus-bwlimit-'));
  const env = { ...process.env, STRATUS_HOME: join(tmp, 'home'), STRATUS_TOKEN: e.token, XDG_DATA_HOME: join(tmp, 'data') };
  const errors: string[] = [];
  const stratus = async (...args: string[]): Promise<number> => {
    const started = performance.now();
    const code = await stratusRun(args, env, () => undefined, (l) => errors.push(l));
    if (code !== 0) throw new Error(`stratus ${args.join(' ')} exited ${code}: ${errors.join(' ')}`);
    return (performance.now() - started) / 1000;
  };
  const line = (what: string, limit: string, secs: number, limitMiB: number | null) => {
    const rate = BYTES / MiB / secs;
    console.log(`${what.padEnd(22)} --bwlimit ${limit.padEnd(6)} ${secs.toFixed(2).padStart(6)} s  ${rate.toFixed(2).padStart(6)} MiB/s${limitMiB ? `  (${((rate / limitMiB) * 100).toFixed(0)}% of ${limitMiB} MiB/s)` : ''}`);
  };
  try {
    await stratus('config', 'set', 'graph_url', e.graphUrl);
    const file = join(tmp, 'big.bin');
    await writeFile(file, Buffer.alloc(BYTES, 1));
    console.log(`${(BYTES / 1e6).toFixed(0)} MB file, emulator at 30 ms per request; 4M:8M is 4 MiB/s up, 8 MiB/s down`);
    for (const [limit, up, down] of [['off', null, null], [LIMIT, 4, 8]] as const) {
      const tag = limit === 'off' ? 'free' : 'limited';
      line('copy up', limit, await stratus('copy', '--bwlimit', limit, file, `:${tag}`), up);
      line('copy down', limit, await stratus('copy', '--bwlimit', limit, `:${tag}/big.bin`, join(tmp, `${tag}-down`)), down);

      const local = join(tmp, `pair-${tag}`);
      await stratus('pair', 'add', '--local', local, '--remote', `:pair-${tag}`);
      await writeFile(join(local, 'up.bin'), Buffer.alloc(BYTES, 2));
      line('sync --once up', limit, await stratus('sync', '--once', '--bwlimit', limit), up);
      await rm(join(local, 'up.bin'));
      // A different file on OneDrive, so the pass downloads it (the deleted one is only removed there).
      await stratus('copy', '--bwlimit', 'off', join(tmp, `${tag}-down`, 'big.bin'), `:pair-${tag}/down`);
      line('sync --once down', limit, await stratus('sync', '--once', '--bwlimit', limit), down);
      await stratus('pair', 'remove', (await pairIds(env)).at(-1)!);
    }
    await smoothness(e.graphUrl, e.token);
  } finally {
    await e.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

async function pairIds(env: NodeJS.ProcessEnv): Promise<string[]> {
  let out = '';
  await stratusRun(['pair', 'list'], env, (l) => (out += `${l}\n`), () => undefined);
  return [...out.matchAll(/^([0-9a-f]+) {2}/gm)].map((m) => m[1]!);
}


const WINDOW_MS = 500;

/** Rates over whole 0.5 s windows from (time, bytes so far) samples: min, mean and max in MiB/s. */
function windows(samples: [number, number][]): string {
  const t0 = samples[0]![0];
  const end = samples.at(-1)![0];
  const at = (t: number) => samples.findLast(([ts]) => ts <= t)?.[1] ?? 0;
  const rates: number[] = [];
  for (let t = t0; t + WINDOW_MS <= end; t += WINDOW_MS) rates.push(((at(t + WINDOW_MS) - at(t)) / MiB) / (WINDOW_MS / 1000));
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return `${rates.length} windows of 0.5 s: min ${Math.min(...rates).toFixed(2)}, mean ${mean.toFixed(2)}, max ${Math.max(...rates).toFixed(2)} MiB/s`;
}

/** One 10 MiB upload chunk and the 20 MB download, timed per piece through the Graph client itself at 4M:8M. */
async function smoothness(graphUrl: string, token: string): Promise<void> {
  const bandwidth = new AccountBandwidth();
  bandwidth.set(parseBwLimit(LIMIT));
  const client = new GraphClient({ accountId: 'smooth', tokens: async () => token, baseUrl: graphUrl, bandwidth });
  const chunk = new Uint8Array(10 * MiB).fill(5);
  const session = await client.json<{ uploadUrl: string }>('POST', '/me/drive/root:/smooth.bin:/createUploadSession', { json: {} });
  const up: [number, number][] = [[performance.now(), 0]];
  await client.json('PUT', session.uploadUrl, {
    auth: false, body: chunk, headers: { 'content-range': `bytes 0-${chunk.length - 1}/${chunk.length}` },
    onBodySent: (n) => up.push([performance.now(), n]),
  });
  console.log(`upload at 4 MiB/s, ${windows(up)}`);
  const res = await client.stream('GET', '/me/drive/root:/free/big.bin:/content');
  const down: [number, number][] = [[performance.now(), 0]];
  let got = 0;
  for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) down.push([performance.now(), (got += c.length)]);
  console.log(`download at 8 MiB/s, ${windows(down)}`);
}
