import { describe, expect, it } from 'vitest';
import type { JournalRow } from '../journal/types.js';
import { MAX_DOWNLOAD_URLS, observeRemote } from './observe.js';
import type { DeltaPage, RemoteDrive, RemoteItem } from './types.js';

const file = (id: string, name: string, parentId: string, cTag: string): RemoteItem => ({
  driveId: 'D', id, parentId, name, kind: 'file', size: 3, mtimeMs: 1000, quickXorHash: `h-${cTag}`, eTag: `e-${cTag}`, cTag, deleted: false,
  direct: { url: `https://dl.example/${id}?tempauth=secret`, seenAtMs: 1 },
});

/** A drive whose delta hands out the given items, 500 to a page. */
function driveWith(items: RemoteItem[]): RemoteDrive {
  const no = () => Promise.reject(new Error('only delta'));
  return {
    driveId: 'D', rootId: 'ROOT',
    delta: (cursor) => {
      const from = cursor?.kind === 'next' ? Number(cursor.link) : 0;
      const page: DeltaPage = {
        items: items.slice(from, from + 500),
        then: from + 500 < items.length ? { kind: 'next', cursor: { kind: 'next', link: String(from + 500) } } : { kind: 'done', token: 'T' },
      };
      return Promise.resolve(page);
    },
    upload: no, download: no, mkdir: no, move: no, delete: no, setMtime: no,
    listChildren: () => { throw new Error('only delta'); },
  };
}

const row = (id: string, path: string, cTag: string): JournalRow => ({
  path, driveId: 'D', itemId: id, parentId: 'ROOT', name: path, kind: 'file', size: 3, mtimeMs: 1000, quickXorHash: `h-${cTag}`,
  eTag: `e-${cTag}`, cTag, localSize: 3, localMtimeMs: 1000, localIno: '1',
});

describe('observeRemote', () => {
  it('keeps a download URL only where content may come down, and no more than the cap', async () => {
    const many = Array.from({ length: MAX_DOWNLOAD_URLS + 10 }, (_, i) => file(`I${i}`, `f${i}`, 'ROOT', 'c1'));
    const first = await observeRemote(driveWith(many), [], null, (n) => n);
    expect(first.entries).toHaveLength(many.length);
    expect(first.entries.filter((e) => e.direct).length).toBe(MAX_DOWNLOAD_URLS);

    // From a token: an item whose content the journal already holds (same cTag) needs no URL; an edited one does.
    const view = await observeRemote(driveWith([file('A', 'a.txt', 'ROOT', 'c1'), file('B', 'b.txt', 'ROOT', 'c2')]),
      [row('A', 'a.txt', 'c1'), row('B', 'b.txt', 'c1')], 'T0', (n) => n);
    const byId = new Map(view.entries.map((e) => [e.id, e]));
    expect(byId.get('A')?.direct).toBeUndefined();
    expect(byId.get('B')?.direct?.url).toContain('/B?');
    expect(byId.get('B')).toMatchObject({ path: 'b.txt', cTag: 'c2', hash: 'h-c2' });
  });

  it('gives every entry its path through its folders, whatever order delta used', async () => {
    const dir: RemoteItem = { driveId: 'D', id: 'F', parentId: 'ROOT', name: 'docs', kind: 'folder', size: 0, mtimeMs: 1000, deleted: false };
    const sub: RemoteItem = { ...dir, id: 'G', parentId: 'F', name: 'deep' };
    const view = await observeRemote(driveWith([file('X', 'x.txt', 'G', 'c'), sub, dir, file('Y', 'y.txt', 'F', 'c')]), [], null, (n) => n);
    expect(Object.fromEntries(view.entries.map((e) => [e.id, e.path]))).toEqual({ X: 'docs/deep/x.txt', G: 'docs/deep', F: 'docs', Y: 'docs/y.txt' });
  });

  it('keeps a journal path only while the item is still there: a folder renamed on OneDrive moves what it holds', async () => {
    const dirRow: JournalRow = { ...row('F', 'docs', 'c'), kind: 'dir', name: 'docs' };
    const inside: JournalRow = { ...row('X', 'docs/x.txt', 'c'), parentId: 'F', name: 'x.txt' };
    const other: JournalRow = { ...row('Y', 'y.txt', 'c'), name: 'y.txt' };
    const renamed: RemoteItem = { driveId: 'D', id: 'F', parentId: 'ROOT', name: 'papers', kind: 'folder', size: 0, mtimeMs: 1000, deleted: false };
    const view = await observeRemote(driveWith([renamed]), [dirRow, inside, other], 'T0', (n) => n);
    expect(Object.fromEntries(view.entries.map((e) => [e.id, e.path]))).toEqual({ F: 'papers', X: 'papers/x.txt', Y: 'y.txt' });
  });
});
