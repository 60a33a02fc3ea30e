// Builders for reconcile tables: a file that was synced, then changed on either side.
import type { JournalRow } from '../../journal/types.js';
import { defaultOptions } from '../options.js';
import { onedriveNameRules } from '../name-rules.js';
import type { LocalEntry, PairOptions, RemoteEntry } from '../types.js';

export const NOW = Date.UTC(2026, 10, 27, 9, 8, 7);
export const T0 = 1_700_000_000_000;

export function opts(over: Partial<PairOptions> = {}): PairOptions {
  return defaultOptions(onedriveNameRules, 'laptop', NOW, over);
}

const ino = (path: string) => String(1000 + [...path].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7));
const id = (path: string) => `ID-${path}`;

/** The journal row of `path` as last synced: size 10, hash H0, mtime T0 on both sides. */
export function row(path: string, over: Partial<JournalRow> = {}): JournalRow {
  const kind = over.kind ?? 'file';
  return {
    path, driveId: 'D', itemId: id(path), parentId: 'ROOT', name: path.slice(path.lastIndexOf('/') + 1), kind,
    size: kind === 'dir' ? 0 : 10, mtimeMs: T0, quickXorHash: kind === 'dir' ? null : 'H0', eTag: 'e0', cTag: kind === 'dir' ? null : 'c0',
    localSize: kind === 'dir' ? 0 : 10, localMtimeMs: T0, localIno: ino(path), ...over,
  };
}

/** The local entry of `path`, unchanged since the row unless overridden. */
export function local(path: string, over: Partial<LocalEntry> = {}): LocalEntry {
  const kind = over.kind ?? 'file';
  return { path, kind, size: kind === 'dir' ? 0 : 10, mtimeMs: T0, ino: ino(path), ...(kind === 'file' ? { hash: 'H0' } : {}), ...over };
}

/** The remote entry of `path`, unchanged since the row unless overridden. */
export function remote(path: string, over: Partial<RemoteEntry> = {}): RemoteEntry {
  const kind = over.kind ?? 'file';
  return {
    path, id: id(path), parentId: 'ROOT', name: path.slice(path.lastIndexOf('/') + 1), kind, size: kind === 'dir' ? 0 : 10,
    mtimeMs: T0, eTag: 'e0', ...(kind === 'file' ? { hash: 'H0', cTag: 'c0' } : {}), ...over,
  };
}

/** A local edit: new size, time and hash. */
export const edited: Partial<LocalEntry> = { size: 12, mtimeMs: T0 + 5000, hash: 'H1' };
/** A local touch: new time, same bytes. */
export const touched: Partial<LocalEntry> = { mtimeMs: T0 + 5000, hash: 'H0' };
/** A remote edit: new tags, size and hash. */
export const redited: Partial<RemoteEntry> = { size: 14, mtimeMs: T0 + 7000, hash: 'H2', eTag: 'e1', cTag: 'c1' };
/** A remote touch: new eTag and time, same content tag. */
export const rtouched: Partial<RemoteEntry> = { mtimeMs: T0 + 7000, eTag: 'e1' };
