import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAccounts } from '../identity/accounts.js';
import type { Item } from './model.js';
import { loadStore, persist } from './persist.js';
import { quickXorOf } from './quickxor.js';
import { DriveStore, makeContent } from './store.js';

const by = 'tester';
function setup(profile: 'personal' | 'business') {
  const store = DriveStore.create(profile, defaultAccounts(profile));
  const drive = store.driveFor(defaultAccounts(profile)[0]!.id)!;
  return { store, drive, root: store.root(drive) };
}
function must<T>(o: { ok: true; value: T } | { ok: false; code: string }): T {
  if (!o.ok) throw new Error(`expected success, got ${o.code}`);
  return o.value;
}

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('QuickXorHash', () => {
  it.each([
    ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['Sg==', 'SgAAAAAAAAAAAAAAAQAAAAAAAAA='],
    ['tbQ=', 'taAFAAAAAAAAAAAAAgAAAAAAAAA='],
    ['2fuxhBJXtpWFe8dOfdGeHw==', 'O9tHLAghgSvYohKFyMMxnNCHaHg='],
  ])('hashes %s as %s', (input, want) => {
    expect(quickXorOf(Buffer.from(input, 'base64'))).toBe(want);
  });
  it('hashes sparse zeros like real zeros', () => {
    expect(makeContent({ zeros: 1000 }).quickXorHash).toBe(quickXorOf(Buffer.alloc(1000)));
  });
});

describe('DriveStore', () => {
  it('gives personal drives 16-hex ids and personal-style item ids', () => {
    const { store, drive, root } = setup('personal');
    expect(drive.id).toMatch(/^[0-9a-f]{16}$/);
    expect(root.id).toBe(`${drive.id.toUpperCase()}!101`);
    const f = must(store.createFolder(root, 'Docs', { by }));
    expect(f.id).toMatch(/^[0-9A-F]{16}!\d+$/);
    expect(store.sites.size).toBe(0);
  });

  it('gives business a b! drive, 34-char ids, and SharePoint libraries', () => {
    const { store, drive, root } = setup('business');
    expect(drive.id.startsWith('b!')).toBe(true);
    expect(root.id).toMatch(/^01[A-Z2-7]{32}$/);
    expect([...store.drives.values()].filter((d) => d.driveType === 'documentLibrary').length).toBeGreaterThanOrEqual(2);
  });

  it('finds items by path ignoring case, keeps names as given, refuses case collisions', () => {
    const { store, root } = setup('personal');
    const a = must(store.createFolder(root, 'Alpha', { by }));
    const f = must(store.createFile(a, 'Read Me.TXT', makeContent(Buffer.from('hi')), { by }));
    expect(store.resolvePath(root, 'alpha/read me.txt').item?.id).toBe(f.id);
    expect(store.resolvePath(root, 'ALPHA/new.txt')).toMatchObject({ parent: { id: a.id }, leaf: 'new.txt' });
    expect(store.resolvePath(root, 'nope/new.txt')).toEqual({});
    expect(f.name).toBe('Read Me.TXT');
    expect(store.createFolder(a, 'read me.txt', { by })).toMatchObject({ ok: false, status: 409, code: 'nameAlreadyExists' });
    expect(must(store.createFolder(a, 'read me.txt', { by, conflict: 'rename' })).name).toBe('read me 1.txt');
  });

  it('refuses invalid names and over-long paths with the service error codes', () => {
    const { store, root } = setup('business');
    expect(store.createFolder(root, 'a:b', { by })).toMatchObject({ status: 400, code: 'invalidRequest', inner: 'nameContainsInvalidCharacters' });
    expect(store.createFolder(root, 'trailing.', { by })).toMatchObject({ status: 400 });
    expect(store.createFolder(root, '~lead', { by })).toMatchObject({ status: 400 });
    expect(store.createFolder(root, 'CON', { by })).toMatchObject({ status: 400, inner: 'invalidName' });
    expect(store.createFolder(root, 'x'.repeat(401), { by })).toMatchObject({ status: 400, inner: 'pathIsTooLong' });
    expect(store.createFile(root, 'huge.bin', makeContent({ zeros: 250 * 1024 ** 3 + 1 }), { by })).toMatchObject({ status: 400, inner: 'maxFileSizeExceeded' });
    expect(store.createFile(root, 'big.bin', makeContent({ zeros: 250 * 1024 ** 3 }), { by })).toMatchObject({ ok: true });
  });

  it('bumps eTag and cTag on content, only eTag on rename, and keeps folder sizes and quota', () => {
    const { store, drive, root } = setup('business');
    const dir = must(store.createFolder(root, 'd', { by }));
    const f = must(store.createFile(dir, 'f.bin', makeContent(Buffer.alloc(100)), { by }));
    const [e0, c0, dirC0] = [f.eTagVersion, f.cTagVersion, dir.cTagVersion];
    store.setContent(f, makeContent(Buffer.alloc(300)), { by, fsInfo: { lastModifiedDateTime: '2020-01-02T03:04:05.678Z' } });
    expect([f.eTagVersion > e0, f.cTagVersion > c0, dir.cTagVersion > dirC0]).toEqual([true, true, true]);
    expect(f.fileSystemInfo.lastModifiedDateTime).toBe('2020-01-02T03:04:05Z');
    expect(dir.size).toBe(300);
    expect(f.versions.map((v) => v.id)).toEqual(['1.0', '2.0']);
    expect(drive.quotaUsed).toBe(400);
    const c1 = f.cTagVersion;
    must(store.update(f, { name: 'g.bin' }, by));
    expect(f.cTagVersion).toBe(c1);
    must(store.update(f, { fsInfo: { lastModifiedDateTime: '2021-01-01T00:00:00Z' } }, by));
    expect(f.versions.length).toBe(3); // business: a version per fileSystemInfo change
    expect(drive.quotaUsed).toBe(700);
  });

  it('moves deleted items to the recycle bin, out of lookups, into the change log', () => {
    const { store, drive, root } = setup('personal');
    const dir = must(store.createFolder(root, 'd', { by }));
    const f = must(store.createFile(dir, 'f', makeContent(Buffer.alloc(10)), { by }));
    const mark = store.seq;
    must(store.remove(dir, by));
    expect(store.get(f.id)).toBeUndefined();
    expect(store.childByName(root, 'd')).toBeUndefined();
    expect(store.recycleBin(drive).map((i) => i.id)).toEqual([dir.id]);
    expect(drive.quotaDeleted).toBe(10);
    expect(store.changes(drive, mark, store.seq, 100).items.map((i: Item) => i.id).sort()).toEqual([dir.id, f.id].sort());
    must(store.purge(dir, by));
    expect([drive.quotaDeleted, drive.quotaUsed]).toEqual([0, 0]);
  });

  it('lists changes in order, each item once at its latest change, in pages', () => {
    const { store, drive, root } = setup('personal');
    const a = must(store.createFolder(root, 'a', { by }));
    const b = must(store.createFolder(root, 'b', { by }));
    must(store.update(a, { name: 'a2' }, by));
    const first = store.changes(drive, 0, store.seq, 2);
    expect(first.items.map((i) => i.id)).toEqual([root.id, b.id]);
    expect(first.more).toBe(true);
    expect(store.changes(drive, first.next, store.seq, 2).items.map((i) => i.id)).toEqual([a.id]);
  });

  it('survives a restart with --data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-store-'));
    dirs.push(dir);
    const { store, root } = setup('personal');
    const p = persist(store, dir);
    const f = must(store.createFile(root, 'keep.txt', makeContent(Buffer.from('kept bytes')), { by }));
    store.setContent(f, makeContent(Buffer.from('newer bytes')), { by });
    p.flush();
    const again = loadStore(dir, () => { throw new Error('should load'); });
    const back = again.get(f.id)!;
    expect(back.content?.data?.toString()).toBe('newer bytes');
    expect(back.versions.map((v) => v.content.data?.toString())).toEqual(['kept bytes', 'newer bytes']);
    expect(again.childByName(again.items.get(root.id)!, 'KEEP.txt')?.id).toBe(f.id);
    expect(again.seq).toBe(store.seq);
    const next = must(again.createFolder(again.items.get(root.id)!, 'n', { by }));
    expect(next.id).not.toBe(f.id);
  });
});
