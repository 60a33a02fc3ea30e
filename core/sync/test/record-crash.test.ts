// A first sync of items both sides already hold records them a thousand rows per transaction. Killed with SIGKILL
// between two of those transactions, it leaves the rows of the batches before and no delta token; the next pass
// records the rest without moving a byte, and the one after has nothing to do.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PAIR, bothSides, lastSeq, openPair, requests } from './harness.js';
import type { Pair } from './harness.js';

const CHILD = fileURLToPath(new URL('./record-kill-child.ts', import.meta.url));
const FOLDERS = 23;
const PER_FOLDER = 100;
const pathOf = (d: number, f: number) => `d${d}/f${f}.txt`;
const text = (d: number, f: number) => `item ${d}/${f}\n`;

/** The same small files on both sides, never synced: a first sync has only rows to write. */
async function equalPair(): Promise<Pair> {
  const p = await openPair('personal');
  const seed: { path: string; content: string }[] = [];
  for (let d = 0; d < FOLDERS; d++) {
    await mkdir(join(p.root, `d${d}`));
    await Promise.all(Array.from({ length: PER_FOLDER }, (_, f) => writeFile(join(p.root, pathOf(d, f)), text(d, f))));
    for (let f = 0; f < PER_FOLDER; f++) seed.push({ path: `Sync/${pathOf(d, f)}`, content: text(d, f) });
  }
  const r = await fetch(`${p.rig.e.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: seed }) });
  expect(r.status).toBe(201);
  return p;
}

async function killedAt(p: Pair, dieAt: string): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  p.journal.close();
  const token = ((await (await fetch(`${p.rig.e.adminUrl}/tokens`, { method: 'POST', body: '{}' })).json()) as { access_token: string }).access_token;
  const args = JSON.stringify({ graphUrl: p.rig.e.graphUrl, token, folderId: p.folderId, root: p.root, journalFile: p.journalFile, trashHome: p.trashHome, dieAt });
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const { signal } = await new Promise<{ signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (_code, sig) => resolve({ signal: sig })));
  p.reopenJournal();
  return { signal, out };
}

let pair: Pair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('a first sync killed between two recorded batches', () => {
  it('keeps the batches before, stores no token, and the next pass records the rest without a transfer', async () => {
    pair = await equalPair();
    const total = FOLDERS + FOLDERS * PER_FOLDER;
    // Rows are written in path order, a thousand to a transaction: the 1,500th path falls in the second one.
    const paths = [...Array.from({ length: FOLDERS }, (_, d) => `d${d}`), ...Array.from({ length: FOLDERS * PER_FOLDER }, (_, i) => pathOf(Math.floor(i / PER_FOLDER), i % PER_FOLDER))].sort();
    const run = await killedAt(pair, paths[1500]!);
    expect([run.signal, run.out]).toEqual(['SIGKILL', '']);
    expect(pair.journal.count(PAIR)).toBe(1000);
    expect(pair.journal.pair(PAIR)?.deltaToken).toBeNull();
    const recorded = new Set([...pair.journal.items(PAIR)].map((r) => r.path));
    expect(paths.filter((p) => recorded.has(p))).toEqual(paths.slice(0, 1000));

    const seq = await lastSeq(pair);
    const again = await pair.pass();
    expect(again.report?.failed).toEqual([]);
    expect(again.plan.counts).toEqual({ record: total - 1000 });
    expect(pair.journal.count(PAIR)).toBe(total);
    expect(pair.journal.pair(PAIR)?.deltaToken).not.toBeNull();
    // Only the listing was asked for: nothing went up or came down.
    expect(new Set((await requests(pair, seq)).map((q) => `${q.method} ${q.path.split('?')[0]!.split('/').at(-1)}`))).toEqual(new Set(['GET delta']));

    const third = await pair.pass();
    expect(third.plan.actions).toEqual([]);
    const { local, remote } = await bothSides(pair);
    expect(local.size).toBe(FOLDERS * PER_FOLDER);
    expect(local).toEqual(remote);
  }, 60_000);
});
