// QuickXorHash beside Node's SHA1 (OpenSSL) on the same bytes in the same run, and beside `rclone hashsum quickxor`
// on the same file when rclone is installed. Prints MB/s (10^6 bytes per second); never judges.
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QuickXorHash, hashFile } from '../core/hash/index.js';

const TOTAL = 256 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024; // a realistic read size; the whole total goes through update() in these pieces
const ROUNDS = 7;
const execFileP = promisify(execFile);

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

function summary(rates: number[]): string {
  const s = [...rates].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  return `best ${s[s.length - 1]!.toFixed(0).padStart(6)} MB/s   median ${median.toFixed(0).padStart(6)} MB/s`;
}

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function rcloneRate(path: string, bytes: number): Promise<number | undefined> {
  try {
    const t0 = performance.now();
    await execFileP('rclone', ['hashsum', 'quickxor', '--config', '/dev/null', '-q', path]);
    return mbps(bytes, performance.now() - t0);
  } catch {
    return undefined;
  }
}

export async function run(): Promise<void> {
  const chunk = randomBytes(CHUNK);
  const pieces = TOTAL / CHUNK;
  console.log(`hashing ${TOTAL / 1048576} MiB per round in ${CHUNK / 1048576} MiB pieces, ${ROUNDS} rounds`);

  const qx: number[] = [];
  const sha: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so neither side always runs on a warmer CPU.
    const measureQx = () => qx.push(mbps(TOTAL, timeIt(() => {
      const h = new QuickXorHash();
      for (let i = 0; i < pieces; i++) h.update(chunk);
      h.digest();
    })));
    const measureSha = () => sha.push(mbps(TOTAL, timeIt(() => {
      const h = createHash('sha1');
      for (let i = 0; i < pieces; i++) h.update(chunk);
      h.digest();
    })));
    if (r % 2) { measureQx(); measureSha(); } else { measureSha(); measureQx(); }
  }
  console.log(`  stratus quickxor (memory)  ${summary(qx)}`);
  console.log(`  node crypto sha1  (memory) ${summary(sha)}`);

  // File figures include reading from the page cache, which is what rclone's figure includes too.
  const dir = await mkdtemp(join(tmpdir(), 'stratus-bench-hash-'));
  try {
    const path = join(dir, 'data.bin');
    await writeFile(path, Buffer.concat(Array.from({ length: pieces }, () => chunk)));
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      await hashFile(path, ['quickxor']);
      ours.push(mbps(TOTAL, performance.now() - t0));
      const rc = await rcloneRate(path, TOTAL);
      if (rc !== undefined) theirs.push(rc);
    }
    console.log(`  stratus hashFile quickxor  ${summary(ours)}`);
    console.log(theirs.length
      ? `  rclone hashsum quickxor    ${summary(theirs)}   (includes starting the rclone process)`
      : '  rclone hashsum quickxor    not measured: rclone is not installed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
