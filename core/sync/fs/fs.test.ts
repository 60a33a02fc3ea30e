import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitTemp, FaultFs, FreedesktopTrash, FsError, NodeFs, writeAtomic } from './index.js';

let dir: string;
let fs: NodeFs;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-fs-'));
  await writeFile(join(dir, 'a.txt'), 'hello');
  fs = new NodeFs(join(dir), new FreedesktopTrash(join(dir, '.data'), 1000, () => new Date(2026, 0, 2, 3, 4, 5)));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (s: string) => [Buffer.from(s)];

describe('NodeFs', () => {
  it('stats with an exact inode and reads entries with their kind', async () => {
    await symlink('a.txt', join(dir, 'link'));
    await fs.mkdir('sub/deeper');
    const info = await fs.lstat('a.txt');
    expect(info).toMatchObject({ kind: 'file', size: 5 });
    expect(info.ino).toMatch(/^\d+$/);
    expect((await fs.lstat('link')).kind).toBe('symlink');
    expect((await fs.stat('link')).kind).toBe('file');
    const names = (await fs.readdir('')).map((e) => `${e.name}:${e.kind}`).sort();
    expect(names).toEqual(expect.arrayContaining(['a.txt:file', 'link:symlink', 'sub:dir']));
  });

  it('turns errno into errors with a kind and a sentence', async () => {
    const err = await fs.stat('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FsError);
    expect(err).toMatchObject({ kind: 'not-found', path: 'missing' });
    expect((err as Error).message).toContain('no longer exists');
  });

  it('refuses paths that climb out of the root', async () => {
    await expect(fs.stat('../etc/passwd')).rejects.toMatchObject({ kind: 'other' });
    await expect(fs.stat('/etc/passwd')).rejects.toBeInstanceOf(FsError);
  });

  it('reads a stream from an offset', async () => {
    expect(await text(fs.readStream('a.txt', { start: 2 }))).toBe('llo');
  });

  it('appends when resuming a write', async () => {
    await fs.writeFile('b.bin', bytes('abc'));
    expect(await fs.writeFile('b.bin', bytes('def'), { append: true })).toBe(6);
    expect(await readFile(join(dir, 'b.bin'), 'utf8')).toBe('abcdef');
  });

  it('writes atomically with the given mtime and leaves no temp file', async () => {
    await writeAtomic(fs, 'a.txt', bytes('new content'), { mtimeMs: 1_700_000_000_000 });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('new content');
    expect((await fs.stat('a.txt')).mtimeMs).toBe(1_700_000_000_000);
    expect((await readdir(dir)).filter((n) => n.includes('stratus'))).toEqual([]);
  });

  it('does not replace a target that changed since it was observed', async () => {
    const seen = await fs.stat('a.txt');
    await writeFile(join(dir, 'a.txt'), 'user edit!');
    await fs.writeFile('.~t.partial', bytes('download'));
    const err = await commitTemp(fs, '.~t.partial', 'a.txt', { expect: seen }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'changed' });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('user edit!');
    expect(await readdir(dir)).not.toContain('.~t.partial');
  });

  it('does not create a file where it expected none if one appeared', async () => {
    await fs.writeFile('.~t.partial', bytes('download'));
    await expect(commitTemp(fs, '.~t.partial', 'a.txt', { expect: null })).rejects.toMatchObject({ kind: 'changed' });
    await fs.writeFile('.~u.partial', bytes('download'));
    await commitTemp(fs, '.~u.partial', 'fresh.txt', { expect: null });
    expect(await readFile(join(dir, 'fresh.txt'), 'utf8')).toBe('download');
  });
});

describe('FreedesktopTrash', () => {
  it('moves the file to Trash/files and writes a .trashinfo the desktop understands', async () => {
    await writeFile(join(dir, 'two words.txt'), 'x');
    await fs.trash('two words.txt');
    const trash = join(dir, '.data', 'Trash');
    expect(await readdir(join(trash, 'files'))).toEqual(['two words.txt']);
    const info = await readFile(join(trash, 'info', 'two words.txt.trashinfo'), 'utf8');
    expect(info).toBe(`[Trash Info]\nPath=${join(dir, 'two%20words.txt')}\nDeletionDate=2026-01-02T03:04:05\n`);
  });

  it('keeps both when the same name is trashed twice', async () => {
    await fs.trash('a.txt');
    await writeFile(join(dir, 'a.txt'), 'second');
    await fs.trash('a.txt');
    const files = (await readdir(join(dir, '.data', 'Trash', 'files'))).sort();
    expect(files).toEqual(['a.2.txt', 'a.txt']);
    expect(await readFile(join(dir, '.data', 'Trash', 'files', 'a.2.txt'), 'utf8')).toBe('second');
  });

  it('trashes folders whole', async () => {
    await fs.mkdir('folder/inner');
    await writeFile(join(dir, 'folder', 'inner', 'f'), 'x');
    await fs.trash('folder');
    expect(await readFile(join(dir, '.data', 'Trash', 'files', 'folder', 'inner', 'f'), 'utf8')).toBe('x');
  });
});

describe('FaultFs', () => {
  it('fails only the chosen operation on the chosen path, the chosen number of times', async () => {
    const f = new FaultFs(fs).inject({ ops: ['stat'], path: 'a.txt', code: 'EACCES', times: 1 });
    await expect(f.stat('a.txt')).rejects.toMatchObject({ kind: 'permission' });
    await expect(f.stat('a.txt')).resolves.toMatchObject({ size: 5 });
    await expect(f.lstat('a.txt')).resolves.toMatchObject({ size: 5 });
    expect(f.log).toEqual(['stat a.txt', 'stat a.txt', 'lstat a.txt']);
  });

  it('models a disk filling up mid-write: the target stays intact, the temp is cleaned up', async () => {
    const f = new FaultFs(fs).inject({ ops: ['write'], code: 'ENOSPC', afterBytes: 3 });
    const err = await writeAtomic(f, 'a.txt', bytes('a longer new content')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'no-space' });
    expect((err as Error).message).toContain('disk is full');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('hello');
    expect((await readdir(dir)).filter((n) => n.includes('stratus'))).toEqual([]);
  });

  it('fails reads through the stream and matches paths by pattern', async () => {
    const f = new FaultFs(fs).inject({ ops: ['read'], path: /\.txt$/, code: 'EIO' });
    await expect(text(f.readStream('a.txt'))).rejects.toMatchObject({ kind: 'io' });
    await expect(f.rename('a.txt', 'b.dat')).resolves.toBeUndefined();
  });

  it('hits a rename by either of its paths', async () => {
    const f = new FaultFs(fs).inject({ ops: ['rename'], path: 'target.txt', code: 'EACCES' });
    await expect(f.rename('a.txt', 'target.txt')).rejects.toMatchObject({ kind: 'permission' });
    f.clear();
    await expect(f.rename('a.txt', 'target.txt')).resolves.toBeUndefined();
  });
});
