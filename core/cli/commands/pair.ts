import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { backupDirProblem } from '../../sync/execute/backup.js';
import { lockPair } from '../../sync/runner/lock.js';
import { journalPath, loadPairs, MODES, newPairId, overlaps, savePairs } from '../../sync/runner/pairs.js';
import type { PairConfig } from '../../sync/runner/pairs.js';
import { forgetRemoteView, normalizeSelection } from '../../sync/runner/selection.js';
import type { OneDrive } from '../../onedrive/onedrive.js';
import type { SyncMode } from '../../sync/reconcile/types.js';
import { flag, has, need, UsageError } from '../args.js';
import type { Session } from '../session.js';

const ADD_USAGE = 'pair add --local DIR --remote PATH [--drive ID] [--mode two-way|upload-only|download-only] [--ignore PATTERN]... [--only FOLDER]... [--backup-dir PATH]';

/** The drive a pair syncs with: its own drive id if it has one, else the account's default drive. */
export async function driveFor(s: Session, pair: Pick<PairConfig, 'id' | 'driveId'>): Promise<OneDrive> {
  if (!pair.driveId) return s.onedrive();
  // Session opens other drives through named remotes; this one lives for this run only and is never saved.
  const name = `pair-${pair.id}`;
  s.config.remotes = { ...s.config.remotes, [name]: { drive_id: pair.driveId } };
  return s.onedrive(`${name}:`);
}

/** "remote:a/b", ":a/b", "/a/b" and "a/b" all name the folder a/b on the drive. */
function remoteFolder(arg: string): string {
  const path = arg.replace(/^[A-Za-z0-9_.-]*:/, '');
  return path.split('/').filter(Boolean).join('/');
}

function chosen(folders: string[]): string[] {
  try {
    return normalizeSelection(folders);
  } catch (e) {
    throw new UsageError(`--only: ${(e as Error).message}`);
  }
}

export async function pairCommand(s: Session, out: (l: string) => void): Promise<void> {
  const [sub] = need(s.args, 1, 'pair add|list|remove|select|backup');
  if (sub === 'add') return addPair(s, out);
  if (sub === 'select') return selectFolders(s, out);
  if (sub === 'backup') return setBackupDir(s, out);
  if (sub === 'list') return listPairs(s, out);
  if (sub === 'remove') return removePair(s, out);
  throw new UsageError(`unknown "pair ${sub}": use pair add, pair list, pair select, pair backup or pair remove`);
}

async function addPair(s: Session, out: (l: string) => void): Promise<void> {
  const localArg = flag(s.args, 'local');
  const remoteArg = flag(s.args, 'remote');
  if (!localArg || remoteArg === undefined) throw new UsageError(`usage: stratus ${ADD_USAGE}`);
  const mode = (flag(s.args, 'mode') ?? 'two-way') as SyncMode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, not "${mode}"`);
  const local = resolve(localArg);
  const pairs = await loadPairs(s.home);
  const clash = pairs.find((p) => overlaps(p.local, local));
  if (clash) throw new UsageError(`${local} overlaps pair ${clash.id} (${clash.local}): two pairs cannot share a folder`);
  const pair: PairConfig = {
    id: newPairId(), local, remote: remoteFolder(remoteArg), driveId: flag(s.args, 'drive') ?? '', mode,
    ignore: s.args.lists.get('ignore') ?? [], selection: chosen(s.args.lists.get('only') ?? []),
  };
  const backupArg = flag(s.args, 'backup-dir');
  if (backupArg !== undefined) {
    pair.backupDir = remoteFolder(backupArg);
    const problem = backupDirProblem(pair.remote, pair.backupDir);
    if (problem) throw new UsageError(problem);
  }
  // Both folders exist from the start, so a later dry run has something to compare and changes nothing.
  const drive = await driveFor(s, pair);
  if (pair.remote) await drive.mkdir(pair.remote, { parents: true });
  await mkdir(local, { recursive: true });
  pairs.push(pair);
  await savePairs(s.home, pairs);
  out(`Added pair ${pair.id}: ${describePair(pair)}`);
}

export function describePair(p: PairConfig): string {
  const arrow = p.mode === 'upload-only' ? '->' : p.mode === 'download-only' ? '<-' : '<->';
  const extras = [p.driveId ? `drive ${p.driveId}` : '', p.selection.length ? `only ${p.selection.join(', ')}` : '', p.ignore.length ? `ignore ${p.ignore.join(' ')}` : '', p.backupDir ? `backup to :/${p.backupDir}` : ''].filter(Boolean);
  return `${p.local} ${arrow} :/${p.remote} (${p.mode}${extras.length ? `; ${extras.join('; ')}` : ''})`;
}

/** `pair select ID --only FOLDER... | --all`: which remote subfolders the pair keeps; the rest are left alone. */
async function selectFolders(s: Session, out: (l: string) => void): Promise<void> {
  const id = s.args.positionals[1];
  const only = s.args.lists.get('only') ?? [];
  const all = has(s.args, 'all');
  if (!id || (only.length === 0) === !all) throw new UsageError('usage: stratus pair select ID --only FOLDER [--only FOLDER]... | --all');
  const pairs = await loadPairs(s.home);
  const pair = pairs.find((p) => p.id === id);
  if (!pair) throw new UsageError(`no pair "${id}" (see stratus pair list)`);
  pair.selection = all ? [] : chosen(only);
  forgetRemoteView(s.home, id);
  await savePairs(s.home, pairs);
  out(`Pair ${id} now keeps ${pair.selection.length ? pair.selection.join(', ') : 'everything'}; folders left out stay as they are on both sides.`);
}

/**
 * `pair backup ID PATH | --none`: the pair's backup folder from now on (refused inside the pair, as at
 * `pair add --backup-dir`). What the pair knows of OneDrive stays valid, so it is not read again.
 */
async function setBackupDir(s: Session, out: (l: string) => void): Promise<void> {
  const [, id, path] = s.args.positionals;
  const none = has(s.args, 'none');
  if (!id || (path === undefined) === !none) throw new UsageError('usage: stratus pair backup ID PATH | --none');
  const pairs = await loadPairs(s.home);
  const pair = pairs.find((p) => p.id === id);
  if (!pair) throw new UsageError(`no pair "${id}" (see stratus pair list)`);
  if (none) delete pair.backupDir;
  else {
    const dir = remoteFolder(path!);
    const problem = backupDirProblem(pair.remote, dir);
    if (problem) throw new UsageError(problem);
    pair.backupDir = dir;
  }
  await savePairs(s.home, pairs);
  out(pair.backupDir
    ? `Pair ${id}: OneDrive's files about to be replaced or deleted are moved to :/${pair.backupDir} first.`
    : `Pair ${id}: no backup folder; replaced files are replaced in place, deleted ones go to the recycle bin.`);
}

async function listPairs(s: Session, out: (l: string) => void): Promise<void> {
  const pairs = await loadPairs(s.home);
  if (pairs.length === 0) out('No sync pairs yet: add one with stratus pair add --local DIR --remote PATH');
  for (const p of pairs) out(`${p.id}  ${describePair(p)}`);
}

async function removePair(s: Session, out: (l: string) => void): Promise<void> {
  const id = s.args.positionals[1];
  if (!id) throw new UsageError('usage: stratus pair remove ID (see stratus pair list)');
  const pairs = await loadPairs(s.home);
  const pair = pairs.find((p) => p.id === id);
  if (!pair) throw new UsageError(`no pair "${id}" (see stratus pair list)`);
  const db = journalPath(s.home, id);
  // Refuses while another process syncs the pair; otherwise the lock is ours until the files are gone.
  if (existsSync(db)) lockPair(`${db}.lock`, id);
  await savePairs(s.home, pairs.filter((p) => p !== pair));
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.lock`]) if (existsSync(f)) await rm(f, { force: true });
  out(`Removed pair ${id}; the files in ${pair.local} and on OneDrive are left as they are.`);
}

/** The pairs a command acts on: the one named, or all of them. */
export async function selectPairs(s: Session, id: string | undefined): Promise<PairConfig[]> {
  const pairs = await loadPairs(s.home);
  if (id === undefined) {
    if (pairs.length === 0) throw new UsageError('no sync pairs yet: add one with stratus pair add --local DIR --remote PATH');
    return pairs;
  }
  const p = pairs.find((x) => x.id === id);
  if (!p) throw new UsageError(`no pair "${id}" (see stratus pair list)`);
  return [p];
}
