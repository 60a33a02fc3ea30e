import type { JournalRow } from '../journal/types.js';
import type { RemoteEntry } from '../reconcile/types.js';
import { isResyncRequired } from './errors.js';
import { DeltaFolders, listMovedIn } from './moved-in.js';
import type { DeltaCursor, RemoteDrive, RemoteItem } from './types.js';

export interface RemoteView {
  entries: RemoteEntry[];
  /** Store this only once the plan built from this view was carried out in full. */
  token: string;
  /** The stored token was forgotten by the server and everything was enumerated again. */
  resynced: boolean;
  requests: number;
}

interface Known {
  id: string;
  parentId: string | null;
  name: string;
  item: Omit<RemoteEntry, 'path'>;
}

/**
 * OneDrive's side of the pair as entries with local paths: the journal's last view updated by delta from the
 * stored token (or a full enumeration). Delta order is not trusted (children may come before parents), so
 * paths are resolved by id only after every page is in. A forgotten token (410) is handled here: enumerate
 * again and let reconcile compare with the journal and the disk. The user is never asked to "resync".
 */
export async function observeRemote(drive: RemoteDrive, rows: Iterable<JournalRow>, token: string | null, decode: (name: string) => string): Promise<RemoteView> {
  const known = new Map<string, Known>();
  let requests = 0;
  let resynced = false;
  const folders = token !== null ? new DeltaFolders() : null;
  const pull = async (start: DeltaCursor | null): Promise<string> => {
    let cursor = start;
    for (;;) {
      const page = await drive.delta(cursor);
      requests++;
      for (const it of page.items) {
        folders?.note(it, known.has(it.id));
        apply(known, it, drive.rootId);
      }
      if (page.then.kind === 'done') return page.then.token;
      cursor = page.then.cursor;
    }
  };
  let next: string;
  if (token !== null) {
    for (const r of rows) known.set(r.itemId, fromRow(r));
    try {
      next = await pull({ kind: 'token', token });
      // A folder moved in from outside comes alone in a business root delta: its contents are listed.
      const moved = await listMovedIn(drive, folders!, (id) => known.get(id)?.parentId);
      for (const it of moved.items) apply(known, it, drive.rootId);
      requests += moved.requests;
    } catch (e) {
      if (!isResyncRequired(e)) throw e;
      known.clear();
      resynced = true;
      next = await pull(null);
    }
  } else {
    next = await pull(null);
  }
  return { entries: withPaths(known, drive.rootId, decode), token: next, resynced, requests };
}

function apply(known: Map<string, Known>, it: RemoteItem, rootId: string): void {
  if (it.id === rootId || it.kind === 'root') return;
  if (it.deleted) {
    known.delete(it.id);
    return;
  }
  const kind = it.kind === 'folder' ? 'dir' : it.kind === 'package' ? 'package' : 'file';
  known.set(it.id, {
    id: it.id, parentId: it.parentId, name: it.name ?? '',
    item: {
      id: it.id, parentId: it.parentId, name: it.name ?? '', kind, size: it.size, mtimeMs: it.mtimeMs,
      ...(it.quickXorHash !== undefined ? { hash: it.quickXorHash } : {}), ...(it.eTag !== undefined ? { eTag: it.eTag } : {}), ...(it.cTag !== undefined ? { cTag: it.cTag } : {}),
      ...(it.direct !== undefined ? { direct: it.direct } : {}),
    },
  });
}

function fromRow(r: JournalRow): Known {
  return {
    id: r.itemId, parentId: r.parentId, name: r.name,
    item: {
      id: r.itemId, parentId: r.parentId, name: r.name, kind: r.kind, size: r.size, mtimeMs: r.mtimeMs,
      ...(r.quickXorHash !== null ? { hash: r.quickXorHash } : {}), ...(r.eTag !== null ? { eTag: r.eTag } : {}), ...(r.cTag !== null ? { cTag: r.cTag } : {}),
    },
  };
}

/** Paths by walking parent ids to the pair's root; items whose chain does not reach it are outside the pair. */
function withPaths(known: Map<string, Known>, rootId: string, decode: (name: string) => string): RemoteEntry[] {
  const paths = new Map<string, string | null>();
  const pathOf = (id: string, depth = 0): string | null => {
    if (id === rootId) return '';
    const memo = paths.get(id);
    if (memo !== undefined) return memo;
    const k = known.get(id);
    if (!k || k.parentId === null || depth > 1000) return null;
    const parent = pathOf(k.parentId, depth + 1);
    const p = parent === null ? null : parent === '' ? decode(k.name) : `${parent}/${decode(k.name)}`;
    paths.set(id, p);
    return p;
  };
  const out: RemoteEntry[] = [];
  for (const k of known.values()) {
    const p = pathOf(k.id);
    if (p) out.push({ ...k.item, path: p });
  }
  return out;
}
