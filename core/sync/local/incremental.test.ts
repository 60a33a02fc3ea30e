import { describe, expect, it } from 'vitest';
import type { JournalRow } from '../journal/types.js';
import { observeLocalChanges } from './incremental.js';
import type { ScanResult } from './scan.js';

const row = (path: string, kind: 'file' | 'dir' = 'file'): JournalRow => ({
  path, driveId: 'd', itemId: `id-${path}`, parentId: null, name: path.split('/').at(-1)!, kind, size: 1, mtimeMs: 1,
  quickXorHash: kind === 'file' ? 'h' : null, eTag: null, cTag: null, localSize: 1, localMtimeMs: 1, localIno: `ino-${path}`,
});

describe('observeLocalChanges', () => {
  it('reads each changed path once, a folder with all under it, and keeps every other row as the journal has it', async () => {
    const asked: string[] = [];
    const scan = (under: string): Promise<ScanResult> => {
      asked.push(under);
      const entries = under === 'a' ? [{ path: 'a', kind: 'dir' as const, size: 0, mtimeMs: 2, ino: 'new' }] : [];
      return Promise.resolve({ entries, unsure: under === 'x' ? ['x'] : [], problems: [], hashed: 0 });
    };
    const rows = [row('a', 'dir'), row('a/b', 'dir'), row('a/b/c'), row('a-c'), row('ab'), row('z')];
    const r = await observeLocalChanges(rows, ['a/b/c', 'a-c', 'a', 'a/b', 'x'], scan);
    expect(asked.sort()).toEqual(['a', 'a-c', 'x']);
    expect(r.entries.map((e) => `${e.path} ${e.ino}`).sort()).toEqual(['a new', 'ab ino-ab', 'z ino-z']);
    expect(r.entries.find((e) => e.path === 'z')).toEqual({ path: 'z', kind: 'file', size: 1, mtimeMs: 1, ino: 'ino-z', hash: 'h' });
    expect(r.unsure).toEqual(['x']);
  });

  it('a changed root means the whole folder', async () => {
    const asked: string[] = [];
    const r = await observeLocalChanges([row('a')], ['a', ''], (under) => (asked.push(under), Promise.resolve({ entries: [], unsure: [], problems: [], hashed: 0 })));
    expect(asked).toEqual(['']);
    expect(r.entries).toEqual([]);
  });
});
