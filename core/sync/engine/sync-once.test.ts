import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { FaultFs, FreedesktopTrash, NodeFs } from '../fs/index.js';
import type { LocalFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { MemoryDrive, RemoteError } from '../remote/index.js';
import { syncOnce } from './sync-once.js';
import { localFiles } from '../test/tree-hashes.js';

let base: string;
let root: string;
let trashHome: string;
let drive: MemoryDrive;
let journal: Journal;
let fs: LocalFs;
const P = 'pair';

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'stratus-sync-'));
  root = join(base, 'OneDrive');
  trashHome = join(base, 'data');
  await mkdir(root);
  drive = new MemoryDrive();
  journal = new Journal(join(base, 'journal.db'));
  journal.putPair({ pairId: P, driveId: drive.driveId, remoteRootId: drive.rootId, localRoot: root });
  fs = new NodeFs(root, new FreedesktopTrash(trashHome));
});
afterEach(async () => {
  journal.close();
  await rm(base, { recursive: true, force: true });
});

let clock = Date.UTC(2026, 5, 1, 12, 0, 0);
function pass(over: { force?: boolean; fs?: LocalFs } = {}) {
  return syncOnce({
    pairId: P, fs: over.fs ?? fs, remote: drive, journal, transfers: 4, now: () => (clock += 1000),
    options: defaultOptions(onedriveNameRules, 'laptop', clock, { force: over.force ?? false }),
    decode: (n) => onedriveEncoder.decode(n),
  });
}


/** Both sides hold the same files, compared by QuickXorHash, and nothing else. */
async function expectSame(): Promise<Map<string, string>> {
  const local = await localFiles(root);
  const remote = new Map([...drive.files()].map(([k, v]) => [k, quickXorHash(v)]));
  expect(local).toEqual(remote);
  return local;
}

const put = async (path: string, text: string) => {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
};

describe('two-sided sync with an in-memory OneDrive', () => {
  it('a first sync brings both sides together and a second pass has nothing to do', async () => {
    drive.putFile('remote/only.txt', 'from the cloud');
    drive.putFile('shared.txt', 'same bytes');
    await put('local/only.txt', 'from the disk');
    await put('shared.txt', 'same bytes');
    const first = await pass();
    expect(first.report?.failed).toEqual([]);
    expect(first.plan.counts.record).toBe(1);
    const files = await expectSame();
    expect([...files.keys()].sort()).toEqual(['local/only.txt', 'remote/only.txt', 'shared.txt']);
    drive.calls.length = 0;
    const second = await pass();
    expect(second.plan.actions).toEqual([]);
    expect(drive.calls).toEqual(['delta']);
  });

  it('edits travel both ways', async () => {
    await put('a.txt', 'v1');
    drive.putFile('b.txt', 'v1');
    await pass();
    await writeFile(join(root, 'a.txt'), 'v2 local edit');
    drive.putFile('b.txt', 'v2 remote edit');
    await pass();
    await expectSame();
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('v2 remote edit');
    expect(drive.byPath('a.txt')?.content.toString()).toBe('v2 local edit');
  });

  it('a file only touched here and edited on OneDrive is downloaded, not stuck', async () => {
    await put('t.txt', 'v1');
    await pass();
    const later = new Date(Date.now() + 120_000);
    await utimes(join(root, 't.txt'), later, later);
    drive.putFile('t.txt', 'v2 from the cloud');
    const r = await pass();
    expect(r.report?.failed).toEqual([]);
    await expectSame();
  });

  it('a file edited here after the plan was made is never overwritten by a download', async () => {
    await put('race.txt', 'v1');
    await pass();
    drive.putFile('race.txt', 'v2 remote');
    const racing = new FaultFs(fs);
    // The user saves just as the download is about to land: after the plan, before the rename.
    // A path predicate with a side effect: it runs exactly when the executor stamps the finished temp file.
    racing.inject({ ops: ['utimes'], path: (p) => p.includes('.~stratus-') && (writeFileSync(join(root, 'race.txt'), 'v3 user edit'), false), code: 'EIO' });
    const r = await pass({ fs: racing });
    // Not a failure with a backoff: the plan is stale, so the pair is looked at again at once, from the same token.
    expect(r.report).toMatchObject({ failed: [], deferred: 1, again: true });
    expect(journal.failure(P, 'race.txt')).toBeFalsy();
    expect(await readFile(join(root, 'race.txt'), 'utf8')).toBe('v3 user edit');
    // The next pass sees both edits: both versions are kept.
    await pass();
    expect(journal.openConflicts(P).map((c) => c.path)).toEqual(['race.txt']);
    expect(await readFile(join(root, 'race.txt'), 'utf8')).toBe('v2 remote');
  });

  it('a local rename is one move on OneDrive, not a delete and an upload', async () => {
    await put('docs/report.docx', 'quarterly');
    await pass();
    const id = drive.byPath('docs/report.docx')!.item.id;
    await rename(join(root, 'docs'), join(root, 'papers'));
    drive.calls.length = 0;
    await pass();
    await expectSame();
    expect(drive.calls.filter((c) => !c.startsWith('delta'))).toEqual([`move ${drive.byPath('papers')!.item.id}`]);
    expect(drive.byPath('papers/report.docx')!.item.id).toBe(id);
  });

  it('a rename on OneDrive is one local rename, keeping the inode', async () => {
    await put('a.txt', 'content');
    await pass();
    const ino = (await stat(join(root, 'a.txt'))).ino;
    await drive.move(drive.byPath('a.txt')!.item.id, { name: 'b.txt' });
    drive.calls.length = 0;
    await pass();
    await expectSame();
    expect((await stat(join(root, 'b.txt'))).ino).toBe(ino);
    expect(drive.calls.filter((c) => c.startsWith('download'))).toEqual([]);
  });

  it('a conflict keeps both versions on both sides and logs it', async () => {
    await put('notes.txt', 'original');
    await pass();
    await writeFile(join(root, 'notes.txt'), 'mine');
    drive.putFile('notes.txt', 'theirs');
    const r = await pass();
    expect(r.report?.again).toBe(true);
    await pass();
    const files = await expectSame();
    expect(files.get('notes.txt')).toBe(quickXorHash(Buffer.from('theirs')));
    const copy = [...files.keys()].find((k) => k.startsWith('notes (conflict laptop '))!;
    expect(files.get(copy)).toBe(quickXorHash(Buffer.from('mine')));
    expect(journal.openConflicts(P)).toEqual([expect.objectContaining({ path: 'notes.txt', conflictPath: copy })]);
  });

  it('deletions are recoverable: OneDrive recycle bin one way, the trash the other', async () => {
    await put('keep.txt', 'k');
    await put('gone-here.txt', 'x');
    drive.putFile('gone-there.txt', 'y');
    drive.putFile('k2.txt', 'k');
    drive.putFile('k3.txt', 'k');
    await pass();
    await rm(join(root, 'gone-here.txt'));
    await drive.delete(drive.byPath('gone-there.txt')!.item.id);
    await pass();
    await expectSame();
    expect(drive.recycleBin.map((i) => i.name)).toEqual(['gone-there.txt', 'gone-here.txt']);
    expect(await readdir(join(trashHome, 'Trash', 'files'))).toEqual(['gone-there.txt']);
  });

  it('deleted on one side, edited on the other: the edit comes back', async () => {
    await put('a.txt', 'v1');
    await pass();
    await rm(join(root, 'a.txt'));
    drive.putFile('a.txt', 'v2 edited remotely');
    await pass();
    await expectSame();
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('v2 edited remotely');
  });

  it('a big delete is held until forced', async () => {
    for (let i = 0; i < 12; i++) drive.putFile(`f${i}.txt`, String(i));
    await pass();
    for (let i = 0; i < 12; i++) await rm(join(root, `f${i}.txt`));
    const held = await pass();
    expect(held.plan.held).toMatchObject({ deletes: 12, total: 12 });
    expect(drive.files().size).toBe(12);
    await pass({ force: true });
    expect(drive.files().size).toBe(0);
  });

  it('a full disk fails that download only; the target stays intact and the next pass finishes', async () => {
    await put('media/big.bin', 'old local');
    drive.putFile('other.txt', 'fine');
    await pass();
    drive.putFile('media/big.bin', 'new remote content');
    drive.putFile('other2.txt', 'fine too');
    const full = new FaultFs(fs).inject({ ops: ['write'], path: (p) => p.startsWith('media/.~stratus-'), code: 'ENOSPC', afterBytes: 4, times: 1 });
    const r = await pass({ fs: full });
    expect(r.report?.failed).toEqual([expect.objectContaining({ path: 'media/big.bin', kind: 'no-space' })]);
    expect(await readFile(join(root, 'media/big.bin'), 'utf8')).toBe('old local');
    expect(await readFile(join(root, 'other2.txt'), 'utf8')).toBe('fine too');
    journal.clearFailure(P, 'media/big.bin');
    await pass();
    await expectSame();
    expect((await readdir(root)).filter((n) => n.includes('stratus'))).toEqual([]);
  });

  it('a remote failure is retried after its backoff, and the delta token waits for it', async () => {
    drive.putFile('a.txt', 'A');
    drive.failNext('download', new RemoteError('network', 'connection reset'));
    const r = await pass();
    expect(r.report?.failed.map((f) => f.kind)).toEqual(['network']);
    expect(journal.pair(P)?.deltaToken).toBeNull();
    expect(journal.failure(P, 'a.txt')?.attempts).toBe(1);
    await pass();
    expect(await localFiles(root)).toEqual(new Map());
    journal.clearFailure(P, 'a.txt');
    await pass();
    await expectSame();
    expect(journal.pair(P)?.deltaToken).not.toBeNull();
  });

  it('a forgotten delta token is handled without asking the user, and nothing is lost', async () => {
    await put('a.txt', 'A');
    drive.putFile('b.txt', 'B');
    await pass();
    drive.forgetTokens();
    await put('c.txt', 'C local while the token expired');
    drive.putFile('d.txt', 'D remote while the token expired');
    const r = await pass();
    expect(r.resynced).toBe(true);
    const files = await expectSame();
    expect([...files.keys()].sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
  });

  it('names OneDrive refuses are mapped on the way up and back', async () => {
    await put('what?.txt', 'q');
    await pass();
    expect([...drive.files().keys()]).toEqual(['what？.txt']);
    drive.calls.length = 0;
    const again = await pass();
    expect(again.plan.actions).toEqual([]);
  });
});
