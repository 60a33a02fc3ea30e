// The sync benchmark's surroundings: the emulator in its own process (so its event loop and memory are not
// the engine's), its admin API, and pairs of (local folder, remote folder, journal) driven by syncOnce.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pacer } from '../core/graph/pacer.js';
import { onedriveEncoder } from '../core/names/encoder.js';
import { OneDrive } from '../core/onedrive/onedrive.js';
import { FreedesktopTrash, GraphDrive, Journal, NodeFs, defaultOptions, onedriveNameRules, syncOnce } from '../core/sync/index.js';
import type { PassResult } from '../core/sync/index.js';
import type { ChildFigures } from './sync-big-child.js';
import { DEFAULT_TRANSFERS } from '../core/sync/runner/open.js';

export interface EmulatorProcess {
  child: ChildProcess;
  origin: string;
  graphUrl: string;
  adminUrl: string;
  token: string;
  admin(path: string, body?: unknown, method?: string): Promise<unknown>;
  /** The sequence number of the last Graph request the emulator logged (0 when none). */
  lastSeq(): Promise<number>;
  /** Graph requests logged after `seq`. */
  requestsSince(seq: number): Promise<Array<{ seq: number; method: string; path: string; status: number }>>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(latencyMs: number): Promise<EmulatorProcess> {
  const main = fileURLToPath(new URL('../emulator/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--profile', 'personal', '--port', '0', '--latency-ms', String(latencyMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with code ${code} before it was ready`)));
  });
  const info = JSON.parse(line) as { graphUrl: string; adminUrl: string };
  const admin = async (path: string, body?: unknown, method?: string): Promise<unknown> => {
    const r = await fetch(`${info.adminUrl}/${path}`, { method: method ?? (body === undefined ? 'GET' : 'POST'), body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(`emulator admin ${path} answered HTTP ${r.status}: ${(await r.text()).slice(0, 300)}`);
    return r.json();
  };
  const { access_token: token } = (await admin('tokens', { lifetimeSeconds: 24 * 3600 })) as { access_token: string };
  const requestsSince = async (seq: number) =>
    ((await admin(`requests?since=${seq}`)) as { value: Array<{ seq: number; method: string; path: string; status: number }> }).value;
  return {
    child, origin: new URL(info.graphUrl).origin, graphUrl: info.graphUrl, adminUrl: info.adminUrl, token, admin, requestsSince,
    lastSeq: async () => (await requestsSince(0)).at(-1)?.seq ?? 0,
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Seeds remote files in batches so no single admin request carries hundreds of megabytes. */
export async function seedRemote(e: EmulatorProcess, items: Array<Record<string, unknown>>, batch = 2000): Promise<void> {
  for (let i = 0; i < items.length; i += batch) await e.admin('seed', { items: items.slice(i, i + batch) });
}

export interface BenchPair {
  root: string;
  journal: Journal;
  drive: OneDrive;
  pass(): Promise<PassResult>;
  close(): void;
}

/** The product's default, so the figures are what a user gets. */
export const TRANSFERS = DEFAULT_TRANSFERS;

/**
 * A pair as the app would run it: the product's default pacer (8 requests in flight, 10 ms apart) and
 * TRANSFERS parallel transfers, on a remote folder made here if missing.
 */
export async function openPair(e: Pick<EmulatorProcess, 'graphUrl' | 'token'>, base: string, name: string, remoteFolder: string): Promise<BenchPair> {
  const drive = await OneDrive.open({
    accountId: 'bench', tokens: () => Promise.resolve(e.token), pacer: new Pacer('bench'),
    options: { graph_url: e.graphUrl }, timeoutMs: 60_000,
  });
  const folder = (await drive.find(remoteFolder)) ?? (await drive.mkdir(remoteFolder, { parents: true }));
  const root = join(base, name);
  await mkdir(root, { recursive: true });
  const remote = new GraphDrive(drive.ctx, folder.id);
  const journal = new Journal(join(base, `${name}.db`));
  journal.putPair({ pairId: name, driveId: remote.driveId, remoteRootId: folder.id, localRoot: root });
  const fs = new NodeFs(root, new FreedesktopTrash(join(base, `${name}-trash`)));
  const options = defaultOptions(onedriveNameRules, 'bench', Date.now(), { remoteRootPath: `/${remoteFolder}` });
  return {
    root, journal, drive,
    pass: () => syncOnce({ pairId: name, fs, remote, journal, transfers: TRANSFERS, now: () => Date.now(), options, decode: (n) => onedriveEncoder.decode(n) }),
    close: () => journal.close(),
  };
}

/**
 * Runs one pass of a pair in a child process (bench/sync-big-child.ts) and returns its figures: the peak resident
 * memory is then the pass's own, as `stratus sync --once` would have it. `nodeArgs` can add --cpu-prof and the like.
 */
export async function passInChild(e: EmulatorProcess, base: string, name: string, remoteFolder: string, nodeArgs: string[] = []): Promise<ChildFigures> {
  const script = await compiledChild();
  const arg = JSON.stringify({ graphUrl: e.graphUrl, adminUrl: e.adminUrl, token: e.token, base, name, remoteFolder });
  const child = spawn(process.execPath, [...nodeArgs, script, arg], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`the ${name} pass in a child process exited with code ${code}: ${out.slice(-500)}`);
  return JSON.parse(last) as ChildFigures;
}

/**
 * The child's script compiled to plain JavaScript, as the app runs its core (tsc's output there; here one bundle
 * made with esbuild, which tsx brings), so its memory is the engine's and not the TypeScript loader's (tsx alone
 * holds ~50 MB). Packages stay outside the bundle and load from node_modules, native ones included; the bundle
 * sits in the repository's node_modules/.cache so they resolve.
 */
export async function compiledChild(name = 'sync-big-child'): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = fileURLToPath(new URL(`../node_modules/.cache/stratus-bench/${name}.mjs`, import.meta.url));
  await build({ entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error' });
  return outfile;
}

/** Samples this process's resident memory while `work` runs; returns its result and the peak in MB. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMB: peak / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/** Fails loudly when a pass did not do everything: a figure for a half-done sync would be a lie. */
export function checkPass(what: string, r: PassResult): void {
  const failed = r.report?.failed ?? [];
  if (r.report?.held) throw new Error(`${what}: the plan was held: ${r.plan.held?.message ?? ''}`);
  if (failed.length > 0) throw new Error(`${what}: ${failed.length} actions failed, e.g. ${JSON.stringify(failed[0]).slice(0, 300)}`);
}
