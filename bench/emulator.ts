// The emulator must never be the bottleneck of a benchmark. Starts it as its own process (so the load
// generator does not share its event loop, and its memory is its own), then prints: the RSS a 100,000-item
// drive seeded through the admin API costs, metadata requests per second with keep-alive and several
// concurrent clients, and upload and download MB/s (10^6 bytes/s) on loopback. Figures only; never judges.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const ITEMS = 100_000;
const FOLDERS = 100;
const CLIENTS = 16;
const METADATA_SECONDS = 4;
const FILE_BYTES = 256 * 1024 * 1024;
const CHUNK = 32 * 327_680; // 10 MiB, rclone's default chunk size
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; discard?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => { if (!opts.discard) parts.push(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function startChild(): Promise<{ child: ChildProcess; origin: string; graph: string; admin: string }> {
  const main = fileURLToPath(new URL('../emulator/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--profile', 'personal', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const info = JSON.parse(line) as { graphUrl: string; adminUrl: string };
  return { child, origin: new URL(info.graphUrl).origin, graph: info.graphUrl, admin: info.adminUrl };
}

const mbps = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(0);

async function hammer(urlOf: (i: number) => string, headers: Record<string, string>): Promise<{ rate: number; errors: number }> {
  let count = 0;
  let errors = 0;
  const stopAt = performance.now() + METADATA_SECONDS * 1000;
  const loop = async (c: number) => {
    for (let i = c; performance.now() < stopAt; i += CLIENTS) {
      const r = await call(urlOf(i), { headers, discard: true });
      if (r.status === 200) count++;
      else errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => loop(c)));
  return { rate: count / ((performance.now() - t0) / 1000), errors };
}

// The same client against a bare Node server in its own process: what loopback allows on this machine.
const BARE_SERVER = `
  import { createServer } from 'node:http';
  const body = Buffer.alloc(${FILE_BYTES}, 1);
  const srv = createServer((req, res) => {
    if (req.method === 'PUT') { req.on('data', () => {}); req.on('end', () => res.writeHead(200).end()); return; }
    res.writeHead(200, { 'content-length': body.length }); res.end(body);
  });
  srv.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: srv.address().port })));
`;

async function bareLoopback(data: Buffer): Promise<{ up: string; down: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve((JSON.parse(c.toString()) as { port: number }).port)));
    const url = `http://127.0.0.1:${port}/`;
    const u0 = performance.now();
    for (let s = 0; s < data.length; s += CHUNK) await call(url, { method: 'PUT', body: data.subarray(s, Math.min(s + CHUNK, data.length)) });
    const up = mbps(data.length, performance.now() - u0);
    const d0 = performance.now();
    await call(url, { discard: true });
    return { up, down: mbps(data.length, performance.now() - d0) };
  } finally {
    child.kill('SIGTERM');
  }
}

async function tokenFor(admin: string): Promise<Record<string, string>> {
  const r = await call(`${admin}/tokens`, { method: 'POST', body: JSON.stringify({ lifetimeSeconds: 86_400 }) });
  return { authorization: `Bearer ${(JSON.parse(r.body.toString()) as { access_token: string }).access_token}` };
}

/** One 256 MiB file up through an upload session in 10 MiB chunks, then down through its download URL. */
async function transfers(graph: string, auth: Record<string, string>, data: Buffer, label: string): Promise<void> {
  const created = await call(`${graph}/me/drive/root:/big-${label.replace(/\W+/g, '-')}.bin:/createUploadSession`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
  const uploadUrl = (JSON.parse(created.body.toString()) as { uploadUrl: string }).uploadUrl;
  const u0 = performance.now();
  let last: Reply | undefined;
  for (let s = 0; s < data.length; s += CHUNK) {
    const e = Math.min(s + CHUNK, data.length) - 1;
    last = await call(uploadUrl, { method: 'PUT', headers: { 'content-range': `bytes ${s}-${e}/${data.length}` }, body: data.subarray(s, e + 1) });
  }
  const uMs = performance.now() - u0;
  const item = JSON.parse(last!.body.toString()) as { '@microsoft.graph.downloadUrl': string };
  const d0 = performance.now();
  const got = await call(item['@microsoft.graph.downloadUrl'], { discard: true });
  const dMs = performance.now() - d0;
  console.log(`${label.padEnd(28)} upload ${mbps(data.length, uMs)} MB/s (${last?.status}), download ${mbps(data.length, dMs)} MB/s (${got.status})   [256 MiB, 10 MiB chunks]`);
}

export async function run(): Promise<void> {
  const data = Buffer.allocUnsafe(FILE_BYTES);
  for (let i = 0; i < FILE_BYTES; i += 4096) data[i] = i & 255;

  // Transfers on an empty drive first, in their own emulator, so the seeded drive below does not weigh on them.
  const fresh = await startChild();
  try {
    await transfers(fresh.graph, await tokenFor(fresh.admin), data, 'transfers, empty drive');
  } finally {
    fresh.child.kill('SIGTERM');
  }

  const { child, graph, admin } = await startChild();
  try {
    const auth = await tokenFor(admin);

    // Memory: the RSS a 100,000-item drive adds, seeded in batches through the admin API.
    const before = rssMB(child.pid!);
    const t0 = performance.now();
    for (let start = 0; start < ITEMS; start += 10_000) {
      const items = [];
      for (let i = start; i < start + 10_000; i++) items.push({ path: `bench/d${i % FOLDERS}/file-${i}.txt`, content: `file number ${i}` });
      const r = await call(`${admin}/seed`, { method: 'POST', body: JSON.stringify({ items }) });
      if (r.status !== 201) throw new Error(`seed answered ${r.status}: ${r.body.toString().slice(0, 200)}`);
    }
    const seedMs = performance.now() - t0;
    const after = rssMB(child.pid!);
    console.log(`seed ${ITEMS} items        ${(seedMs / 1000).toFixed(1)} s   RSS ${before.toFixed(0)} MB -> ${after.toFixed(0)} MB (delta ${(after - before).toFixed(0)} MB, ${(((after - before) * 1024 * 1024) / ITEMS).toFixed(0)} B/item)`);

    // Metadata: CLIENTS loops at once over keep-alive sockets, items by path, then pages of 20 children.
    const itemUrl = (i: number) => `${graph}/me/drive/root:/bench/d${i % FOLDERS}/file-${((i * 7919) % (ITEMS / FOLDERS)) * FOLDERS + (i % FOLDERS)}.txt`;
    const childrenUrl = (i: number) => `${graph}/me/drive/root:/bench/d${i % FOLDERS}:/children?$top=20`;
    for (const [label, urlOf] of [['item by path', itemUrl], ['children ($top=20)', childrenUrl]] as const) {
      const r = await hammer(urlOf, auth);
      console.log(`metadata ${label.padEnd(19)} ${r.rate.toFixed(0)} req/s (${CLIENTS} clients, keep-alive, ${r.errors} errors)`);
    }

    await transfers(graph, auth, data, 'transfers, 100,000-item drive');
    console.log(`emulator RSS at end    ${rssMB(child.pid!).toFixed(0)} MB`);
    const bare = await bareLoopback(data);
    console.log(`reference: bare Node server, same client: upload ${bare.up} MB/s, download ${bare.down} MB/s`);
    // Reference: an upload the emulator keeps must land in memory it has not touched yet; on a VM whose
    // fresh pages are slow to fault in, that rate bounds any upload figure above.
    const f0 = performance.now();
    Buffer.allocUnsafeSlow(FILE_BYTES).fill(1);
    console.log(`reference: first touch of fresh memory on this machine ${mbps(FILE_BYTES, performance.now() - f0)} MB/s`);
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
  }
}
