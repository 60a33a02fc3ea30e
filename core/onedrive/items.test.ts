import { describe, expect, it } from 'vitest';
import { graphFailure } from '../graph/test/harness.js';
import { closeRigsAfterEach, openRig, seed } from './test/setup.js';
import type { Profile, Rig } from './test/setup.js';

let rig: Rig | undefined;
closeRigsAfterEach();

describe.each<Profile>(['personal', 'business'])('items on a %s drive', (profile) => {
  it('knows its drive type', async () => {
    rig = await openRig(profile);
    expect(rig.drive.driveType).toBe(profile);
  });

  it('makes folders with -p, accepts an existing one, and refuses a plain mkdir of an existing folder only where the drive does', async () => {
    rig = await openRig(profile);
    const { drive } = rig;
    const made = await drive.mkdir('a/b/c', { parents: true });
    expect(made.name).toBe('c');
    expect((await drive.mkdir('a/b/c', { parents: true })).id).toBe(made.id);
    const again = drive.mkdir('a/b/c');
    if (profile === 'personal') expect((await again).id).toBe(made.id);
    else expect((await graphFailure(again)).kind).toBe('conflict');
    expect((await graphFailure(drive.mkdir('x/y'))).kind).toBe('not-found');
  });

  it('lists every child across pages, hiding OneNote notebooks unless asked', async () => {
    rig = await openRig(profile, {}, { pageSize: 3 });
    await seed(rig.e, [
      ...Array.from({ length: 7 }, (_, i) => ({ path: `docs/f${i}.txt`, content: `file ${i}` })),
      { path: 'docs/Notebook', package: 'oneNote' },
    ]);
    const names = (await rig.drive.list('docs', 3)).map((i) => i.name).sort();
    expect(names).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt', 'f6.txt']);
    const pages = [];
    for await (const p of rig.drive.listPages('docs', 3)) pages.push(p.length);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    await rig.close();
    rig = await openRig(profile, { expose_onenote_files: true }, { pageSize: 3 });
    await seed(rig.e, [{ path: 'docs/Notebook', package: 'oneNote' }]);
    expect((await rig.drive.list('docs')).map((i) => i.name)).toEqual(['Notebook']);
  });

  it('encodes restricted characters on the way in and decodes them on the way out', async () => {
    rig = await openRig(profile);
    const made = await rig.drive.mkdir('what? *now*', { parents: true });
    expect(made.name).toBe('what? *now*');
    const tree = await (await fetch(`${rig.e.adminUrl}/tree`)).text();
    expect(tree).toContain('what？ ＊now＊');
    expect((await rig.drive.list('')).map((i) => i.name)).toContain('what? *now*');
    expect((await rig.drive.get('what? *now*')).id).toBe(made.id);
  });

  it('follows a configured encoding: without the Question flag a "?" goes raw and OneDrive refuses the name', async () => {
    rig = await openRig(profile, { encoding: 'Slash,Asterisk' });
    expect((await rig.drive.mkdir('star*', { parents: true })).name).toBe('star*');
    expect(await (await fetch(`${rig.e.adminUrl}/tree`)).text()).toContain('star＊');
    const err = await graphFailure(rig.drive.mkdir('why?', { parents: true }));
    expect(err.kind).toBe('name');
    expect(err.message).toMatch(/does not accept the name/);
  });

  it('refuses a path over 400 characters as path-too-long, without retrying', async () => {
    rig = await openRig(profile);
    const long = Array.from({ length: 9 }, (_, i) => `${i}`.repeat(50)).join('/');
    const err = await graphFailure(rig.drive.mkdir(long, { parents: true }));
    expect(err.kind).toBe('path-too-long');
    expect(err.message).toMatch(/400 characters/);
  });

  it('moves and renames, keeping the modification time', async () => {
    rig = await openRig(profile);
    await seed(rig.e, [{ path: 'src/note.txt', content: 'hello', mtime: '2020-01-02T03:04:05Z' }, { path: 'dst', folder: true }]);
    const moved = await rig.drive.move('src/note.txt', { parent: 'dst', name: 'renamed.txt' });
    expect(moved.name).toBe('renamed.txt');
    expect(Date.parse(moved.fileSystemInfo!.lastModifiedDateTime!)).toBe(Date.parse('2020-01-02T03:04:05Z'));
    expect(await rig.drive.find('src/note.txt')).toBeUndefined();
    expect((await rig.drive.get('dst/renamed.txt')).id).toBe(moved.id);
    const toRoot = await rig.drive.move('dst/renamed.txt', { parent: '' });
    expect((await rig.drive.get('renamed.txt')).id).toBe(toRoot.id);
  });

  it('sets the modification time', async () => {
    rig = await openRig(profile);
    await seed(rig.e, [{ path: 'a.txt', content: 'a' }]);
    const when = new Date('2021-06-07T08:09:10Z');
    const item = await rig.drive.setModTime('a.txt', when);
    expect(Date.parse(item.fileSystemInfo!.lastModifiedDateTime!)).toBe(when.getTime());
  });

  it('deletes to the recycle bin, and permanently only where the drive allows', async () => {
    rig = await openRig(profile);
    await seed(rig.e, [{ path: 'a.txt', content: 'a' }, { path: 'b.txt', content: 'b' }]);
    await rig.drive.delete('a.txt');
    expect(await rig.drive.find('a.txt')).toBeUndefined();
    const perm = rig.drive.delete('b.txt', { permanent: true });
    if (profile === 'personal') {
      const err = await graphFailure(perm);
      expect(err.kind).toBe('unsupported');
      expect(err.message).toMatch(/personal cannot delete permanently/);
      expect(await rig.drive.find('b.txt')).toBeDefined();
    } else {
      await perm;
      expect(await rig.drive.find('b.txt')).toBeUndefined();
    }
  });

  it('copies on the server and follows the monitor to the new item', async () => {
    rig = await openRig(profile);
    await seed(rig.e, [{ path: 'orig.txt', content: 'copy me' }, { path: 'backup', folder: true }]);
    const copy = await rig.drive.copy('orig.txt', { parent: 'backup', name: 'copy.txt' });
    expect(copy.name).toBe('copy.txt');
    expect(copy.size).toBe(7);
    expect((await rig.drive.get('backup/copy.txt')).id).toBe(copy.id);
  });

  it('reports the quota', async () => {
    rig = await openRig(profile);
    const q = await rig.drive.quota();
    expect(q.total).toBeGreaterThan(0);
    expect(typeof q.used).toBe('number');
  });
});
