// The sync process SIGKILLed at chosen Graph requests of a mixed pass, then started again: nothing is lost and
// both sides end equal. The child is held on request N+1 by a slow-answer fault rule, so the kill lands exactly
// there: the request is on the wire and the server still applies it after the client is gone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { localFiles, clearFaults, fault, hashOf, keptAside, lastSeq, openPair, remoteChange, requests, writeLocal, writeRemote, bothSides } from './harness.js';
import type { Pair } from './harness.js';
import { rename } from 'node:fs/promises';

const CHILD = fileURLToPath(new URL('./sync-child.ts', import.meta.url));
const HOLD_MS = 300;

const big = (seed: number) => Buffer.alloc(700 * 1024, seed);
const content = {
  keep: 'unchanged', renamed: 'renamed here', gone: 'deleted on OneDrive', mine: 'mine, the longer edit', theirs: 'theirs',
  up: 'new on the disk', down: 'new on OneDrive', editedHere: 'edited on the disk', editedThere: 'edited on OneDrive', upBig: big(1), downBig: big(2),
};

/** A synced pair, then a mix of changes on both sides for the pass under test. */
async function mixedPair(): Promise<Pair> {
  const p = await openPair(process.env.STRATUS_CRASH_PROFILE === 'business' ? 'business' : 'personal');
  await writeLocal(p, 'keep.txt', content.keep);
  await writeLocal(p, 'old/name.txt', content.renamed);
  await writeLocal(p, 'gone.txt', content.gone);
  await writeLocal(p, 'both.txt', 'original');
  await writeLocal(p, 'edit-up.txt', 'original');
  await writeLocal(p, 'edit-down.txt', 'original');
  const first = await p.pass();
  expect(first.report?.failed).toEqual([]);
  await writeLocal(p, 'up/new.txt', content.up);
  await writeLocal(p, 'up/big.bin', content.upBig);
  await writeRemote(p, 'down/new.txt', content.down);
  await writeRemote(p, 'down/big.bin', content.downBig);
  await rename(join(p.root, 'old/name.txt'), join(p.root, 'old/renamed.txt'));
  await remoteChange(p, { op: 'delete', path: 'gone.txt' });
  await writeLocal(p, 'both.txt', content.mine);
  await writeLocal(p, 'edit-up.txt', content.editedHere);
  await remoteChange(p, { op: 'edit', path: 'edit-down.txt', content: content.editedThere });
  await remoteChange(p, { op: 'edit', path: 'both.txt', content: content.theirs });
  return p;
}

interface ChildRun { code: number | null; signal: NodeJS.Signals | null; requests: number; out: string }

/** Runs one pass in a child; with `killAfter`, SIGKILLs it once it has sent that many Graph requests plus one. */
async function runChild(p: Pair, killAfter?: number): Promise<ChildRun> {
  p.journal.close();
  const token = ((await (await fetch(`${p.rig.e.adminUrl}/tokens`, { method: 'POST', body: '{}' })).json()) as { access_token: string }).access_token;
  const seq0 = await lastSeq(p);
  if (killAfter !== undefined) await fault(p, { skip: killAfter, count: 1, delayMs: HOLD_MS });
  const args = JSON.stringify({ graphUrl: p.rig.e.graphUrl, token, folderId: p.folderId, root: p.root, journalFile: p.journalFile, trashHome: p.trashHome });
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let done: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((d) => { done = d; });
  if (killAfter !== undefined) {
    while (!done && (await requests(p, seq0)).length <= killAfter) await new Promise((r) => setTimeout(r, 10));
    if (!done) child.kill('SIGKILL');
  }
  const end = await exited;
  // The held request goes on in the server after the kill; let it land before anyone looks.
  if (killAfter !== undefined) await new Promise((r) => setTimeout(r, HOLD_MS + 100));
  await clearFaults(p);
  const sent = (await requests(p, seq0)).length;
  p.reopenJournal();
  return { ...end, requests: sent, out };
}

/** Starts again (in this process, on the same journal) until a pass finds nothing to do. */
async function finish(p: Pair): Promise<number> {
  for (let i = 1; i <= 4; i++) {
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return i;
  }
  throw new Error('the sync never settled');
}

async function expectNothingLost(p: Pair): Promise<void> {
  const { local, remote } = await bothSides(p);
  expect(local).toEqual(remote);
  const wanted = {
    'keep.txt': hashOf(content.keep), 'old/renamed.txt': hashOf(content.renamed), 'both.txt': hashOf(content.theirs),
    'edit-up.txt': hashOf(content.editedHere), 'edit-down.txt': hashOf(content.editedThere), 'up/new.txt': hashOf(content.up), 'up/big.bin': hashOf(content.upBig), 'down/new.txt': hashOf(content.down), 'down/big.bin': hashOf(content.downBig),
  };
  for (const [path, hash] of Object.entries(wanted)) expect([path, local.get(path)]).toEqual([path, hash]);
  const conflicts = [...local.keys()].filter((k) => /^both \(conflict laptop \d{4}-\d{2}-\d{2} \d{6}\)\.txt$/.test(k));
  expect(conflicts.map((k) => local.get(k))).toEqual([hashOf(content.mine)]);
  // Nothing else: a needless conflict copy or a duplicate would show here.
  expect([...local.keys()].sort()).toEqual([...Object.keys(wanted), ...conflicts].sort());
  expect(local.has('gone.txt')).toBe(false);
  expect(local.has('old/name.txt')).toBe(false);
  expect(await keptAside(p)).toContain(hashOf(content.gone));
}

/** Right after the kill every file under a real name holds some version the user had, never a torn one. */
async function expectOldOrNew(p: Pair): Promise<void> {
  const versions = new Set([...Object.values(content), 'original'].map(hashOf));
  const torn = [...(await localFiles(p.root))].filter(([path, h]) => !/(^|\/)\.~stratus-[0-9a-f]+\.partial$/.test(path) && !versions.has(h));
  expect(torn).toEqual([]);
}

let pair: Pair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('a sync killed with SIGKILL and started again loses nothing', () => {
  let total = 0;

  it('runs through when nothing kills it (and counts its requests)', async () => {
    pair = await mixedPair();
    const run = await runChild(pair);
    expect([run.code, run.out]).toEqual([0, expect.stringContaining('"failed":[]')]);
    total = run.requests;
    if (process.env.STRATUS_CRASH_VERBOSE) process.stderr.write(`mixed pass: ${total} Graph requests\n`);
    expect(total).toBeGreaterThan(10);
    await finish(pair);
    await expectNothingLost(pair);
  });

  // npm test kills at five points; STRATUS_CRASH_SWEEP=1 kills at every twentieth of the run (each request of it);
  // STRATUS_CRASH_PROFILE=business runs it all against a OneDrive for Business drive.
  const points = process.env.STRATUS_CRASH_SWEEP ? Array.from({ length: 19 }, (_, i) => (i + 1) / 20) : [0.1, 0.3, 0.5, 0.7, 0.9];
  for (const at of points) {
    it(`killed at ${Math.round(at * 100)}% of its requests`, async () => {
      expect(total).toBeGreaterThan(0);
      pair = await mixedPair();
      const n = Math.min(total - 1, Math.max(1, Math.round(total * at)));
      const run = await runChild(pair, n);
      expect(run.signal).toBe('SIGKILL');
      expect(run.requests).toBeGreaterThan(n);
      await expectOldOrNew(pair);
      await finish(pair);
      await expectNothingLost(pair);
      expect(existsSync(pair.journalFile)).toBe(true);
    });
  }
});
