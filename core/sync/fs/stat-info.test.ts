import { lstatSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { quickXorOf } from '../local/scan.js';
import { FaultFs, FreedesktopTrash, NodeFs } from './index.js';
import { infoOf, infoOfBig, lstatInfoSync } from './stat-info.js';

let dir: string;
let fs: NodeFs;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-stat-'));
  fs = new NodeFs(dir, new FreedesktopTrash(join(dir, '.data')));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Number stats with a chosen file id, to reach ids no test disk hands out. */
function statsWithIno(ino: number): Stats {
  const real = lstatSync(dir);
  return Object.assign(Object.create(Object.getPrototypeOf(real) as object) as Stats, real, { ino });
}

describe('file ids and times from number stats', () => {
  it('keeps an id below 2^53 exact and refuses one that a double may have rounded', () => {
    expect(infoOf(statsWithIno(2 ** 53 - 1))?.ino).toBe('9007199254740991');
    // 2^53 + 1 has no double: it arrives as 2^53, which must not be taken for the real id.
    expect(infoOf(statsWithIno(2 ** 53 + 1))).toBeNull();
    expect(infoOf(statsWithIno(2 ** 63))).toBeNull();
  });

  it('gives the same id, size and whole-millisecond time as bigint stats', async () => {
    await writeFile(join(dir, 'now.txt'), 'written with the clock at nanoseconds');
    await writeFile(join(dir, 'set.txt'), 'a time set to whole seconds, as a download does');
    await utimes(join(dir, 'set.txt'), 1_700_000_000, 1_700_000_000);
    await writeFile(join(dir, 'frac.txt'), 'a fractional millisecond');
    await utimes(join(dir, 'frac.txt'), 1_700_000_000.1234567, 1_700_000_000.1234567);
    for (const name of ['now.txt', 'set.txt', 'frac.txt']) {
      const abs = join(dir, name);
      expect(lstatInfoSync(abs)).toEqual(infoOfBig(lstatSync(abs, { bigint: true })));
      expect(await fs.lstat(name)).toEqual(infoOfBig(lstatSync(abs, { bigint: true })));
    }
    expect((await fs.lstat('set.txt')).mtimeMs).toBe(1_700_000_000_000);
    expect((await fs.lstat('frac.txt')).mtimeMs).toBe(1_700_000_000_123);
  });
});

describe('readdirStats', () => {
  it('lists each name with what lstat says of it, for every kind of entry', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.txt'), 'alpha');
    await symlink('a.txt', join(dir, 'link'));
    await symlink('nowhere', join(dir, 'dangling'));
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    const listed = await fs.readdirStats('');
    expect(listed.map((e) => e.name).filter((n) => n !== '.data').sort()).toEqual(['a.txt', 'dangling', 'link', 'pipe', 'sub']);
    for (const e of listed) expect(e.info).toEqual(await fs.lstat(e.name));
    expect(Object.fromEntries(listed.map((e) => [e.name, e.info?.kind]))).toMatchObject({ 'a.txt': 'file', dangling: 'symlink', link: 'symlink', pipe: 'other', sub: 'dir' });
  });

  it('throws a listing error as an FsError of the folder', async () => {
    await expect(fs.readdirStats('missing')).rejects.toMatchObject({ kind: 'not-found', path: 'missing' });
    await writeFile(join(dir, 'file'), 'x');
    await expect(fs.readdirStats('file')).rejects.toMatchObject({ kind: 'not-a-folder' });
  });

  it('lets injected faults through: the listing as readdir, each name as lstat', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'a.txt'), 'a');
    await writeFile(join(dir, 'sub', 'b.txt'), 'b');
    const faults = new FaultFs(fs).inject({ ops: ['lstat'], path: 'sub/b.txt', code: 'EIO' });
    const listed = await faults.readdirStats('sub');
    expect(listed.find((e) => e.name === 'a.txt')?.info?.kind).toBe('file');
    expect(listed.find((e) => e.name === 'b.txt')?.error).toMatchObject({ kind: 'io', path: 'sub/b.txt' });
    faults.inject({ ops: ['readdir'], path: 'sub', code: 'EACCES' });
    await expect(faults.readdirStats('sub')).rejects.toMatchObject({ kind: 'permission' });
  });
});

describe('readSmall', () => {
  it('reads a file whole, or answers null when it holds more than expected', async () => {
    await writeFile(join(dir, 's.txt'), 'small file');
    expect(Buffer.from((await fs.readSmall('s.txt', 10))!).toString()).toBe('small file');
    expect(Buffer.from((await fs.readSmall('s.txt', 64))!).toString()).toBe('small file');
    expect(await fs.readSmall('s.txt', 9)).toBeNull();
    await expect(fs.readSmall('gone.txt', 10)).rejects.toMatchObject({ kind: 'not-found', path: 'gone.txt' });
    await expect(new FaultFs(fs).inject({ ops: ['read'], path: 's.txt', code: 'EIO' }).readSmall('s.txt', 10)).rejects.toMatchObject({ kind: 'io' });
  });

  it('hashes a file that grew since its lstat by streaming it, whole', async () => {
    await writeFile(join(dir, 'g.txt'), 'grew after it was looked at');
    expect(await quickXorOf(fs, 'g.txt', 4)).toBe(quickXorHash(Buffer.from('grew after it was looked at')));
    expect(await quickXorOf(fs, 'g.txt', 27)).toBe(quickXorHash(Buffer.from('grew after it was looked at')));
  });
});
