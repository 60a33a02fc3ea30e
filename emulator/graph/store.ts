/*
 * DriveStore: the emulated OneDrive/SharePoint drives and their items. Routes never touch Item fields
 * directly for writes: every change goes through a method here, because each one must keep five things
 * right at once: the id and (parent, lowercased name) indexes, the eTag/cTag counters, the quota, folder
 * sizes, and the change log that delta reads.
 *
 * For the content half (uploads, downloads, versions, links), use:
 *   makeContent(bytes, sha1?)                       -> Content (hashes computed once; Content is immutable,
 *                                                      share it freely between items and versions)
 *   store.createFile(parent, name, content, {by, fsInfo, conflict})   -> Outcome<Item>  (a new file, version 1)
 *   store.setContent(item, content, {by, fsInfo})  -> void: new version, eTag+cTag bump, fileSystemInfo
 *                                                      applied (or mtime reset to now when absent), quota
 *                                                      and folder sizes updated, logged for delta
 *   store.prepareName(parent, name, conflict)       -> Outcome<{name, existing?}> name checks + conflict rule
 *   store.deleteVersion(item, versionId) / store.restoreVersion(item, versionId, by)  -> Outcome<...>
 *   store.addPermission(item, perm) / store.removePermission(item, id)   (item.permissions holds them)
 *   store.checkQuota(drive, extraBytes)             -> GraphFailure (507 quotaLimitReached) | undefined
 *   checkFileSize(size) from names.ts               -> 400 maxFileSizeExceeded above 250 GB
 *   store.settings.legacySha1                       -> also compute sha1Hash (personal legacy switch)
 * Tree changes: store.createFolder / createPackage / update (rename, move, fileSystemInfo) / remove (recycle
 * bin) / purge / restore / copy, each an Outcome, each logged for delta.
 * Reading: store.get(id), store.getDrive(id), store.driveFor(accountId), store.resolvePath(...),
 * store.childByName(parent, name), store.pathOf(item). Serialize with serialize.ts (driveItemJson).
 * Register routes in plugins.ts (item routes get the resolved target; raw routes run before the auth check).
 */
import type { Account } from '../identity/accounts.js';
import type { Profile } from '../options.js';
import { defaultSettings, type StoreSettings } from './settings.js';
import { guid, personalItemId, businessItemId } from './ids.js';
import {
  fail, ok, type Content, type ConflictBehavior, type Drive, type FileSystemInfo, type GraphFailure, type Item,
  type ItemKind, type Outcome, type Permission, type Site, type Version,
} from './model.js';
import { checkFileSize, checkName, checkPathLength, mimeTypeFor, renamedCandidate } from './names.js';
import { buildDrives } from './setup.js';
import { ChangeLog } from './changelog.js';
import { copyTree } from './copy-tree.js';

export { makeContent } from './content.js';
export { defaultSettings, type StoreSettings } from './settings.js';

export interface WriteOptions {
  by: string;
  fsInfo?: Partial<FileSystemInfo>;
  conflict?: ConflictBehavior;
}

export class DriveStore {
  readonly settings: StoreSettings;
  readonly drives = new Map<string, Drive>();
  readonly sites = new Map<string, Site>();
  /** Every item ever made, deleted ones included (they are delta tombstones). */
  readonly items = new Map<string, Item>();
  private readonly childIndex = new Map<string, Map<string, string>>();
  private readonly childListCache = new Map<string, Item[]>();
  private readonly log = new ChangeLog(this.items);
  seq = 0;
  /** Delta tokens carry the epoch they were issued in; forgetTokens() makes every older token fail. */
  tokenEpoch = 1;
  /** Personal item ids count up per drive. */
  counters: Record<string, number> = {};
  private readonly listeners: Array<() => void> = [];

  constructor(settings: StoreSettings) {
    this.settings = settings;
  }

  /** A store with one OneDrive per account and, on business, SharePoint sites with document libraries. */
  static create(profile: Profile, accounts: Account[], settings: StoreSettings = defaultSettings(profile)): DriveStore {
    const store = new DriveStore(settings);
    const { drives, sites } = buildDrives(profile, accounts);
    for (const site of sites) store.sites.set(site.id.toLowerCase(), site);
    for (const d of drives) {
      store.drives.set(d.id.toLowerCase(), d);
      const at = { createdDateTime: d.createdDateTime, lastModifiedDateTime: d.createdDateTime };
      store.insert(store.blankItem(d, 'folder', 'root', null, d.ownerAccountId ?? 'system', at));
    }
    return store;
  }

  get business(): boolean { return this.settings.profile === 'business'; }

  onChange(fn: () => void): void { this.listeners.push(fn); }
  /** @internal Tells persistence something changed. */
  changed(): void { for (const fn of this.listeners) fn(); }

  // ---- reading ----

  getDrive(id: string): Drive | undefined { return this.drives.get(id.toLowerCase()); }
  driveFor(accountId: string): Drive | undefined {
    for (const d of this.drives.values()) if (d.ownerAccountId === accountId) return d;
    return undefined;
  }
  /** A live item (not deleted). */
  get(id: string): Item | undefined {
    const it = this.items.get(id);
    return it && !it.deleted ? it : undefined;
  }
  root(drive: Drive): Item { return this.items.get(drive.rootId)!; }
  isRoot(item: Item): boolean { return item.parentId === null; }
  driveOf(item: Item): Drive { return this.drives.get(item.driveId.toLowerCase())!; }

  childByName(parent: Item, name: string): Item | undefined {
    const id = this.childIndex.get(parent.id)?.get(name.toLowerCase());
    return id ? this.get(id) : undefined;
  }
  childCount(folder: Item): number { return this.childIndex.get(folder.id)?.size ?? 0; }
  /** Children in a stable order (creation), cached until the folder's children change. */
  children(folder: Item): Item[] {
    let list = this.childListCache.get(folder.id);
    if (!list) {
      list = [];
      for (const id of this.childIndex.get(folder.id)?.values() ?? []) list.push(this.items.get(id)!);
      this.childListCache.set(folder.id, list);
    }
    return list;
  }

  /** Follows a decoded relative path ("a/b/c") from `base`: the item, or its parent and missing leaf name. */
  resolvePath(base: Item, relPath: string | string[]): { item?: Item; parent?: Item; leaf?: string } {
    const parts = (typeof relPath === 'string' ? relPath.split('/') : relPath).filter((p) => p.length > 0);
    let cur = base;
    for (let i = 0; i < parts.length; i++) {
      const next = this.childByName(cur, parts[i]!);
      if (!next) return i === parts.length - 1 && cur.kind === 'folder' ? { parent: cur, leaf: parts[i]! } : {};
      cur = next;
    }
    return { item: cur };
  }

  /** "/A/B/name", "" for the root. O(depth). */
  pathOf(item: Item): string {
    const names: string[] = [];
    for (let cur: Item | undefined = item; cur && cur.parentId !== null; cur = this.items.get(cur.parentId)) names.push(cur.name);
    return names.length ? `/${names.reverse().join('/')}` : '';
  }

  /** True when `a` is `b` or one of its ancestors. */
  isAncestorOrSelf(a: Item, b: Item): boolean {
    for (let cur: Item | undefined = b; cur; cur = cur.parentId === null ? undefined : this.items.get(cur.parentId)) {
      if (cur.id === a.id) return true;
    }
    return false;
  }

  quota(drive: Drive): { total: number; used: number; remaining: number; deleted: number; state: string } {
    if (drive.quotaUnknown) return { total: 0, used: 0, remaining: 0, deleted: 0, state: 'normal' };
    const { quotaTotal: total, quotaUsed: used } = drive;
    const ratio = total > 0 ? used / total : 1;
    const state = ratio >= 1 ? 'exceeded' : ratio >= 0.99 ? 'critical' : ratio >= 0.9 ? 'nearing' : 'normal';
    return { total, used, remaining: Math.max(0, total - used), deleted: drive.quotaDeleted, state };
  }

  checkQuota(drive: Drive, extraBytes: number): GraphFailure | undefined {
    if (drive.quotaUnknown || drive.quotaUsed + extraBytes <= drive.quotaTotal) return undefined;
    return fail(507, 'quotaLimitReached', 'Insufficient Space Available', 'insufficientSpaceAvailable');
  }

  // ---- creating ----

  /** Name checks, path length and the conflict rule for a new child `name` of `parent`. */
  prepareName(parent: Item, name: string, conflict: ConflictBehavior = 'fail'): Outcome<{ name: string; existing?: Item }> {
    if (parent.kind !== 'folder') return fail(400, 'invalidRequest', 'The parent item is not a folder.');
    const bad = checkName(name, this.business, this.isRoot(parent)) ?? checkPathLength(`${this.pathOf(parent)}/${name}`);
    if (bad) return bad;
    const existing = this.childByName(parent, name);
    if (!existing) return ok({ name });
    if (conflict === 'replace') return ok({ name, existing });
    if (conflict === 'rename') {
      for (let n = 1; ; n++) {
        const candidate = renamedCandidate(name, n);
        if (!this.childByName(parent, candidate)) return ok({ name: candidate });
      }
    }
    return fail(409, 'nameAlreadyExists', 'The specified item name already exists.');
  }

  createFolder(parent: Item, name: string, opts: WriteOptions): Outcome<Item> {
    return this.createChild(parent, name, 'folder', opts);
  }

  /** A OneNote notebook: `package: {type: "oneNote"}`, no file or folder facet. */
  createPackage(parent: Item, name: string, opts: WriteOptions): Outcome<Item> {
    return this.createChild(parent, name, 'package', opts);
  }

  createFile(parent: Item, name: string, content: Content, opts: WriteOptions): Outcome<Item> {
    const tooBig = checkFileSize(content.size);
    if (tooBig) return tooBig;
    const quota = this.checkQuota(this.driveOf(parent), content.size);
    if (quota) return quota;
    return this.createChild(parent, name, 'file', opts, content);
  }

  private createChild(parent: Item, name: string, kind: ItemKind, opts: WriteOptions, content?: Content): Outcome<Item> {
    const prepared = this.prepareName(parent, name, opts.conflict);
    if (!prepared.ok) return prepared;
    if (prepared.value.existing) {
      // replace: the old item goes to the recycle bin, as the service does.
      this.remove(prepared.value.existing, opts.by);
    }
    const drive = this.driveOf(parent);
    const now = new Date().toISOString();
    const item = this.blankItem(drive, kind, prepared.value.name, parent.id, opts.by, this.fsInfo(opts.fsInfo, now, now));
    if (kind === 'package') item.packageType = 'oneNote';
    if (content) {
      item.mimeType = mimeTypeFor(item.name);
      item.content = content;
      item.size = content.size;
      item.versions.push(this.version(item, content, opts.by, now));
      drive.quotaUsed += content.size;
    }
    this.insert(item);
    this.bubble(parent.id, item.size);
    this.changed();
    return ok(item);
  }

  // ---- changing ----

  /** New content for a file: a new version, eTag and cTag bump, quota, folder sizes, the change log. */
  setContent(item: Item, content: Content, opts: WriteOptions): void {
    const drive = this.driveOf(item);
    const now = new Date().toISOString();
    const delta = content.size - item.size;
    item.content = content;
    item.size = content.size;
    item.versions.push(this.version(item, content, opts.by, now));
    drive.quotaUsed += content.size;
    item.fileSystemInfo = this.fsInfo(opts.fsInfo, item.fileSystemInfo.createdDateTime, now);
    item.lastModifiedDateTime = now;
    item.lastModifiedBy = opts.by;
    item.eTagVersion++;
    item.cTagVersion++;
    this.touch(item);
    this.bubble(item.parentId, delta);
    this.changed();
  }

  /** Rename, move, fileSystemInfo, description: what PATCH /items/{id} can change. */
  update(item: Item, patch: { name?: string; parentId?: string; fsInfo?: Partial<FileSystemInfo>; description?: string; conflict?: ConflictBehavior }, by: string): Outcome<Item> {
    if (this.isRoot(item) && (patch.name !== undefined || patch.parentId !== undefined)) {
      return fail(400, 'invalidRequest', 'The root folder cannot be renamed or moved.');
    }
    const oldParent = item.parentId === null ? undefined : this.get(item.parentId);
    const newParent = patch.parentId !== undefined ? this.get(patch.parentId) : oldParent;
    if (!newParent && !this.isRoot(item)) return fail(404, 'itemNotFound', 'The parent item was not found.');
    const newName = patch.name ?? item.name;
    const moving = newParent && oldParent && newParent.id !== oldParent.id;
    if (moving) {
      if (newParent.driveId !== item.driveId) return fail(400, 'invalidRequest', 'Moving items between drives is not supported.');
      if (this.isAncestorOrSelf(item, newParent)) return fail(400, 'invalidRequest', 'An item cannot be moved into itself or its descendants.');
    }
    if (newParent && (moving || newName !== item.name)) {
      const prepared = this.prepareName(newParent, newName, patch.conflict ?? 'fail');
      if (!prepared.ok) {
        // Changing only the case of its own name is allowed.
        if (!(prepared.code === 'nameAlreadyExists' && this.childByName(newParent, newName)?.id === item.id)) return prepared;
      } else if (prepared.value.existing && prepared.value.existing.id !== item.id) {
        this.remove(prepared.value.existing, by);
      }
      const tooLong = checkPathLength(`${this.pathOf(newParent)}/${newName}${this.longestBelow(item)}`);
      if (tooLong) return tooLong;
      this.unindex(item);
      if (moving) { this.bubble(item.parentId, -item.size); item.prevParentId = item.parentId ?? undefined; }
      item.name = newName;
      item.parentId = newParent.id;
      this.index(item);
      if (moving) this.bubble(item.parentId, item.size);
      else this.bubble(item.parentId, 0);
    }
    const now = new Date().toISOString();
    if (patch.fsInfo) {
      item.fileSystemInfo = this.fsInfo(patch.fsInfo, item.fileSystemInfo.createdDateTime, item.fileSystemInfo.lastModifiedDateTime);
      // Business keeps a version for every fileSystemInfo change (rclone's docs: it doubles the quota used).
      if (this.business && item.kind === 'file' && item.content) {
        item.versions.push(this.version(item, item.content, by, now));
        this.driveOf(item).quotaUsed += item.content.size;
      }
    }
    if (patch.description !== undefined) item.description = patch.description;
    item.lastModifiedDateTime = now;
    item.lastModifiedBy = by;
    item.eTagVersion++;
    this.touch(item);
    this.changed();
    return ok(item);
  }

  /** DELETE: the item (and everything below it) goes to the recycle bin and becomes delta tombstones. */
  remove(item: Item, by: string, recycle = true): Outcome<true> {
    if (this.isRoot(item)) return fail(403, 'accessDenied', 'The root folder cannot be deleted.');
    const drive = this.driveOf(item);
    this.unindex(item);
    this.bubble(item.parentId, -item.size);
    const at = new Date().toISOString();
    this.walk(item, (it, top) => {
      const bytes = this.versionBytes(it);
      it.deleted = { at, by, recycled: recycle, purged: !recycle, rootOfDeletion: top };
      if (recycle) drive.quotaDeleted += bytes;
      else drive.quotaUsed -= bytes;
      this.touch(it);
    });
    this.changed();
    return ok(true);
  }

  /** permanentDelete: gone for good, live or already in the recycle bin. */
  purge(item: Item, by: string): Outcome<true> {
    if (!item.deleted) return this.remove(item, by, false);
    if (item.deleted.purged) return fail(404, 'itemNotFound', 'Item not found');
    const drive = this.driveOf(item);
    this.walk(item, (it) => {
      if (it.deleted?.recycled && !it.deleted.purged) {
        const bytes = this.versionBytes(it);
        drive.quotaDeleted -= bytes;
        drive.quotaUsed -= bytes;
        it.deleted.purged = true;
      }
    });
    this.changed();
    return ok(true);
  }

  /** Items in the recycle bin of a drive (the tops of deletions, not yet purged). */
  recycleBin(drive: Drive): Item[] {
    const out: Item[] = [];
    for (const it of this.items.values()) {
      if (it.driveId === drive.id && it.deleted?.rootOfDeletion && it.deleted.recycled && !it.deleted.purged) out.push(it);
    }
    return out;
  }

  /** Deep copy under `parent` (any drive). Content is shared: Content objects never change. */
  copy(item: Item, parent: Item, name: string, conflict: ConflictBehavior, by: string): Outcome<Item> {
    return copyTree(this, item, parent, name, conflict, by);
  }

  /** Back from the recycle bin, under its old parent (or `parentId`), with its old name (or `name`). */
  restore(item: Item, by: string, to?: { parentId?: string; name?: string }): Outcome<Item> {
    if (!item.deleted?.rootOfDeletion || !item.deleted.recycled || item.deleted.purged) return fail(404, 'itemNotFound', 'The item is not in the recycle bin.');
    const parent = this.get(to?.parentId ?? item.parentId ?? '');
    if (!parent) return fail(409, 'invalidRequest', 'The original parent no longer exists; give a parentReference.');
    const prepared = this.prepareName(parent, to?.name ?? item.name, 'fail');
    if (!prepared.ok) return prepared;
    const drive = this.driveOf(item);
    item.parentId = parent.id;
    item.name = prepared.value.name;
    this.walk(item, (it) => {
      if (!it.deleted) return;
      drive.quotaDeleted -= this.versionBytes(it);
      it.deleted = undefined;
      this.touch(it);
    });
    this.index(item);
    this.bubble(parent.id, item.size);
    item.lastModifiedBy = by;
    this.changed();
    return ok(item);
  }

  // ---- versions and permissions ----

  deleteVersion(item: Item, versionId: string): Outcome<true> {
    const i = item.versions.findIndex((v) => v.id === versionId);
    if (i < 0) return fail(404, 'itemNotFound', 'The version was not found.');
    if (i === item.versions.length - 1) return fail(403, 'accessDenied', 'The current version cannot be deleted.');
    const [v] = item.versions.splice(i, 1);
    this.driveOf(item).quotaUsed -= v!.content.size;
    this.changed();
    return ok(true);
  }

  restoreVersion(item: Item, versionId: string, by: string): Outcome<Item> {
    const v = item.versions.find((x) => x.id === versionId);
    if (!v) return fail(404, 'itemNotFound', 'The version was not found.');
    this.setContent(item, v.content, { by, fsInfo: { lastModifiedDateTime: new Date().toISOString() } });
    return ok(item);
  }

  addPermission(item: Item, perm: Permission): void { item.permissions.push(perm); this.changed(); }
  removePermission(item: Item, id: string): boolean {
    const i = item.permissions.findIndex((p) => p.id === id);
    if (i >= 0) { item.permissions.splice(i, 1); this.changed(); }
    return i >= 0;
  }

  // ---- the change log (delta) ----

  /** Delta's view of the change log: see ChangeLog.read. */
  changes(drive: Drive, after: number, upto: number, max: number, keep: (it: Item) => boolean = () => true): { items: Item[]; next: number; more: boolean } {
    return this.log.read(drive.id, after, upto, max, keep);
  }

  forgetTokens(): void { this.tokenEpoch++; this.changed(); }

  /** Gives an item the next change-log position (routes call it through the methods above). */
  touch(item: Item): void {
    item.seq = ++this.seq;
    this.log.append(item);
  }

  // ---- internals (public where persistence needs them) ----

  newItemId(drive: Drive): string {
    if (drive.driveType !== 'personal') return businessItemId();
    const n = (this.counters[drive.id] ?? 101) + 1;
    this.counters[drive.id] = n;
    return personalItemId(drive.id, n);
  }

  /** Adds a loaded or new item to the indexes and the log. */
  insert(item: Item, keepSeq = false): void {
    this.items.set(item.id, item);
    if (!item.deleted || !item.deleted.rootOfDeletion) this.index(item);
    if (keepSeq) this.log.append(item);
    else this.touch(item);
  }

  /** After a load: the log back in seq order. */
  sortLog(): void { this.log.sort(); }

  private index(item: Item): void {
    if (item.parentId === null) return;
    let m = this.childIndex.get(item.parentId);
    if (!m) { m = new Map(); this.childIndex.set(item.parentId, m); }
    m.set(item.name.toLowerCase(), item.id);
    this.childListCache.delete(item.parentId);
  }

  private unindex(item: Item): void {
    if (item.parentId === null) return;
    this.childIndex.get(item.parentId)?.delete(item.name.toLowerCase());
    this.childListCache.delete(item.parentId);
  }

  /** Folder sizes and cTags up the ancestry of a change. */
  /** @internal */
  bubble(folderId: string | null, sizeDelta: number): void {
    for (let id = folderId; id !== null;) {
      const f = this.items.get(id);
      if (!f) return;
      f.size += sizeDelta;
      f.cTagVersion++;
      id = f.parentId;
    }
  }

  private walk(item: Item, fn: (it: Item, top: boolean) => void): void {
    const stack: Array<[Item, boolean]> = [[item, true]];
    while (stack.length) {
      const [it, top] = stack.pop()!;
      fn(it, top);
      for (const id of this.childIndex.get(it.id)?.values() ?? []) stack.push([this.items.get(id)!, false]);
    }
  }

  private longestBelow(item: Item): string {
    let longest = '';
    if (item.kind !== 'folder') return longest;
    const base = this.pathOf(item).length;
    this.walk(item, (it) => { const p = this.pathOf(it).slice(base); if (p.length > longest.length) longest = p; });
    return longest;
  }

  private versionBytes(item: Item): number {
    let n = 0;
    for (const v of item.versions) n += v.content.size;
    return n;
  }

  /** @internal */
  version(item: Item, content: Content, by: string, at: string): Version {
    return { id: `${item.nextVersion++}.0`, lastModifiedDateTime: at, lastModifiedBy: by, content };
  }

  /** Business keeps whole seconds; personal keeps what the client sent. */
  private fsInfo(given: Partial<FileSystemInfo> | undefined, created: string, modified: string): FileSystemInfo {
    const norm = (t: string) => (this.business ? new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z') : new Date(t).toISOString());
    return {
      createdDateTime: norm(given?.createdDateTime ?? created),
      lastModifiedDateTime: norm(given?.lastModifiedDateTime ?? modified),
    };
  }

  /** @internal */
  blankItem(drive: Drive, kind: ItemKind, name: string, parentId: string | null, by: string, fsInfo: FileSystemInfo): Item {
    const now = new Date().toISOString();
    return {
      id: parentId === null ? drive.rootId : this.newItemId(drive),
      driveId: drive.id, name, parentId, kind, guid: guid(), eTagVersion: 1, cTagVersion: 1,
      createdDateTime: now, lastModifiedDateTime: now, fileSystemInfo: fsInfo, createdBy: by, lastModifiedBy: by,
      versions: [], nextVersion: 1, size: 0, permissions: [], seq: 0,
    };
  }
}
