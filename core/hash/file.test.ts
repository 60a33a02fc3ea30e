import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashFileError, HashingTransform, Sha1Hash, hashFile, hashIterable, quickXorHash } from './index.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-hash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** rclone's own QuickXorHash of a local file. rclone prints URL-safe base64; Graph uses the standard alphabet. */
async function rcloneQuickXor(path: string): Promise<string> {
  const { stdout } = await run('rclone', ['hashsum', 'quickxor', '--base64', '--config', '/dev/null', '-q', path]);
  return stdout.trim().split(/\s+/)[0]!.replaceAll('-', '+').replaceAll('_', '/');
}

describe('hashFile', () => {
  it('computes quickxor and sha1 in one read, matching rclone and node', async () => {
    for (const size of [0, 1, 159, 160, 161, 1_048_575, 1_048_577, 3_000_017]) {
      const data = randomBytes(size);
      const path = join(dir, `f${size}`);
      await writeFile(path, data);
      const { digests, size: read } = await hashFile(path);
      expect(read).toBe(size);
      expect(digests.sha1).toBe(createHash('sha1').update(data).digest('hex'));
      expect(digests.quickxor).toBe(quickXorHash(data));
      expect(digests.quickxor, `rclone on ${size} bytes`).toBe(await rcloneQuickXor(path));
    }
  });

  it('computes only what is asked', async () => {
    const path = join(dir, 'only');
    await writeFile(path, 'hello');
    expect(Object.keys((await hashFile(path, ['quickxor'])).digests)).toEqual(['quickxor']);
    expect((await hashFile(path, ['sha1'])).digests).toEqual({ sha1: 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d' });
  });

  it('says clearly when the file is gone or is a folder', async () => {
    await expect(hashFile(join(dir, 'missing'))).rejects.toMatchObject({ kind: 'not-found' });
    const sub = join(dir, 'sub');
    await mkdir(sub);
    const err = await hashFile(sub).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashFileError);
    expect(err).toMatchObject({ kind: 'not-a-file' });
    expect((err as Error).message).toContain(sub);
  });
});

describe('hashing while data flows', () => {
  it('HashingTransform passes bytes through unchanged and hashes them', async () => {
    const data = randomBytes(300_001);
    const t = new HashingTransform();
    const out: Buffer[] = [];
    const chunks = Array.from({ length: Math.ceil(data.length / 7777) }, (_, i) => data.subarray(i * 7777, (i + 1) * 7777));
    await pipeline(Readable.from(chunks), t, async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) out.push(c);
    });
    expect(Buffer.concat(out).equals(data)).toBe(true);
    expect(await t.done).toEqual({ quickxor: quickXorHash(data), sha1: createHash('sha1').update(data).digest('hex') });
    expect(t.size).toBe(data.length);
  });

  it('hashIterable hashes async chunks', async () => {
    const data = randomBytes(5000);
    async function* gen() {
      for (let i = 0; i < data.length; i += 333) yield data.subarray(i, i + 333);
    }
    const r = await hashIterable(gen(), ['quickxor']);
    expect(r).toEqual({ digests: { quickxor: quickXorHash(data) }, size: 5000 });
  });

  it('Sha1Hash can digest midway and keep going', () => {
    const h = new Sha1Hash().update(Buffer.from('ab'));
    expect(h.digest()).toBe(createHash('sha1').update('ab').digest('hex'));
    expect(h.update(Buffer.from('c')).digest()).toBe(createHash('sha1').update('abc').digest('hex'));
  });
});
