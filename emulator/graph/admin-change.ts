import type { GraphContext } from './context.js';
import type { Drive, Item, Outcome } from './model.js';
import { fail, ok } from './model.js';
import { contentOf, ensureFolders } from './admin-tree.js';

/** One change made "by another device": it goes through the store, so delta and eTags show it. */
export interface ChangeSpec {
  op: 'create' | 'mkdir' | 'edit' | 'rename' | 'move' | 'delete' | 'restore';
  /** restore: the id of the item in the recycle bin. */
  id?: string;
  path: string;
  /** rename: the new name; move: the destination folder path (and optional new name). */
  name?: string;
  to?: string;
  content?: string;
  base64?: string;
  size?: number;
  mtime?: string;
}

export function applyChange(ctx: GraphContext, drive: Drive, c: ChangeSpec, by: string): Outcome<Item | true> {
  const { store } = ctx;
  const parts = c.path.split('/').filter(Boolean);
  const root = store.root(drive);
  const fsInfo = c.mtime ? { lastModifiedDateTime: c.mtime } : undefined;
  if (c.op === 'create' || c.op === 'mkdir') {
    const parent = ensureFolders(ctx, drive, parts.slice(0, -1), by);
    if (!parent.ok) return parent;
    const name = parts.at(-1) ?? '';
    return c.op === 'mkdir'
      ? store.createFolder(parent.value, name, { by, fsInfo })
      : store.createFile(parent.value, name, contentOf(ctx, c), { by, fsInfo, conflict: 'replace' });
  }
  if (c.op === 'restore') {
    const gone = store.items.get(c.id ?? '');
    return gone && gone.driveId === drive.id ? store.restore(gone, by) : fail(404, 'itemNotFound', `No recycled item ${c.id}`);
  }
  const item = store.resolvePath(root, parts).item;
  if (!item || item === root) return fail(404, 'itemNotFound', `No item at ${c.path}`);
  switch (c.op) {
    case 'edit':
      if (item.kind !== 'file') return fail(400, 'invalidRequest', `${c.path} is not a file`);
      store.setContent(item, contentOf(ctx, c), { by, fsInfo });
      return ok(item);
    case 'rename':
      return store.update(item, { name: c.name ?? item.name }, by);
    case 'move': {
      const dest = store.resolvePath(root, (c.to ?? '').split('/').filter(Boolean)).item;
      if (!dest) return fail(404, 'itemNotFound', `No folder at ${c.to}`);
      return store.update(item, { parentId: dest.id, name: c.name }, by);
    }
    case 'delete':
      return store.remove(item, by);
    default:
      return fail(400, 'invalidRequest', `Unknown change op ${String((c as { op: unknown }).op)}`);
  }
}
