import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { OneDrive } from '../../onedrive/onedrive.js';
import { isFolder } from '../../onedrive/types.js';
import { onedriveEncoder } from '../../names/encoder.js';
import type { PairRuntime } from '../engine/sync-once.js';
import { FreedesktopTrash } from '../fs/freedesktop-trash.js';
import type { Trash } from '../fs/types.js';
import { NodeFs } from '../fs/node-fs.js';
import { Journal } from '../journal/journal.js';
import { defaultOptions } from '../reconcile/options.js';
import { onedriveNameRules } from '../reconcile/name-rules.js';
import { lockPair } from './lock.js';
import { journalPath } from './pairs.js';
import type { PairConfig } from './pairs.js';
import { GraphDrive } from '../remote/graph-drive.js';
import { BackupFolder, backupDirProblem } from '../execute/backup.js';

/**
 * Transfers at once unless the user says otherwise: as many as the account's pacer lets in flight (8), so small
 * files are not held back by round trips. rclone's default is 4.
 */
export const DEFAULT_TRANSFERS = 8;

export interface OpenedPair {
  runtime: PairRuntime;
  journal: Journal;
  close(): void;
}

export interface OpenPairOptions {
  force?: boolean;
  dryRun?: boolean;
  transfers?: number;
  /** Files hashed at once while scanning (rclone's --checkers). */
  checkers?: number;
  now?: () => number;
  /** The host's trash for local deletions (Electron's shell.trashItem); the freedesktop trash by default. */
  trash?: Trash;
}

/**
 * Everything one pass over a configured pair needs: its journal (one SQLite file per pair), the local folder
 * with the OS trash, and the remote folder, which must exist (`pair add` makes it; a dry run must not).
 */
export async function openPair(home: string, pair: PairConfig, drive: OneDrive, o: OpenPairOptions = {}): Promise<OpenedPair> {
  const folder = await drive.find(pair.remote);
  if (!folder || !isFolder(folder)) {
    throw new Error(`The OneDrive folder /${pair.remote} of pair ${pair.id} is gone or is not a folder: restore it, or remove the pair and add it again.`);
  }
  const remote = new GraphDrive(drive.ctx, folder.id);
  const backupProblem = pair.backupDir !== undefined ? backupDirProblem(pair.remote, pair.backupDir) : null;
  if (backupProblem) throw new Error(`Pair ${pair.id}: ${backupProblem}`);
  const file = journalPath(home, pair.id);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // A dry run only reads, so it may look while another process syncs.
  const unlock = o.dryRun ? () => undefined : lockPair(`${file}.lock`, pair.id);
  let journal: Journal;
  try {
    journal = new Journal(file);
  } catch (e) {
    unlock();
    throw e;
  }
  const known = journal.pair(pair.id);
  // A pair pointed at another folder or drive must not trust rows made for the old one.
  if (known && (known.remoteRootId !== folder.id || known.driveId !== remote.driveId || known.localRoot !== pair.local)) journal.removePair(pair.id);
  if (!known || !journal.pair(pair.id)) journal.putPair({ pairId: pair.id, driveId: remote.driveId, remoteRootId: folder.id, localRoot: pair.local });
  const now = o.now ?? Date.now;
  const runtime: PairRuntime = {
    pairId: pair.id,
    fs: new NodeFs(pair.local, o.trash ?? new FreedesktopTrash()),
    remote,
    journal,
    transfers: o.transfers ?? DEFAULT_TRANSFERS,
    ...(o.checkers ? { checkers: o.checkers } : {}),
    now,
    dryRun: o.dryRun,
    decode: (n) => onedriveEncoder.decode(n),
    ...(pair.backupDir !== undefined ? { backup: backupFolder(drive, remote, pair.backupDir, now) } : {}),
    options: defaultOptions(onedriveNameRules, hostname(), now(), {
      mode: pair.mode,
      ignore: pair.ignore,
      selection: pair.selection,
      remoteRootPath: pair.remote ? `/${pair.remote}` : '',
      force: o.force ?? false,
    }),
  };
  return {
    runtime, journal,
    close: () => {
      journal.close();
      unlock();
    },
  };
}

/** Made on first use, as rclone does, so a pair that never replaces or deletes a file leaves no empty folder. */
function backupFolder(drive: OneDrive, remote: GraphDrive, path: string, now: () => number): BackupFolder {
  return new BackupFolder(remote, { root: async () => (await drive.mkdir(path, { parents: true })).id, encode: (n) => onedriveEncoder.encode(n), now });
}
