import type { JournalRow } from '../journal/types.js';
import { localChange, remoteChange, sameContent } from './compare.js';
import { conflictPath } from './conflict-name.js';
import { localProblem, remoteNameFor, remoteProblem } from './problems.js';
import type { Action, LocalEntry, PairOptions, RemoteEntry } from './types.js';

export interface DecideContext {
  /** Whether a path is in use on either side (for a free conflict name). */
  taken(path: string): boolean;
}

/**
 * The one action for one item, given what is on disk, what is on OneDrive and what the journal last agreed.
 * Pure: same inputs, same answer. Returns null when nothing needs doing. Moves are found before this (moves.ts);
 * `path` is where the item is now.
 */
export function decide(
  path: string,
  local: LocalEntry | null,
  remote: RemoteEntry | null,
  row: JournalRow | null,
  opts: PairOptions,
  ctx: DecideContext,
): Action | null {
  const two = twoWay(path, local, remote, row, opts, ctx);
  return two && applyMode(two, opts);
}

function twoWay(path: string, local: LocalEntry | null, remote: RemoteEntry | null, row: JournalRow | null, opts: PairOptions, ctx: DecideContext): Action | null {
  if (remote) {
    const problem = remoteProblem(remote);
    if (problem) return { type: 'skip', path, row, side: 'remote', problem };
  }
  if (!local && !remote) return row ? { type: 'record', path, row, local: null, remote: null } : null;

  if (!row) {
    if (local && !remote) return upAction(path, local, null, null, 'new', opts);
    if (remote && !local) return downAction(path, remote, null, 'new');
    return bothNew(path, local!, remote!, opts, ctx);
  }

  if (local && !remote) {
    // Gone from OneDrive. An unchanged local copy follows it to the trash; an edited one wins and goes back up.
    return localChange(local, row) === 'changed' ? upAction(path, local, row, null, 'restore', opts) : { type: 'delete-local', path, row, local, kind: row.kind, items: 1 };
  }
  if (remote && !local) {
    return remoteChange(remote, row) === 'changed' ? downAction(path, remote, row, 'restore') : { type: 'delete-remote', path, row, remote, itemId: remote.id, kind: row.kind, items: 1 };
  }

  const l = local!;
  const r = remote!;
  if (l.kind !== r.kind) return conflict(path, l, r, row, opts, ctx, 'It is a file on one side and a folder on the other.');
  const lc = localChange(l, row);
  const rc = remoteChange(r, row);
  if (lc === 'changed' && rc === 'changed') {
    if (sameContent(l, r)) return { type: 'record', path, row, local: l, remote: r };
    return conflict(path, l, r, row, opts, ctx, 'It changed on this computer and on OneDrive since the last sync.');
  }
  // OneDrive's content is the agreed one, but a rename or touch there gave it a new eTag: the upload must
  // be conditional on that one, or it is refused (412) on every pass.
  if (lc === 'changed') return upAction(path, l, r.eTag !== undefined ? { ...row, eTag: r.eTag } : row, r.id, 'changed', opts);
  if (rc === 'changed') return downAction(path, r, row, 'changed', l);
  if (lc === 'touched' && rc === 'same') return { type: 'metadata-remote', path, row, mtimeMs: l.mtimeMs, remote: r, local: l };
  if (rc === 'touched') {
    return l.mtimeMs === r.mtimeMs ? { type: 'record', path, row, local: l, remote: r } : { type: 'metadata-local', path, row, mtimeMs: r.mtimeMs, remote: r, local: l };
  }
  // Unchanged, but a rename elsewhere or a server-side touch refreshed the tags: keep the journal current.
  if (r.eTag !== undefined && r.eTag !== row.eTag) return { type: 'record', path, row, local: l, remote: r };
  return null;
}

function bothNew(path: string, l: LocalEntry, r: RemoteEntry, opts: PairOptions, ctx: DecideContext): Action {
  if (l.kind !== r.kind) return conflict(path, l, r, null, opts, ctx, 'It is a file on one side and a folder on the other.');
  if (sameContent(l, r)) return { type: 'record', path, row: null, local: l, remote: r };
  const why = r.hash === undefined ? 'OneDrive has not computed its hash yet, so the two cannot be compared.' : 'It was created on both sides with different content.';
  return conflict(path, l, r, null, opts, ctx, why);
}

export function upAction(path: string, local: LocalEntry, row: JournalRow | null, replaceId: string | null, why: 'new' | 'changed' | 'restore', opts: PairOptions): Action {
  const problem = localProblem(local, opts);
  if (problem) return { type: 'skip', path, row, side: 'local', problem };
  const named = remoteNameFor(path, opts);
  if ('problem' in named) return { type: 'skip', path, row, side: 'local', problem: named.problem };
  if (local.kind === 'dir') return { type: 'mkdir-remote', path, row, local, remoteName: named.name };
  return { type: 'upload', path, row, local, remoteName: named.name, replaceId, why };
}

export function downAction(path: string, remote: RemoteEntry, row: JournalRow | null, why: 'new' | 'changed' | 'restore', local: LocalEntry | null = null): Action {
  if (remote.kind === 'dir') return { type: 'mkdir-local', path, row, remote };
  return { type: 'download', path, row, remote, why, expect: local && { size: local.size, mtimeMs: local.mtimeMs } };
}

function conflict(path: string, l: LocalEntry, r: RemoteEntry, row: JournalRow | null, opts: PairOptions, ctx: DecideContext, reason: string): Action {
  const problem = localProblem(l, opts);
  if (problem) return { type: 'skip', path, row, side: 'local', problem };
  return { type: 'conflict', path, row, local: l, remote: r, reason, uploadCopy: true, conflictPath: conflictPath(path, opts.hostname, opts.nowMs, ctx.taken) };
}

/**
 * One-way modes. upload-only: this computer is the truth, OneDrive is never read into it. download-only:
 * OneDrive is the truth, it is never written, and a local edit is kept rather than overwritten.
 */
export function applyMode(a: Action, opts: PairOptions): Action | null {
  if (opts.mode === 'upload-only') {
    switch (a.type) {
      case 'download':
      case 'mkdir-local':
      case 'move-local':
        return null;
      case 'delete-local':
        // Deleted on OneDrive but still here: put it back.
        return upAction(a.path, a.local, a.row, null, 'restore', opts);
      case 'conflict':
        return upAction(a.path, a.local, a.row, a.remote.id, 'changed', opts);
      case 'metadata-local':
        return { ...a, type: 'metadata-remote', mtimeMs: a.local.mtimeMs };
      default:
        return a;
    }
  }
  if (opts.mode === 'download-only') {
    switch (a.type) {
      case 'upload':
      case 'mkdir-remote':
      case 'move-remote':
        return null;
      case 'delete-remote':
        // Deleted here but still on OneDrive, which is the truth: bring it back.
        return downAction(a.path, a.remote, a.row, 'restore');
      case 'metadata-remote':
        return { ...a, type: 'metadata-local', mtimeMs: a.remote.mtimeMs };
      case 'conflict':
        return { ...a, uploadCopy: false };
      default:
        return a;
    }
  }
  return a;
}
