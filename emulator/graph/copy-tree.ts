import { fail, ok, type ConflictBehavior, type Item, type Outcome } from './model.js';
import type { DriveStore } from './store.js';

/**
 * A deep copy of `item` as `name` under `parent` (any drive): new ids, one version each, the same
 * fileSystemInfo. Content objects are shared, never copied (they never change).
 */
export function copyTree(store: DriveStore, item: Item, parent: Item, name: string, conflict: ConflictBehavior, by: string): Outcome<Item> {
  if (item.kind === 'folder' && store.isAncestorOrSelf(item, parent)) return fail(400, 'invalidRequest', 'A folder cannot be copied into itself.');
  const prepared = store.prepareName(parent, name, conflict);
  if (!prepared.ok) return prepared;
  const quota = store.checkQuota(store.driveOf(parent), item.size);
  if (quota) return quota;
  if (prepared.value.existing) store.remove(prepared.value.existing, by);
  const clone = (src: Item, into: Item, as: string): Item => {
    const drive = store.driveOf(into);
    const now = new Date().toISOString();
    const it = store.blankItem(drive, src.kind, as, into.id, by, { ...src.fileSystemInfo });
    it.packageType = src.packageType;
    it.mimeType = src.mimeType;
    if (src.content) {
      it.content = src.content;
      it.size = src.content.size;
      it.versions.push(store.version(it, src.content, by, now));
      drive.quotaUsed += src.content.size;
    }
    store.insert(it);
    store.bubble(into.id, it.size);
    for (const child of [...store.children(src)]) clone(child, it, child.name);
    return it;
  };
  const copied = clone(item, parent, prepared.value.name);
  store.changed();
  return ok(copied);
}
