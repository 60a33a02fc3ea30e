// --backup-dir against the emulator: a remote file about to be replaced or deleted is moved (one PATCH, no
// transfer) into the backup folder at its path in the pair, with a time suffix when that name is taken.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onedriveEncoder } from '../../names/encoder.js';
import { BackupFolder, backupDirProblem, backupName } from '../execute/backup.js';
import { bothSides, clearFaults, fault, hashOf, lastSeq, openPair, removeLocal, requests, writeLocal } from './harness.js';
import type { Pair } from './harness.js';

let p: Pair;
afterEach(async () => { await p.close(); });

interface TreeItem { path?: string; kind: string; quickXorHash?: string }

/** Files under /Backup (path → hash) and the hashes in the recycle bin, through the admin API. */
async function backupSide(): Promise<{ files: Map<string, string>; recycled: string[] }> {
  const tree = (await (await fetch(`${p.rig.e.adminUrl}/tree`)).json()) as { items: TreeItem[]; recycleBin: TreeItem[] };
  const files = new Map<string, string>();
  for (const it of tree.items) {
    const path = (it.path ?? '').replace(/^\//, '');
    if (it.kind === 'file' && path.startsWith('Backup/')) files.set(path.slice('Backup/'.length), it.quickXorHash ?? '?');
  }
  return { files, recycled: tree.recycleBin.map((it) => it.quickXorHash ?? '?') };
}

describe.each(['personal', 'business'] as const)('backup folder (%s)', (profile) => {
  let backup: BackupFolder;
  beforeEach(async () => {
    p = await openPair(profile);
    backup = new BackupFolder(p.remote, {
      root: async () => (await p.rig.drive.mkdir('Backup', { parents: true })).id,
      encode: (n) => onedriveEncoder.encode(n),
      now: () => Date.UTC(2026, 10, 27, 10, 15, 0),
    });
  });

  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      const r = await p.pass({ backup });
      expect(r.report?.failed ?? []).toEqual([]);
      if (r.plan.actions.length === 0) return;
    }
    throw new Error('the sync never settled');
  };

  it('a file replaced by a local edit keeps its old version in the backup folder, moved there, not sent again', async () => {
    await writeLocal(p, 'docs/report.docx', 'v1');
    await settle();
    const seq = await lastSeq(p);
    await writeLocal(p, 'docs/report.docx', 'v2, edited here');
    await settle();
    const { local, remote } = await bothSides(p);
    expect(local).toEqual(remote);
    expect(remote.get('docs/report.docx')).toBe(hashOf('v2, edited here'));
    expect((await backupSide()).files).toEqual(new Map([['docs/report.docx', hashOf('v1')]]));
    const log = await requests(p, seq);
    // v1 moved by one PATCH; only v2 went up, and nothing came down.
    expect(log.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(log.filter((r) => r.method === 'GET' && (r.path.includes('/content') || r.path.startsWith('/_download')))).toEqual([]);

    await writeLocal(p, 'docs/report.docx', 'v3, edited again');
    await settle();
    expect((await backupSide()).files).toEqual(new Map([
      ['docs/report.docx', hashOf('v1')],
      ['docs/report (2026-11-27 101500).docx', hashOf('v2, edited here')],
    ]));
    expect((await bothSides(p)).remote.get('docs/report.docx')).toBe(hashOf('v3, edited again'));
  });

  it('an upload that fails after the old version was moved aside loses nothing: the next pass sends the file again', async () => {
    await writeLocal(p, 'plan.txt', 'v1');
    await settle();
    await writeLocal(p, 'plan.txt', 'v2');
    await fault(p, { method: 'POST', regex: 'createUploadSession', count: 1, status: 403, code: 'accessDenied' });
    const failed = await p.pass({ backup });
    expect(failed.report?.failed.map((f) => f.path)).toEqual(['plan.txt']);
    // In between, v1 is in the backup and v2 only here.
    expect((await backupSide()).files).toEqual(new Map([['plan.txt', hashOf('v1')]]));
    expect((await bothSides(p)).remote.has('plan.txt')).toBe(false);
    await clearFaults(p);
    p.later(3_600_000);
    await settle();
    const { local, remote } = await bothSides(p);
    expect(remote).toEqual(local);
    expect(remote.get('plan.txt')).toBe(hashOf('v2'));
    expect((await backupSide()).files).toEqual(new Map([['plan.txt', hashOf('v1')]]));
  });

  it('a file and a folder deleted here go to the backup folder, not the recycle bin', async () => {
    await writeLocal(p, 'keep.txt', 'keep');
    await writeLocal(p, 'old/notes.txt', 'notes');
    await writeLocal(p, 'old/deep/plan.txt', 'plan');
    await writeLocal(p, 'gone.txt', 'gone');
    await settle();
    await removeLocal(p, 'gone.txt');
    await removeLocal(p, 'old');
    await settle();
    const { local, remote } = await bothSides(p);
    expect(local).toEqual(remote);
    expect([...remote.keys()]).toEqual(['keep.txt']);
    const kept = await backupSide();
    expect(kept.files).toEqual(new Map([['gone.txt', hashOf('gone')], ['old/notes.txt', hashOf('notes')], ['old/deep/plan.txt', hashOf('plan')]]));
    expect(kept.recycled).toEqual([]);
  });
});

describe('backup folder rules', () => {
  it('refuses a backup folder inside the pair, the pair inside it, and the drive root', () => {
    expect(backupDirProblem('Documents/Work', 'Documents/Work/backup')).toMatch(/inside the pair's folder/);
    expect(backupDirProblem('/Documents/Work/', 'documents/work')).toMatch(/inside the pair's folder/);
    expect(backupDirProblem('', 'Backup')).toMatch(/inside the pair's folder/);
    expect(backupDirProblem('Documents/Work', 'Documents')).toMatch(/inside the backup folder/);
    expect(backupDirProblem('Documents/Work', '/')).toMatch(/root/);
    expect(backupDirProblem('Documents/Work', 'Documents/Work backup')).toBeNull();
  });

  it('names a second backup of a file by the time, in UTC, keeping the extension', () => {
    const at = Date.UTC(2026, 10, 27, 10, 15, 0);
    expect(backupName('report.final.docx', at)).toBe('report.final (2026-11-27 101500).docx');
    expect(backupName('README', at, 2)).toBe('README (2026-11-27 101500 2)');
  });
});
