// Faults from the network, the server and the disk during a sync against the emulator: each pass may fail
// items, but the next one finishes the work, both sides end equal, and nothing the user had is lost.
import { writeFileSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultFs } from '../fs/index.js';
import { bothSides, clearFaults, fault, hashOf, lastSeq, missing, openPair, remoteChange, removeLocal, requests, writeLocal, writeRemote } from './harness.js';
import type { Pair } from './harness.js';

const big = (seed: number) => Buffer.alloc(700 * 1024, seed);

let p: Pair;
beforeEach(async () => { p = await openPair(); });
afterEach(async () => { await p.close(); });

async function expectEqual(): Promise<Map<string, string>> {
  const { local, remote } = await bothSides(p);
  expect(local).toEqual(remote);
  return local;
}

/** Passes until one has nothing to do; every pass after the first must go through without failures. */
async function settle(): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 3; i++) {
    // Past the backoff the journal set on items that failed: this is the retry an hour on.
    p.later(3600_000);
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return;
    last = r.plan.actions;
  }
  throw new Error(`the sync never settled: ${JSON.stringify(last).slice(0, 1500)}`);
}

const sessionsMade = async (since: number) => (await requests(p, since)).filter((r) => r.method === 'POST' && r.path.includes('createUploadSession')).length;

describe('faults during a sync', () => {
  it('a connection dropped mid-upload: the next pass resumes the same upload session', async () => {
    await writeLocal(p, 'big.bin', big(1));
    const seq = await lastSeq(p);
    await fault(p, { method: 'PUT', path: '/_upload/*', skip: 1, count: 1, drop: 'request' });
    const first = await p.pass();
    expect(first.report?.failed.map((f) => f.path)).toEqual(['big.bin']);
    await settle();
    expect((await expectEqual()).get('big.bin')).toBe(hashOf(big(1)));
    expect(await sessionsMade(seq)).toBe(1);
  });

  it('an expired upload session: the next pass starts a new one and finishes', async () => {
    await writeLocal(p, 'big.bin', big(2));
    const seq = await lastSeq(p);
    await fault(p, { method: 'PUT', path: '/_upload/*', skip: 1, count: 1, drop: 'request' });
    await p.pass();
    await fetch(`${p.rig.e.adminUrl}/content/uploads/expire`, { method: 'POST', body: '{}' });
    await settle();
    expect((await expectEqual()).get('big.bin')).toBe(hashOf(big(2)));
    expect(await sessionsMade(seq)).toBe(2);
  });

  it('a connection dropped mid-download: the old file stays whole until the new one has arrived', async () => {
    await writeLocal(p, 'doc.bin', 'old bytes');
    await p.pass();
    await writeRemote(p, 'doc.bin', big(3));
    await writeRemote(p, 'other.bin', big(4));
    await fault(p, { method: 'GET', path: '/_download', count: 2, drop: 'response' });
    const first = await p.pass();
    expect(first.report?.failed.map((f) => f.kind)).toEqual(['network', 'network']);
    expect(await readFile(join(p.root, 'doc.bin'), 'utf8')).toBe('old bytes');
    await settle();
    const files = await expectEqual();
    expect([files.get('doc.bin'), files.get('other.bin')]).toEqual([hashOf(big(3)), hashOf(big(4))]);
  });

  it('a download cut off, then the file changes or goes on OneDrive: no partial file is left behind', async () => {
    await writeRemote(p, 'changes.bin', big(7));
    await writeRemote(p, 'goes.bin', big(8));
    await fault(p, { method: 'GET', path: '/_download', count: 2, drop: 'response' });
    await p.pass();
    await remoteChange(p, { op: 'edit', path: 'changes.bin', base64: big(9).toString('base64') });
    await remoteChange(p, { op: 'delete', path: 'goes.bin' });
    await settle();
    const files = await expectEqual();
    expect([...files.keys()]).toEqual(['changes.bin']);
    expect(files.get('changes.bin')).toBe(hashOf(big(9)));
  });

  it('a file saved again while it uploads is uploaded again, and OneDrive ends with the last save', async () => {
    await writeLocal(p, 'live.bin', big(10));
    const saving = new FaultFs(p.fs);
    let saved = false;
    // The user saves just as the upload opens the file: a side effect of the path test, never a fault.
    saving.inject({ ops: ['read'], code: 'EIO', path: (path) => {
      if (path === 'live.bin' && !saved) { saved = true; writeFileSync(join(p.root, 'live.bin'), big(11)); }
      return false;
    } });
    await p.pass({ fs: saving });
    expect(saved).toBe(true);
    p.later(3600_000);
    await settle();
    expect((await expectEqual()).get('live.bin')).toBe(hashOf(big(11)));
  });

  it('answers lost after OneDrive acted (move, delete, new folder, upload): the next pass sees it done, nothing doubled', async () => {
    await writeLocal(p, 'moved.txt', 'moved');
    await writeLocal(p, 'deleted.txt', 'deleted');
    await settle();
    await rename(join(p.root, 'moved.txt'), join(p.root, 'moved-to.txt'));
    await removeLocal(p, 'deleted.txt');
    await writeLocal(p, 'newdir/file.txt', 'in a new folder');
    await fault(p, [
      { method: 'PATCH', count: 1, drop: 'response' },
      { method: 'DELETE', count: 1, drop: 'response' },
      { method: 'POST', path: '**/children', count: 1, drop: 'response' },
    ]);
    const first = await p.pass();
    // (A DELETE's answer has no body to cut; the client may also just ask again.)
    expect(first.report?.failed.map((f) => `${f.path} ${f.kind}`)).toEqual(expect.arrayContaining(['moved-to.txt network', 'newdir network']));
    await clearFaults(p);
    await settle();
    const files = await expectEqual();
    expect([...files.keys()].sort()).toEqual(['moved-to.txt', 'newdir/file.txt']);
    expect(await missing(p, [hashOf('deleted')])).toEqual([]);
  });

  it('the answer to the last upload chunk lost: the next pass finds the file there and sends nothing again', async () => {
    await writeLocal(p, 'big.bin', big(12));
    await fault(p, { method: 'PUT', path: '/_upload/*', skip: 2, count: 1, drop: 'response' });
    const first = await p.pass();
    expect(first.report?.failed.map((f) => f.path)).toEqual(['big.bin']);
    const seq = await lastSeq(p);
    await settle();
    expect((await requests(p, seq)).filter((q) => q.path.startsWith('/_upload') || q.path.includes('createUploadSession'))).toEqual([]);
    expect((await expectEqual()).get('big.bin')).toBe(hashOf(big(12)));
  });

  it('a 429 storm with Retry-After: the pass waits as told and goes through', async () => {
    await writeLocal(p, 'up.txt', 'up');
    await writeRemote(p, 'down.txt', 'down');
    await fault(p, { path: '/v1.0/**', status: 429, retryAfter: 1, count: 3 });
    const started = Date.now();
    const r = await p.pass();
    expect(r.report?.failed).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const throttled = (await requests(p)).filter((q) => q.status === 429);
    expect(throttled).toHaveLength(3);
    await settle();
    expect([...(await expectEqual()).keys()].sort()).toEqual(['down.txt', 'up.txt']);
  });

  it('a forgotten delta token: the engine enumerates again and keeps both versions when both changed', async () => {
    await writeLocal(p, 'same.txt', 'same');
    await writeLocal(p, 'mine.txt', 'v1');
    await writeLocal(p, 'theirs.txt', 'v1');
    await writeLocal(p, 'both.txt', 'v1');
    await p.pass();
    await writeLocal(p, 'mine.txt', 'v2 from the disk');
    await remoteChange(p, { op: 'edit', path: 'theirs.txt', content: 'v2 from OneDrive' });
    await writeLocal(p, 'both.txt', 'mine, both changed');
    await remoteChange(p, { op: 'edit', path: 'both.txt', content: 'theirs, both changed' });
    await writeRemote(p, 'new.txt', 'created while the token was forgotten');
    await fetch(`${p.rig.e.adminUrl}/delta/forget`, { method: 'POST', body: '{}' });
    const r = await p.pass();
    expect(r.resynced).toBe(true);
    expect(r.report?.failed).toEqual([]);
    await settle();
    const files = await expectEqual();
    expect(files.get('mine.txt')).toBe(hashOf('v2 from the disk'));
    expect(files.get('theirs.txt')).toBe(hashOf('v2 from OneDrive'));
    expect(files.get('both.txt')).toBe(hashOf('theirs, both changed'));
    expect(files.get('new.txt')).toBe(hashOf('created while the token was forgotten'));
    expect([...files.values()]).toContain(hashOf('mine, both changed'));
    expect(await missing(p, ['same', 'v2 from the disk', 'v2 from OneDrive', 'mine, both changed', 'theirs, both changed'].map(hashOf))).toEqual([]);
  });

  it('throttled upload chunks (429 on the session URL) are waited out, not failed', async () => {
    await writeLocal(p, 'big.bin', big(6));
    await fault(p, { method: 'PUT', path: '/_upload/*', status: 429, retryAfter: 1, count: 2 });
    const r = await p.pass();
    expect(r.report?.failed).toEqual([]);
    expect((await requests(p)).filter((q) => q.path.startsWith('/_upload') && q.status === 429)).toHaveLength(2);
    expect((await expectEqual()).get('big.bin')).toBe(hashOf(big(6)));
  });

  it('a forgotten delta token and deletions meanwhile: an edited file comes back, an untouched one goes to the trash', async () => {
    await writeLocal(p, 'edited.txt', 'v1');
    await writeLocal(p, 'untouched.txt', 'left alone');
    await p.pass();
    await remoteChange(p, { op: 'delete', path: 'edited.txt' });
    await remoteChange(p, { op: 'delete', path: 'untouched.txt' });
    await writeLocal(p, 'edited.txt', 'v2, edited here while it was deleted there');
    await fetch(`${p.rig.e.adminUrl}/delta/forget`, { method: 'POST', body: '{}' });
    const r = await p.pass();
    expect(r.resynced).toBe(true);
    await settle();
    const files = await expectEqual();
    expect([...files.keys()]).toEqual(['edited.txt']);
    expect(files.get('edited.txt')).toBe(hashOf('v2, edited here while it was deleted there'));
    expect(await missing(p, [hashOf('left alone')])).toEqual([]);
  });

  it('a full disk (ENOSPC) mid-download: the old file is untouched, the item is reported, the next pass finishes', async () => {
    await writeLocal(p, 'doc.bin', 'old bytes');
    await p.pass();
    await writeRemote(p, 'doc.bin', big(5));
    const full = new FaultFs(p.fs).inject({ ops: ['write'], code: 'ENOSPC', afterBytes: 100 * 1024, times: 1 });
    const first = await p.pass({ fs: full });
    expect(first.report?.failed).toEqual([expect.objectContaining({ path: 'doc.bin', kind: 'no-space' })]);
    expect(first.report?.failed[0]?.message).toMatch(/space|full/i);
    expect(await readFile(join(p.root, 'doc.bin'), 'utf8')).toBe('old bytes');
    await clearFaults(p);
    await settle();
    expect((await expectEqual()).get('doc.bin')).toBe(hashOf(big(5)));
  });
});
