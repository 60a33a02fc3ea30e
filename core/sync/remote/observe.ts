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

/**
 * OneDrive's side of the pair as entries with local paths: the journal's last view updated by delta from the
 * stored token (or a full enumeration). Delta order is not trusted (children may come before parents), so
 * paths are resolved by id only after every page is in. A forgotten token (410) is handled here: enumerate
 * again and let reconcile compare with the journal and the disk. The user is never asked to "resync".
 */
export async function observeRemote(drive: RemoteDrive, rows: Iterable<JournalRow>, token: string | null, decode: (name: string) => string): Promise<RemoteView> {
  // One entry object per item, made once and given its path in place: at 100,000 items every copy or spread
  // per item costs tens of megabytes and hundreds of milliseconds.
  const known = new Map<string, RemoteEntry>();
  const keep: Keep = { urls: 0, parents: new Map() };
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
        apply(known, it, drive.rootId, keep);
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
      for (const it of moved.items) apply(known, it, drive.rootId, keep);
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

/**
 * At most this many pre-authenticated download URLs are kept from one enumeration. Each is a few hundred bytes
 * (up to a kilobyte on OneDrive): a first sync of 100,000 files would hold them all while most are never
 * used. A download without one asks `/content`: one more round trip, nothing else lost.
 */
export const MAX_DOWNLOAD_URLS = 20_000;

interface Keep {
  urls: number;
  /** One string per parent id: 100,000 items in 1,000 folders share 1,000 strings, not 100,000 copies. */
  parents: Map<string, string>;
}

function apply(known: Map<string, RemoteEntry>, it: RemoteItem, rootId: string, keep: Keep): void {
  if (it.id === rootId || it.kind === 'root') return;
  const before = known.get(it.id);
  if (it.deleted) {
    known.delete(it.id);
    return;
  }
  const kind = it.kind === 'folder' ? 'dir' : it.kind === 'package' ? 'package' : 'file';
  let parentId = it.parentId;
  if (parentId !== null) {
    const shared = keep.parents.get(parentId);
    if (shared === undefined) keep.parents.set(parentId, parentId);
    else parentId = shared;
  }
  // Every field named up front, absent ones as undefined: fields added later live in a second array beside the
  // object, 40 bytes more per entry (8 MB on a 100,000-item first sync, counting the scan's entries).
  const e: RemoteEntry = {
    path: '', id: it.id, parentId, name: it.name ?? '', kind, size: it.size, mtimeMs: it.mtimeMs,
    hash: it.quickXorHash, eTag: it.eTag, cTag: it.cTag, direct: undefined,
  };
  // The URL only helps a download: not for content the journal already holds, nor past the cap.
  const sameContent = before !== undefined && before.cTag !== undefined && before.cTag === it.cTag;
  if (it.direct !== undefined && !sameContent && keep.urls < MAX_DOWNLOAD_URLS) {
    e.direct = it.direct;
    keep.urls++;
  }
  known.set(it.id, e);
}

function fromRow(r: JournalRow): RemoteEntry {
  // The row's path is kept: withPaths reuses it when the item is still where the journal has it.
  return {
    path: r.path, id: r.itemId, parentId: r.parentId, name: r.name, kind: r.kind, size: r.size, mtimeMs: r.mtimeMs,
    hash: r.quickXorHash ?? undefined, eTag: r.eTag ?? undefined, cTag: r.cTag ?? undefined, direct: undefined,
  };
}

/**
 * `parent/name`, as the string `known` already holds when it is that (an item where the journal has it): no new
 * string per item, which at 100,000 items is most of a no-change pass's garbage here.
 */
function joined(known: string, parent: string, name: string): string {
  if (parent === '') return known === name ? known : name;
  const same = known.length === parent.length + 1 + name.length && known.startsWith(parent) && known.charCodeAt(parent.length) === 47 && known.endsWith(name);
  return same ? known : `${parent}/${name}`;
}

/**
 * Paths by walking parent ids to the pair's root; items whose chain does not reach it are outside the pair.
 * Each entry gets its path in place and is returned as is.
 */
function withPaths(known: Map<string, RemoteEntry>, rootId: string, decode: (name: string) => string): RemoteEntry[] {
  const paths = new Map<string, string | null>();
  // Only folders are remembered (depth > 0: asked for as a parent); a file's path is asked for once.
  const pathOf = (id: string, depth = 0): string | null => {
    if (id === rootId) return '';
    const memo = paths.get(id);
    if (memo !== undefined) return memo;
    const k = known.get(id);
    if (!k || k.parentId === null || depth > 1000) return null;
    const parent = pathOf(k.parentId, depth + 1);
    const p = parent === null ? null : joined(k.path, parent, decode(k.name));
    if (depth > 0) paths.set(id, p);
    return p;
  };
  const out: RemoteEntry[] = [];
  for (const k of known.values()) {
    const p = pathOf(k.id);
    if (p) {
      k.path = p;
      out.push(k);
    }
  }
  return out;
}
