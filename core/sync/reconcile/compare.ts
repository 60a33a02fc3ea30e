import type { JournalRow } from '../journal/types.js';
import type { LocalEntry, RemoteEntry } from './types.js';

/** How one side differs from the journal: not at all, only in its time, or in its content. */
export type Change = 'same' | 'touched' | 'changed';

export function localChange(local: LocalEntry, row: JournalRow): Change {
  if (local.kind !== row.kind) return 'changed';
  if (local.kind === 'dir') return 'same';
  if (local.size === row.localSize && local.mtimeMs === row.localMtimeMs) return 'same';
  // The observer hashes whatever differs in size or time: equal hash and size means only the time moved.
  if (local.hash !== undefined && row.quickXorHash !== null && local.size === row.size && local.hash === row.quickXorHash) {
    return 'touched';
  }
  // The same bytes as when OneDrive's rewritten version was accepted: saved again, not changed.
  if (local.hash !== undefined && row.localHash && local.size === row.localSize && local.hash === row.localHash) return 'touched';
  return 'changed';
}

export function remoteChange(remote: RemoteEntry, row: JournalRow): Change {
  if (remote.kind !== row.kind) return 'changed';
  if (remote.kind === 'dir') return 'same';
  if (remote.eTag !== undefined && remote.eTag === row.eTag) return 'same';
  const sameContent =
    remote.cTag !== undefined && row.cTag !== null
      ? remote.cTag === row.cTag
      : remote.hash !== undefined && row.quickXorHash !== null
        ? remote.hash === row.quickXorHash && remote.size === row.size
        : remote.size === row.size && remote.mtimeMs === row.mtimeMs;
  if (!sameContent) return 'changed';
  return remote.mtimeMs === row.mtimeMs ? 'same' : 'touched';
}

/** Both files hold the same bytes, as far as size and QuickXorHash can tell; unknown hashes never count as equal. */
export function sameContent(local: LocalEntry, remote: RemoteEntry): boolean {
  if (local.kind === 'dir' && remote.kind === 'dir') return true;
  return local.kind === 'file' && remote.kind === 'file' && local.size === remote.size &&
    local.hash !== undefined && remote.hash !== undefined && local.hash === remote.hash;
}
