import { splitExt } from '../reconcile/conflict-name.js';
import { RemoteError } from '../remote/errors.js';
import type { RemoteDrive } from '../remote/types.js';

/**
 * rclone's --backup-dir: a remote file about to be replaced or deleted is first moved (one PATCH, nothing
 * re-sent) into a folder outside the pair, at its path relative to the pair. It is also the way around
 * SharePoint's "item not found" when an uploaded Office file is replaced or deleted in place.
 */
export interface Backup {
  /** Moves the item into the backup folder; resolves with the (remote) name it got there. */
  keep(itemId: string, path: string, ifMatch?: string): Promise<string>;
}

export interface BackupFolderOptions {
  /** The backup folder's item id, made on first use (a pair that never replaces anything never creates it). */
  root(): Promise<string>;
  /** Local name → remote name (core/names' encoder), so the backup holds the names the pair's folder held. */
  encode(name: string): string;
  now(): number;
}

// Past this many taken names something else is wrong; the error goes to the user rather than looping.
const MAX_TRIES = 20;

export class BackupFolder implements Backup {
  private readonly folders = new Map<string, Promise<string>>();

  constructor(private readonly drive: Pick<RemoteDrive, 'mkdir' | 'move'>, private readonly o: BackupFolderOptions) {}

  async keep(itemId: string, path: string, ifMatch?: string): Promise<string> {
    const segs = path.split('/');
    const leaf = this.o.encode(segs.pop()!);
    const parentId = await this.folder(segs);
    for (let n = 0; ; n++) {
      const name = n === 0 ? leaf : backupName(leaf, this.o.now(), n);
      try {
        await this.drive.move(itemId, { parentId, name, ...(ifMatch ? { ifMatch } : {}) });
        return name;
      } catch (e) {
        // A name already there (an earlier backup of the same file): try the next suffix. Anything else,
        // including 412 (the item changed since the plan), is the caller's to handle.
        if (!(e instanceof RemoteError) || e.kind !== 'conflict' || n >= MAX_TRIES) throw e;
      }
    }
  }

  /** The backup's folder for a relative folder path, made once per pass (mkdir returns one already there). */
  private folder(segs: string[]): Promise<string> {
    const key = segs.join('/');
    let made = this.folders.get(key);
    if (!made) {
      made = segs.length === 0
        ? this.o.root()
        : this.folder(segs.slice(0, -1)).then(async (parent) => (await this.drive.mkdir(parent, this.o.encode(segs.at(-1)!))).id);
      // A failure is not remembered: the next file tries again.
      made.catch(() => this.folders.delete(key));
      this.folders.set(key, made);
    }
    return made;
  }
}

/**
 * `report (2026-11-27 101500).docx`: the UTC time of the backup, like conflict names; a counter is added
 * when two backups of one file land in the same second.
 */
export function backupName(name: string, nowMs: number, n = 1): string {
  const { stem, ext } = splitExt(name);
  const d = new Date(nowMs);
  const p = (x: number) => String(x).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${stem} (${stamp}${n > 1 ? ` ${n}` : ''})${ext}`;
}

/**
 * Why a backup folder cannot be used with a pair's folder (both `/`-separated drive paths, any slashes),
 * or null when it can. Inside the pair it would be synced back down; the pair inside it would back up into itself.
 */
export function backupDirProblem(pairRemote: string, backupDir: string): string | null {
  // Compared as OneDrive compares names (case does not count), told as the user wrote them.
  const shown = (s: string) => s.split('/').filter(Boolean).join('/');
  const [pairShown, dirShown] = [shown(pairRemote), shown(backupDir)];
  const [pair, dir] = [pairShown.toLowerCase(), dirShown.toLowerCase()];
  if (dir === '') return 'The backup folder cannot be the drive\'s root: choose a folder outside the pair, e.g. /Stratus backup.';
  if (dir === pair || pair === '' || dir.startsWith(`${pair}/`)) return `The backup folder /${dirShown} is inside the pair's folder /${pairShown}: it would be synced as part of the pair. Choose a folder outside it.`;
  if (pair.startsWith(`${dir}/`)) return `The pair's folder /${pairShown} is inside the backup folder /${dirShown}: choose a backup folder outside the pair.`;
  return null;
}
