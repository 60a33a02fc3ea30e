import { describe, expect, it } from 'vitest';
import type { JournalRow } from '../journal/types.js';
import type { ScanResult } from '../local/scan.js';
import type { LocalEntry } from '../reconcile/types.js';
import { localUnchanged } from './unchanged.js';

const row = (path: string, kind: 'file' | 'dir' = 'file', size = 3, mtime = 1000, ino = `i-${path}`): JournalRow => ({
  path, driveId: 'D', itemId: `id-${path}`, parentId: null, name: path, kind, size, mtimeMs: mtime, quickXorHash: null,
  eTag: null, cTag: null, localSize: size, localMtimeMs: mtime, localIno: ino,
});
const entry = (r: JournalRow, over: Partial<LocalEntry> = {}): LocalEntry => ({ path: r.path, kind: r.kind, size: r.kind === 'file' ? r.localSize : 0, mtimeMs: r.localMtimeMs, ino: r.localIno, ...over });
const scan = (entries: LocalEntry[], over: Partial<ScanResult> = {}): ScanResult => ({ entries, unsure: [], problems: [], hashed: 0, ...over });

const rows = [row('docs', 'dir'), row('docs/a.txt'), row('b.txt')];
const byPath = new Map(rows.map((r) => [r.path, r]));
const check = (s: ScanResult, selection: string[] = []) => localUnchanged(s, rows, byPath, selection);

describe('a full scan that found the folder as the journal has it', () => {
  it('is unchanged only when every row is there, the same, and nothing else is', () => {
    expect(check(scan(rows.map((r) => entry(r))))).toBe(true);
    expect(check(scan(rows.slice(1).map((r) => entry(r))))).toBe(false); // a folder gone
    expect(check(scan([...rows.map((r) => entry(r)), { path: 'new.txt', kind: 'file', size: 1, mtimeMs: 1, ino: 'n' }]))).toBe(false);
  });

  it.each([
    ['size', { size: 4 }], ['time', { mtimeMs: 1001 }], ['file id (replaced by a look-alike)', { ino: 'other' }], ['kind', { kind: 'dir' as const }],
  ])('is changed when a file differs in %s', (_what, over) => {
    expect(check(scan([entry(rows[0]!), entry(rows[1]!, over), entry(rows[2]!)]))).toBe(false);
  });

  it('says no when anything could not be read or is held back, so the usual pass reports it', () => {
    const all = rows.map((r) => entry(r));
    expect(check(scan(all, { unsure: ['docs'] }))).toBe(false);
    expect(check(scan(all, { problems: [{ path: 'x', kind: 'other', message: 'm' }] }))).toBe(false);
    expect(check(scan([...all, { path: 'link', kind: 'symlink', size: 0, mtimeMs: 1, ino: 'l' }]))).toBe(false);
  });

  it('leaves out what lies outside the chosen folders', () => {
    const chosen = [row('docs', 'dir'), row('docs/a.txt'), row('top.txt')];
    const m = new Map(chosen.map((r) => [r.path, r]));
    const found = [...chosen.map((r) => entry(r)), { path: 'music', kind: 'dir' as const, size: 0, mtimeMs: 1, ino: 'm' }, { path: 'music/s.mp3', kind: 'file' as const, size: 9, mtimeMs: 1, ino: 's' }];
    expect(localUnchanged(scan(found), chosen, m, ['docs'])).toBe(true);
  });
});
