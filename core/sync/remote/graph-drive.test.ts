// The engine against the emulator through core/onedrive's Graph client: both sides compared file by file by hash.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/index.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { contentSettings, openRig } from '../../onedrive/test/setup.js';
import type { Rig } from '../../onedrive/test/setup.js';
import { syncOnce } from '../engine/sync-once.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { GraphDrive } from './graph-drive.js';
import { driveFiles, localFiles } from '../test/tree-hashes.js';

let rig: Rig;
let root: string;
let journal: Journal;
let remote: GraphDrive;
let fs: NodeFs;

beforeEach(async () => {
  rig = await openRig('personal');
  root = join(rig.tmp, 'pair');
  await mkdir(root);
  const folder = await rig.drive.mkdir('Sync');
  remote = new GraphDrive(rig.drive.ctx, folder.id, 320 * 1024);
  journal = new Journal(join(rig.tmp, 'journal.db'));
  journal.putPair({ pairId: 'p', driveId: remote.driveId, remoteRootId: folder.id, localRoot: root });
  fs = new NodeFs(root, new FreedesktopTrash(join(rig.tmp, 'data')));
});
afterEach(async () => {
  journal.close();
  await rig.close();
});

const pass = () => syncOnce({
  pairId: 'p', fs, remote, journal, transfers: 4, now: () => Date.now(),
  options: defaultOptions(onedriveNameRules, 'laptop', Date.now(), { remoteRootPath: '/Sync' }),
  decode: (n) => onedriveEncoder.decode(n),
});



async function expectSame(): Promise<Map<string, string>> {
  const local = await localFiles(root);
  expect(local).toEqual(await driveFiles(rig.drive, 'Sync'));
  return local;
}

async function remoteWrite(path: string, text: string): Promise<void> {
  const src = join(rig.tmp, `src-${Math.random()}`);
  await writeFile(src, text);
  await rig.drive.upload(src, `Sync/${path}`);
  await rm(src);
}

describe('sync against the emulator (personal)', () => {
  it('first sync both ways, edits, a rename as a move, and a quiet second pass', async () => {
    await remoteWrite('cloud/a.txt', 'from the cloud');
    await mkdir(join(root, 'disk'));
    await writeFile(join(root, 'disk', 'b.txt'), 'from the disk');
    await writeFile(join(root, 'big.bin'), Buffer.alloc(700 * 1024, 7));
    await writeFile(join(root, 'empty.txt'), '');
    const first = await pass();
    expect(first.report?.failed).toEqual([]);
    await expectSame();

    await writeFile(join(root, 'disk', 'b.txt'), 'edited on disk');
    await remoteWrite('cloud/a.txt', 'edited in the cloud');
    await rename(join(root, 'big.bin'), join(root, 'renamed.bin'));
    const second = await pass();
    expect(second.report?.failed).toEqual([]);
    expect(second.plan.counts['move-remote']).toBe(1);
    expect(second.plan.counts.upload).toBe(1);
    const files = await expectSame();
    expect(files.has('renamed.bin')).toBe(true);

    const quiet = await pass();
    expect(quiet.plan.actions).toEqual([]);
    expect(quiet.requests).toBe(1);
  });

  it('a conflict keeps both versions on both sides', async () => {
    await writeFile(join(root, 'n.txt'), 'original');
    await pass();
    await writeFile(join(root, 'n.txt'), 'mine, longer');
    await remoteWrite('n.txt', 'theirs');
    await pass();
    await pass();
    const files = await expectSame();
    expect(files.get('n.txt')).toBe(quickXorHash(Buffer.from('theirs')));
    expect([...files.values()]).toContain(quickXorHash(Buffer.from('mine, longer')));
  });
});

interface Logged { method: string; path: string; status: number }

/** The GETs of file content since the log was cleared: `/content` (redirect) or the download URL itself. */
type ContentGet = { via: 'content' | 'url'; status: number };

async function contentGets(): Promise<ContentGet[]> {
  const log = (await (await fetch(`${rig.e.adminUrl}/requests`)).json()) as { value: Logged[] };
  return log.value.filter((r) => r.method === 'GET').flatMap((r): ContentGet[] => {
    const path = r.path.split('?')[0]!;
    if (path.endsWith('/content')) return [{ via: 'content', status: r.status }];
    if (path === '/_download') return [{ via: 'url', status: r.status }];
    return [];
  });
}

const clearLog = async (): Promise<void> => { await fetch(`${rig.e.adminUrl}/requests`, { method: 'DELETE' }); };

describe('downloads use the URL delta gave', () => {
  it('a fresh download URL is fetched as is: one round trip per file, no /content redirect', async () => {
    await remoteWrite('a.txt', 'first file');
    await remoteWrite('d/b.txt', 'second file');
    await clearLog();
    const first = await pass();
    expect(first.report?.failed).toEqual([]);
    await expectSame();
    expect(await contentGets()).toEqual([{ via: 'url', status: 200 }, { via: 'url', status: 200 }]);
  });

  it('an expired download URL still downloads: refused once, then through /content', async () => {
    await remoteWrite('late.txt', 'arrives anyway');
    // Delta hands out URLs that are already expired; the redirect asked for afterwards gives a fresh one.
    await contentSettings(rig.e, { downloadUrlLifetimeMs: -1000 });
    const delta = remote.delta.bind(remote);
    remote.delta = async (cursor) => {
      const page = await delta(cursor);
      await contentSettings(rig.e, { downloadUrlLifetimeMs: 3600_000 });
      return page;
    };
    await clearLog();
    const first = await pass();
    expect(first.report?.failed).toEqual([]);
    const files = await expectSame();
    expect(files.get('late.txt')).toBe(quickXorHash(Buffer.from('arrives anyway')));
    expect(await contentGets()).toEqual([{ via: 'url', status: 401 }, { via: 'content', status: 302 }, { via: 'url', status: 200 }]);
  });
});
