import type { FileInfo } from '../fs/types.js';
import type { JournalRow } from '../journal/types.js';
import type { RemoteEntry } from '../reconcile/types.js';
import type { RemoteItem } from '../remote/types.js';

/** The remote facts a journal row keeps, from what the drive answered or what delta reported. */
export interface RemoteFacts {
  driveId?: string;
  id: string;
  parentId: string | null;
  name?: string;
  kind: string;
  size: number;
  mtimeMs: number;
  hash?: string | undefined;
  quickXorHash?: string | undefined;
  eTag?: string | undefined;
  cTag?: string | undefined;
}

export function factsOf(item: RemoteItem): RemoteFacts {
  return { ...item, hash: item.quickXorHash };
}

/** The entry itself: it has every field a row takes (a copy per row was 100,000 objects on a first sync). */
export function factsOfEntry(e: RemoteEntry): RemoteFacts {
  return e;
}

/**
 * The row both sides agree on once an action has happened: remote facts plus the local file as it is now.
 * `localHash`: the file's hash here, when known; kept only if it is not OneDrive's (an accepted rewrite).
 */
export function agreedRow(path: string, driveId: string, remote: RemoteFacts, local: Pick<FileInfo, 'size' | 'mtimeMs' | 'ino'>, localHash?: string): JournalRow {
  const kind = remote.kind === 'file' ? 'file' : 'dir';
  const row: JournalRow = {
    path,
    driveId: remote.driveId ?? driveId,
    itemId: remote.id,
    parentId: remote.parentId,
    name: remote.name ?? path.slice(path.lastIndexOf('/') + 1),
    kind,
    size: kind === 'dir' ? 0 : remote.size,
    mtimeMs: remote.mtimeMs,
    quickXorHash: remote.hash ?? remote.quickXorHash ?? null,
    eTag: remote.eTag ?? null,
    cTag: remote.cTag ?? null,
    localSize: kind === 'dir' ? 0 : local.size,
    localMtimeMs: local.mtimeMs,
    localIno: local.ino,
  };
  if (localHash !== undefined && kind === 'file' && row.quickXorHash !== null && localHash !== row.quickXorHash) row.localHash = localHash;
  return row;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
