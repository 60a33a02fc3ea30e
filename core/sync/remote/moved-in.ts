import type { RemoteDrive, RemoteItem } from './types.js';

/**
 * What a delta from a stored token said about folders, kept small (ids and counts) so a large delta costs little:
 * the folders it reported that the journal did not hold, with the child count OneDrive gave, and how many live
 * children each folder had in it.
 */
export class DeltaFolders {
  private readonly fresh = new Map<string, number | undefined>();
  private readonly brought = new Map<string, number>();

  /** Call for each delta item before it is applied; `known`: the id was already in the view (the journal's). */
  note(it: RemoteItem, known: boolean): void {
    if (it.deleted) return;
    if (it.parentId !== null) this.brought.set(it.parentId, (this.brought.get(it.parentId) ?? 0) + 1);
    if (it.kind === 'folder' && !known) this.fresh.set(it.id, it.childCount);
  }

  /**
   * New folders delta did not bring whole: none of their children came (moved in whole, or simply empty), or
   * fewer than OneDrive counts in them (moved in, and given a new file in the same delta). Personal delta counts
   * 0 children for every folder, but there delta runs on the pair's folder and brings whole subtrees anyway.
   */
  *silent(): Iterable<string> {
    for (const [id, count] of this.fresh) {
      const came = this.brought.get(id) ?? 0;
      if (came === 0 || (count !== undefined && came < count)) yield id;
    }
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
