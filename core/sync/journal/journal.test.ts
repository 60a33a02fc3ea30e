import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, migrate, MIGRATIONS } from './index.js';
import type { JournalRow } from './index.js';

let dir: string;
let file: string;
let j: Journal;
const P = 'pair-1';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-journal-'));
  file = join(dir, 'journal.db');
  j = new Journal(file);
  j.putPair({ pairId: P, driveId: 'd1', remoteRootId: 'root!1', localRoot: '/home/u/OneDrive' });
});
afterEach(async () => {
  j.close();
  await rm(dir, { recursive: true, force: true });
});

function row(path: string, over: Partial<JournalRow> = {}): JournalRow {
  return {
    path, driveId: 'd1', itemId: `id:${path}`, parentId: 'root!1', name: path.split('/').pop()!, kind: 'file',
    size: 10, mtimeMs: 1_700_000_000_000, quickXorHash: 'AAAA', eTag: 'e1', cTag: 'c1',
    localSize: 10, localMtimeMs: 1_700_000_000_000, localIno: '18446744073709551615', ...over,
  };
}

describe('schema', () => {
  it('uses WAL and reaches the latest version', () => {
    expect(j.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(j.schemaVersion()).toBe(MIGRATIONS.length);
  });

  it('migrating again changes nothing', () => {
    j.apply(P, [{ op: 'put', row: row('a') }]);
    expect(migrate(j.db)).toBe(MIGRATIONS.length);
    j.close();
    j = new Journal(file);
    expect(j.schemaVersion()).toBe(MIGRATIONS.length);
    expect(j.item(P, 'a')).not.toBeNull();
  });

  it('upgrades a journal left at an older version, step by step', () => {
    j.close();
    const old = join(dir, 'old.db');
    const db = new Database(old);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO pairs VALUES ('p', 'd', 'r', '/x', 'tok')").run();
    db.close();
    j = new Journal(old);
    expect(j.schemaVersion()).toBe(MIGRATIONS.length);
    expect(j.pair('p')?.deltaToken).toBe('tok');
    j.saveUpload('p', { path: 'f', url: 'https://u', offset: 0, expiresAtMs: 1, localSize: 1, localMtimeMs: 1 });
  });

  it('refuses a journal from a newer version instead of corrupting it', () => {
    j.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    j.close();
    expect(() => new Journal(file)).toThrow(/newer Stratus/);
    j = new Journal(join(dir, 'other.db'));
  });
});

describe('items', () => {
  it('keeps 64-bit inodes exact and reads rows back as written', () => {
    const r = row('docs/a.txt', { parentId: null, quickXorHash: null });
    j.apply(P, [{ op: 'put', row: r }]);
    expect(j.item(P, 'docs/a.txt')).toEqual(r);
    expect(j.itemById(P, 'id:docs/a.txt')?.path).toBe('docs/a.txt');
  });

  it('moves a folder with everything under it, and nothing that merely shares a prefix', () => {
    j.apply(P, [
      { op: 'put', row: row('A', { kind: 'dir' }) },
      { op: 'put', row: row('A/x') },
      { op: 'put', row: row('A/B/y') },
      { op: 'put', row: row('AB') },
      { op: 'put', row: row('A_%') },
    ]);
    j.apply(P, [{ op: 'move', from: 'A', to: 'Z/A2' }]);
    expect([...j.items(P)].map((r) => r.path).sort()).toEqual(['AB', 'A_%', 'Z/A2', 'Z/A2/B/y', 'Z/A2/x']);
  });

  it('removes a subtree without touching siblings that share a prefix', () => {
    j.apply(P, [{ op: 'put', row: row('A') }, { op: 'put', row: row('A/x') }, { op: 'put', row: row('AB') }]);
    j.apply(P, [{ op: 'remove', path: 'A', subtree: true }]);
    expect([...j.items(P)].map((r) => r.path)).toEqual(['AB']);
  });

  it('keeps one row per item id: a put at a new path replaces the old one', () => {
    j.apply(P, [{ op: 'put', row: row('old', { itemId: 'X' }) }]);
    j.apply(P, [{ op: 'put', row: row('new', { itemId: 'X' }) }]);
    expect([...j.items(P)].map((r) => r.path)).toEqual(['new']);
  });

  it('applies a batch all or nothing when it fails part way', () => {
    j.apply(P, [{ op: 'put', row: row('kept') }, { op: 'token', token: 't1' }]);
    const bad = { ...row('b'), kind: 'symlink' } as unknown as JournalRow;
    expect(() => j.apply(P, [{ op: 'put', row: row('a') }, { op: 'token', token: 't2' }, { op: 'put', row: bad }])).toThrow();
    expect([...j.items(P)].map((r) => r.path)).toEqual(['kept']);
    expect(j.pair(P)?.deltaToken).toBe('t1');
  });

  it('survives the process being killed in the middle of a batch: none of the batch, all of the one before', () => {
    j.apply(P, [{ op: 'put', row: row('before') }, { op: 'token', token: 'T1' }]);
    j.close();
    const child = fileURLToPath(new URL('./test/kill-mid-batch.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', child, file, P], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    j = new Journal(file);
    expect([...j.items(P)].map((x) => x.path)).toEqual(['before']);
    expect(j.pair(P)?.deltaToken).toBe('T1');
  });

  it('keeps everything across a reopen', () => {
    j.apply(P, [{ op: 'put', row: row('a') }, { op: 'token', token: 'tok' }]);
    j.saveUpload(P, { path: 'big.iso', url: 'https://up/1', offset: 327_680, expiresAtMs: 5, localSize: 10, localMtimeMs: 7 });
    j.saveDownload(P, { itemId: 'i9', tempPath: '.~stratus-1.partial', offset: 1024, eTag: 'e9' });
    j.close();
    j = new Journal(file);
    expect(j.item(P, 'a')).toEqual(row('a'));
    expect(j.pair(P)?.deltaToken).toBe('tok');
    expect(j.upload(P, 'big.iso')?.offset).toBe(327_680);
    expect(j.downloads(P)).toEqual([{ itemId: 'i9', tempPath: '.~stratus-1.partial', offset: 1024, eTag: 'e9' }]);
    j.dropUpload(P, 'big.iso');
    j.dropDownload(P, 'i9');
    expect(j.upload(P, 'big.iso')).toBeNull();
    expect(j.download(P, 'i9')).toBeNull();
  });

  it('forgets everything about a removed pair', () => {
    j.apply(P, [{ op: 'put', row: row('a') }]);
    j.logConflict(P, 'a', 'a (conflict)', 'both changed', 1);
    j.removePair(P);
    expect(j.count(P)).toBe(0);
    expect(j.openConflicts(P)).toEqual([]);
  });
});

describe('failures', () => {
  it('backs off exponentially up to the cap, and clears on success', () => {
    const jj = new Journal(join(dir, 'b.db'), { baseMs: 1000, maxMs: 5000 });
    jj.putPair({ pairId: P, driveId: 'd', remoteRootId: 'r', localRoot: '/x' });
    const waits = [0, 1, 2, 3, 4].map((i) => {
      const f = jj.recordFailure(P, 'f', 'permission', 'denied', 100 * i);
      return f.nextAttemptAtMs - 100 * i;
    });
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(jj.failure(P, 'f')).toMatchObject({ attempts: 5, firstAtMs: 0 });
    expect(jj.isBackingOff(P, 'f', 401)).toBe(true);
    expect(jj.isBackingOff(P, 'f', 5400)).toBe(false);
    jj.clearFailure(P, 'f');
    expect(jj.failures(P)).toEqual([]);
    jj.close();
  });
});

describe('conflict log', () => {
  it('lists open conflicts and resolves each once', () => {
    const a = j.logConflict(P, 'r.docx', 'r (conflict host 2026-01-01 120000).docx', 'changed on both sides', 10);
    j.logConflict(P, 's.txt', 's (conflict host 2026-01-01 120001).txt', 'changed on both sides', 11);
    expect(j.openConflicts(P).map((c) => c.path)).toEqual(['r.docx', 's.txt']);
    expect(j.resolveConflict(a, 'keep-both', 20)).toBe(true);
    expect(j.resolveConflict(a, 'keep-mine', 21)).toBe(false);
    expect(j.openConflicts(P).map((c) => c.path)).toEqual(['s.txt']);
  });
});
