import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { FaultFs, FreedesktopTrash, NodeFs } from '../fs/index.js';
import type { LocalFs } from '../fs/index.js';
import type { LocalEntry } from '../reconcile/types.js';
import { DEFAULT_IGNORE, IgnoreRules } from '../reconcile/filters.js';
import { scanLocal } from './scan.js';
import type { KnownLocal, ScanOptions } from './scan.js';

let dir: string;
let fs: NodeFs;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-scan-'));
  fs = new NodeFs(dir, new FreedesktopTrash(join(tmpdir(), 'unused')));
  await mkdir(join(dir, 'docs', 'deep'), { recursive: true });
  await writeFile(join(dir, 'a.txt'), 'alpha');
  await writeFile(join(dir, 'docs', 'b.txt'), 'bravo');
  await writeFile(join(dir, 'docs', 'deep', 'c.txt'), 'charlie');
  await writeFile(join(dir, 'docs', '~$lock.docx'), 'office lock');
  await writeFile(join(dir, 'x.partial'), 'half a download');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(over: Partial<ScanOptions> = {}): ScanOptions {
  return { ignore: new IgnoreRules(DEFAULT_IGNORE), followSymlinks: false, known: () => undefined, ...over };
}

const qx = (s: string) => quickXorHash(Buffer.from(s));
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : 1);

/** The scan's answer the slow way, readdir and one lstat per name, for comparison; unreadable names are left out. */
async function walkOneByOne(fs: LocalFs, dir: string): Promise<LocalEntry[]> {
  const out: LocalEntry[] = [];
  const ignore = new IgnoreRules(DEFAULT_IGNORE);
  for (const d of await fs.readdir(dir).catch(() => [])) {
    const path = dir === '' ? d.name : `${dir}/${d.name}`;
    if (ignore.ignores(path)) continue;
    const info = await fs.lstat(path).catch(() => null);
    if (!info) continue;
    out.push({ path, kind: info.kind, size: info.kind === 'file' ? info.size : 0, mtimeMs: info.mtimeMs, ino: info.ino, hash: undefined });
    if (info.kind === 'dir') out.push(...(await walkOneByOne(fs, path)));
  }
  return out;
}

describe('scanLocal', () => {
  it('lists files and folders with size, inode and QuickXorHash, leaving ignored ones out', async () => {
    const r = await scanLocal(fs, options());
    const byPath = new Map(r.entries.map((e) => [e.path, e]));
    expect([...byPath.keys()].sort()).toEqual(['a.txt', 'docs', 'docs/b.txt', 'docs/deep', 'docs/deep/c.txt']);
    expect(byPath.get('docs/deep/c.txt')).toMatchObject({ kind: 'file', size: 7, hash: qx('charlie') });
    expect(byPath.get('docs')).toMatchObject({ kind: 'dir' });
    expect(byPath.get('a.txt')!.ino).toMatch(/^\d+$/);
    expect(r.problems).toEqual([]);
  });

  it('hashes only what the journal does not know or what changed in size or time', async () => {
    const first = await scanLocal(fs, options());
    const seen = new Map<string, KnownLocal>(first.entries.filter((e) => e.kind === 'file').map((e) => [e.path, { localSize: e.size, localMtimeMs: e.mtimeMs, quickXorHash: e.hash! }]));
    await writeFile(join(dir, 'docs', 'b.txt'), 'bravo 2');
    const t = new Date(Date.now() + 60_000);
    await utimes(join(dir, 'a.txt'), t, t);
    const faults = new FaultFs(fs);
    const again = await scanLocal(faults, options({ known: (p) => seen.get(p) }));
    expect(again.hashed).toBe(2);
    expect(faults.log.filter((l) => l.startsWith('read ')).sort()).toEqual(['read a.txt', 'read docs/b.txt']);
    expect(again.entries.find((e) => e.path === 'docs/deep/c.txt')?.hash).toBe(qx('charlie'));
    expect(again.entries.find((e) => e.path === 'docs/b.txt')?.hash).toBe(qx('bravo 2'));
  });

  it('reports symbolic links as links, without following them', async () => {
    await symlink(join(dir, 'docs'), join(dir, 'link-to-docs'));
    const r = await scanLocal(fs, options());
    expect(r.entries.find((e) => e.path === 'link-to-docs')).toMatchObject({ kind: 'symlink' });
    expect(r.entries.some((e) => e.path.startsWith('link-to-docs/'))).toBe(false);
  });

  it('follows links when asked, but never into a loop', async () => {
    await symlink(join(dir, 'docs'), join(dir, 'docs', 'deep', 'up'));
    await symlink(join(dir, 'a.txt'), join(dir, 'alias.txt'));
    const r = await scanLocal(fs, options({ followSymlinks: true }));
    expect(r.entries.find((e) => e.path === 'alias.txt')).toMatchObject({ kind: 'file', hash: qx('alpha') });
    expect(r.problems).toEqual([expect.objectContaining({ path: 'docs/deep/up', kind: 'loop' })]);
    expect(r.entries.some((e) => e.path.startsWith('docs/deep/up'))).toBe(false);
    expect(r.unsure).toEqual(['docs/deep/up']);
  });

  it('reports a special file as such', async () => {
    const made = spawnSync('mkfifo', [join(dir, 'pipe')]);
    expect(made.status).toBe(0);
    const r = await scanLocal(fs, options());
    expect(r.entries.find((e) => e.path === 'pipe')).toMatchObject({ kind: 'other' });
  });

  it('marks an unreadable folder and an unreadable file as unsure, and goes on', async () => {
    const faults = new FaultFs(fs)
      .inject({ ops: ['readdir'], path: 'docs/deep', code: 'EACCES' })
      .inject({ ops: ['read'], path: 'a.txt', code: 'EIO' });
    const r = await scanLocal(faults, options());
    expect(r.unsure.sort()).toEqual(['a.txt', 'docs/deep']);
    expect(r.problems.map((p) => `${p.path}:${p.kind}`).sort()).toEqual(['a.txt:io', 'docs/deep:permission']);
    expect(r.entries.map((e) => e.path).sort()).toEqual(['docs', 'docs/b.txt', 'docs/deep']);
  });

  it('marks the whole pair unsure when its folder is gone (an unmounted disk)', async () => {
    const gone = new NodeFs(join(dir, 'nope'), new FreedesktopTrash(join(tmpdir(), 'unused')));
    const r = await scanLocal(gone, options());
    expect(r.unsure).toEqual(['']);
    expect(r.entries).toEqual([]);
  });

  it('reports what one lstat per name would, on a tree with links, a pipe, ignored names and unreadable entries', async () => {
    await symlink(join(dir, 'docs'), join(dir, 'link-to-docs'));
    await symlink('nowhere', join(dir, 'docs', 'dangling'));
    expect(spawnSync('mkfifo', [join(dir, 'docs', 'pipe')]).status).toBe(0);
    await mkdir(join(dir, 'node', 'deeper'), { recursive: true });
    await writeFile(join(dir, 'node', 'deeper', 'd.txt'), 'delta');
    await writeFile(join(dir, 'node', 'e.txt'), 'echo');
    const faults = new FaultFs(fs)
      .inject({ ops: ['lstat'], path: 'node/e.txt', code: 'EIO' })
      .inject({ ops: ['readdir'], path: 'node/deeper', code: 'EACCES' });
    const r = await scanLocal(faults, options());
    const expected = await walkOneByOne(faults, '');
    expect(r.entries.map((e) => ({ ...e, hash: undefined })).sort(byPath)).toEqual(expected.sort(byPath));
    expect(expected.map((e) => e.path)).toEqual(expect.arrayContaining(['docs/dangling', 'docs/pipe', 'link-to-docs', 'node', 'node/deeper']));
    expect(r.unsure.sort()).toEqual(['node/deeper', 'node/e.txt']);
    expect(r.problems.map((p) => `${p.path}:${p.kind}`).sort()).toEqual(['node/deeper:permission', 'node/e.txt:io']);
  });

  it('scans one subtree for a watcher refresh', async () => {
    const r = await scanLocal(fs, options({ under: 'docs/deep' }));
    expect(r.entries.map((e) => e.path).sort()).toEqual(['docs/deep', 'docs/deep/c.txt']);
  });
});
