import { randomBytes } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickXorHash } from '../hash/quickxor.js';
import { partialPath } from './download.js';
import { CHUNK_UNIT } from './options.js';
import { addFault, faults, graphFailure, requestLog } from '../graph/test/harness.js';
import { closeRigsAfterEach, openRig, setAccount } from './test/setup.js';
import type { Profile, Rig } from './test/setup.js';

let rig: Rig | undefined;
closeRigsAfterEach();

/** A local file of `size` random bytes. */
async function localFile(r: Rig, name: string, size: number): Promise<{ path: string; data: Buffer }> {
  const data = randomBytes(size);
  const path = join(r.tmp, name);
  await writeFile(path, data);
  return { path, data };
}

const chunk = CHUNK_UNIT; // 320 KiB chunks keep the tests small while still making several of them
const size = 3 * CHUNK_UNIT + 1234;

describe.each<Profile>(['personal', 'business'])('transfers on a %s drive', (profile) => {
  it('uploads in chunks with the mtime, reports progress, and downloads the same bytes back', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path, data } = await localFile(rig, 'up.bin', size);
    const mtime = new Date('2022-03-04T05:06:07Z');
    const progress: number[] = [];
    const item = await rig.drive.upload(path, 'dir/up.bin', { modTime: mtime, onProgress: (n) => progress.push(n) });
    expect(item.size).toBe(size);
    expect(item.file?.hashes?.quickXorHash).toBe(quickXorHash(data));
    expect(Date.parse(item.fileSystemInfo!.lastModifiedDateTime!)).toBe(mtime.getTime());
    // Live bytes as each chunk's body goes out, never going back, through every chunk's end to the size.
    expect(progress.every((n, i) => i === 0 || n >= progress[i - 1]!)).toBe(true);
    expect(progress).toEqual(expect.arrayContaining([chunk, 2 * chunk, 3 * chunk]));
    expect(progress.at(-1)).toBe(size);
    expect(progress.filter((n) => n % chunk !== 0 && n !== size).length).toBeGreaterThan(0);
    const puts = (await requestLog(rig.e)).filter((r) => r.method === 'PUT' && r.path.startsWith('/_upload/'));
    expect(puts).toHaveLength(4);

    const out = join(rig.tmp, 'down.bin');
    const got = await rig.drive.download('dir/up.bin', out);
    expect(got.id).toBe(item.id);
    expect((await readFile(out)).equals(data)).toBe(true);
    expect((await stat(out)).mtime.getTime()).toBe(mtime.getTime());
    expect((await readdir(rig.tmp)).filter((n) => n.endsWith('.stratus-partial'))).toEqual([]);
  });

  it('uploads an empty file with a simple PUT and sets its mtime', async () => {
    rig = await openRig(profile);
    const { path } = await localFile(rig, 'empty', 0);
    const mtime = new Date('2019-09-09T09:09:09Z');
    const item = await rig.drive.upload(path, 'empty.txt', { modTime: mtime });
    expect(item.size).toBe(0);
    expect(Date.parse(item.fileSystemInfo!.lastModifiedDateTime!)).toBe(mtime.getTime());
    expect((await requestLog(rig.e)).some((r) => r.path.includes('createUploadSession'))).toBe(false);
  });

  it('resumes from nextExpectedRanges when the connection drops mid-chunk', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path, data } = await localFile(rig, 'drop.bin', size);
    await addFault(rig.e, { method: 'PUT', path: '/_upload/*', drop: 'request', skip: 1, count: 1 });
    const item = await rig.drive.upload(path, 'drop.bin');
    expect(item.file?.hashes?.quickXorHash).toBe(quickXorHash(data));
    expect((await faults(rig.e))).toEqual([]);
    const log = await requestLog(rig.e);
    expect(log.some((r) => r.method === 'GET' && r.path.startsWith('/_upload/'))).toBe(true);
    expect(log.filter((r) => r.path.includes('createUploadSession'))).toHaveLength(1);
  });

  it('resumes after a refused range (416)', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path, data } = await localFile(rig, 'range.bin', size);
    await addFault(rig.e, { method: 'PUT', path: '/_upload/*', status: 416, code: 'invalidRange', skip: 2, count: 1 });
    const item = await rig.drive.upload(path, 'range.bin');
    expect(item.file?.hashes?.quickXorHash).toBe(quickXorHash(data));
  });

  it('starts a new session when the old one expired (404)', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path, data } = await localFile(rig, 'exp.bin', size);
    await addFault(rig.e, { method: 'PUT', path: '/_upload/*', status: 404, code: 'itemNotFound', skip: 1, count: 1 });
    const item = await rig.drive.upload(path, 'exp.bin');
    expect(item.file?.hashes?.quickXorHash).toBe(quickXorHash(data));
    expect((await requestLog(rig.e)).filter((r) => r.path.includes('createUploadSession'))).toHaveLength(2);
  });

  it('fails with a typed quota error, not retried, when the drive is full', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    await setAccount(rig.e, { quotaTotal: 1000 });
    const { path } = await localFile(rig, 'big.bin', size);
    const err = await graphFailure(rig.drive.upload(path, 'big.bin'));
    expect(err.kind).toBe('quota');
    expect(err.message).toMatch(/full/);
    const log = await requestLog(rig.e);
    expect(log.filter((r) => r.status === 507)).toHaveLength(1);
  });

  it('cancels the session on abort', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path } = await localFile(rig, 'abort.bin', size);
    const ac = new AbortController();
    const err = await graphFailure(rig.drive.upload(path, 'abort.bin', { signal: ac.signal, onProgress: () => ac.abort() }));
    expect(err.kind).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 50));
    expect((await requestLog(rig.e)).some((r) => r.method === 'DELETE' && r.path.startsWith('/_upload/'))).toBe(true);
    expect(await rig.drive.find('abort.bin')).toBeUndefined();
  });

  it('refuses a chunk size that is not a multiple of 320 KiB, with the rule', async () => {
    rig = await openRig(profile);
    const { path } = await localFile(rig, 'x.bin', 10);
    const err = await graphFailure(rig.drive.upload(path, 'x.bin', { chunkSize: 1_000_000 }));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(/multiple of 320 KiB.*at most 250 MiB/);
  });

  it('resumes a partial download with Range and survives a connection cut mid-body', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path, data } = await localFile(rig, 'src.bin', size);
    const item = await rig.drive.upload(path, 'src.bin');
    const out = join(rig.tmp, 'dst.bin');
    await writeFile(partialPath(out, item), data.subarray(0, 100_000));
    await addFault(rig.e, { method: 'GET', path: '/_download', drop: 'response', afterBytes: 200_000, count: 1 });
    await rig.drive.download('src.bin', out);
    expect((await readFile(out)).equals(data)).toBe(true);
    const ranged = (await requestLog(rig.e)).filter((r) => r.path.startsWith('/_download') && r.status === 206);
    expect(ranged.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a download whose bytes do not match OneDrive\'s hash, leaving the old file alone', async () => {
    rig = await openRig(profile, { chunk_size: chunk });
    const { path, data } = await localFile(rig, 'good.bin', size);
    const item = await rig.drive.upload(path, 'good.bin');
    const out = join(rig.tmp, 'target.bin');
    await writeFile(out, 'the old content');
    // A damaged partial file: the right length, the wrong bytes.
    await writeFile(partialPath(out, item), Buffer.alloc(100_000, 0xee));
    const err = await graphFailure(rig.drive.download('good.bin', out));
    expect(err.kind).toBe('hash-mismatch');
    expect(await readFile(out, 'utf8')).toBe('the old content');
    expect((await readdir(rig.tmp)).filter((n) => n.endsWith('.stratus-partial'))).toEqual([]);
    // The next try starts clean and succeeds.
    await rig.drive.download('good.bin', out);
    expect((await readFile(out)).equals(data)).toBe(true);
  });
});
