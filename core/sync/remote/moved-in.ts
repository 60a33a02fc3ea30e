import type { RemoteDrive, RemoteItem } from './types.js';

/**
 * What a delta from a stored token said about folders, kept small (ids only) so a large delta costs little:
 * the folders it reported that the journal did not hold, and every folder that had a child in it.
 */
export class DeltaFolders {
  private readonly fresh = new Set<string>();
  private readonly parents = new Set<string>();

  /** Call for each delta item before it is applied; `known`: the id was already in the view (the journal's). */
  note(it: RemoteItem, known: boolean): void {
    if (it.deleted) return;
    if (it.parentId !== null) this.parents.add(it.parentId);
    if (it.kind === 'folder' && !known) this.fresh.add(it.id);
  }

  /** New folders none of whose children came with them: moved in whole, or simply empty. */
  *silent(): Iterable<string> {
    for (const id of this.fresh) if (!this.parents.has(id)) yield id;
  }
}

export interface MovedIn {
  items: RemoteItem[];
  requests: number;
}

/**
 * A folder moved into the pair from elsewhere on the drive. OneDrive for Business and SharePoint answer
 * delta on the drive's root only, and there a move reports the moved folder alone: its contents did not
 * change, and the journal never held them (they were outside the pair). So a folder new to the journal,
 * inside the pair now, whose children delta did not bring, is listed (children, paged, every level below)
 * before reconcile. An empty new folder costs one listing request; a folder made in place comes with its
 * children in delta and costs nothing. On personal drives delta runs on the pair's folder, brings the
 * subtree itself, and nothing is listed but empty new folders.
 *
 * `parentOf`: the parent id of an item in the view after delta (undefined: not in it), to tell whether a
 * folder is inside the pair (its chain reaches `drive.rootId`).
 */
export async function listMovedIn(drive: RemoteDrive, folders: DeltaFolders, parentOf: (id: string) => string | null | undefined): Promise<MovedIn> {
  const out: MovedIn = { items: [], requests: 0 };
  const queue = [...folders.silent()].filter((id) => inside(id, drive.rootId, parentOf));
  while (queue.length > 0) {
    const id = queue.shift()!;
    for await (const page of drive.listChildren(id)) {
      out.requests++;
      for (const it of page) {
        out.items.push(it);
        if (it.kind === 'folder') queue.push(it.id);
      }
    }
  }
  return out;
}

function inside(id: string, rootId: string, parentOf: (id: string) => string | null | undefined): boolean {
  let cur: string | null | undefined = id;
  for (let depth = 0; cur && depth < 1000; depth++) {
    if (cur === rootId) return true;
    cur = parentOf(cur);
  }
  return false;
}
