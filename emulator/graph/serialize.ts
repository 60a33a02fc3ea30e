import type { Account } from '../identity/accounts.js';
import type { Drive, Item, Site } from './model.js';
import type { DriveStore } from './store.js';

/** What serializing needs besides the store: who is who, and the answer's origin for absolute URLs. */
export interface SerializeContext {
  store: DriveStore;
  accounts: Account[];
  /** e.g. https://graph.microsoft.com (from Host and X-Forwarded-Proto). */
  origin: string;
  /** The content half sets this to add "@microsoft.graph.downloadUrl" to files. */
  downloadUrl?: (item: Item, origin: string) => string | undefined;
  /** $select: only these properties (id and deleted always stay, so a sync client never loses a tombstone). */
  select?: Set<string>;
}

function selected(ctx: SerializeContext, out: Record<string, unknown>): Record<string, unknown> {
  if (!ctx.select) return out;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(out)) if (k === 'id' || k === 'deleted' || ctx.select.has(k)) kept[k] = v;
  return kept;
}

function identity(ctx: SerializeContext, id: string): { user: { id: string; displayName: string; email?: string } } {
  const a = ctx.accounts.find((x) => x.id === id);
  return a ? { user: { id: a.id, displayName: a.displayName, email: a.username } } : { user: { id, displayName: 'System Account' } };
}

export function eTagOf(store: DriveStore, item: Item): string {
  return store.business
    ? `"{${item.guid.toUpperCase()}},${item.eTagVersion}"`
    : `a${Buffer.from(`${item.id}.${item.eTagVersion}`).toString('base64').replace(/=+$/, '')}`;
}

export function cTagOf(store: DriveStore, item: Item): string {
  return store.business
    ? `"c:{${item.guid.toUpperCase()}},${item.cTagVersion}"`
    : `a${Buffer.from(`c:${item.id}.${item.cTagVersion}`).toString('base64').replace(/=+$/, '')}`;
}

function parentPathPrefix(drive: Drive): string {
  return drive.driveType === 'personal' ? '/drive/root:' : `/drives/${drive.id}/root:`;
}

export interface ItemJsonOptions {
  /** Delta answers: no parentReference.path, the personal childCount bug. */
  delta?: boolean;
  /** A folder-scoped delta: the item left the folder, so it is told as deleted there. */
  asDeleted?: boolean;
}

/** The driveItem resource as Graph answers it. */
export function driveItemJson(ctx: SerializeContext, item: Item, opts: ItemJsonOptions = {}): Record<string, unknown> {
  const { store } = ctx;
  const drive = store.driveOf(item);
  if (item.deleted || opts.asDeleted) return selected(ctx, tombstoneJson(ctx, item, drive));
  const out: Record<string, unknown> = {
    id: item.id,
    name: item.name,
    eTag: eTagOf(store, item),
  };
  // Business gives folders no cTag.
  if (!(store.business && item.kind === 'folder')) out.cTag = cTagOf(store, item);
  out.size = item.size;
  out.createdDateTime = item.createdDateTime;
  out.lastModifiedDateTime = item.lastModifiedDateTime;
  out.webUrl = `${drive.webUrl}${store.pathOf(item).split('/').map(encodeURIComponent).join('/')}`;
  out.createdBy = identity(ctx, item.createdBy);
  out.lastModifiedBy = identity(ctx, item.lastModifiedBy);
  const parentRef: Record<string, unknown> = { driveId: drive.id, driveType: drive.driveType };
  if (item.parentId !== null) {
    const parent = store.items.get(item.parentId)!;
    parentRef.id = parent.id;
    if (!opts.delta || (store.business && store.settings.deltaParentPath)) {
      const path = store.pathOf(parent);
      parentRef.path = `${parentPathPrefix(drive)}${store.settings.parentPathEncoded ? path.split('/').map(encodeURIComponent).join('/') : path}`;
    }
    if (store.business) parentRef.name = parent.parentId === null ? 'root' : parent.name;
  }
  out.parentReference = parentRef;
  out.fileSystemInfo = { ...item.fileSystemInfo };
  if (item.description) out.description = item.description;
  if (item.kind === 'folder') {
    const bug = opts.delta && !store.business && store.settings.personalChildCountBug;
    out.folder = { childCount: bug ? 0 : store.childCount(item) };
    if (item.parentId === null) out.root = {};
  } else if (item.kind === 'file' && item.content) {
    const hashes: Record<string, string> = { quickXorHash: item.content.quickXorHash };
    if (!store.business && store.settings.legacySha1 && item.content.sha1Hash) hashes.sha1Hash = item.content.sha1Hash;
    out.file = { mimeType: item.mimeType ?? 'application/octet-stream', hashes };
    const url = ctx.downloadUrl?.(item, ctx.origin);
    if (url) out['@microsoft.graph.downloadUrl'] = url;
  } else if (item.kind === 'package') {
    out.package = { type: item.packageType ?? 'oneNote' };
  }
  return selected(ctx, out);
}

/** Business tombstones omit name and cTag and have size 0; personal ones omit cTag and size. */
function tombstoneJson(ctx: SerializeContext, item: Item, drive: Drive): Record<string, unknown> {
  const out: Record<string, unknown> = { id: item.id };
  if (!ctx.store.business) out.name = item.name;
  else out.size = 0;
  out.eTag = eTagOf(ctx.store, item);
  out.lastModifiedDateTime = item.deleted?.at ?? item.lastModifiedDateTime;
  out.parentReference = { driveId: drive.id, driveType: drive.driveType, ...(item.parentId ? { id: item.parentId } : {}) };
  out.fileSystemInfo = { ...item.fileSystemInfo };
  if (item.kind === 'folder') out.folder = { childCount: 0 };
  else if (item.kind === 'file') out.file = { mimeType: item.mimeType ?? 'application/octet-stream' };
  else out.package = { type: 'oneNote' };
  out.deleted = ctx.store.business ? { state: 'deleted' } : {};
  return out;
}

export function driveJson(ctx: SerializeContext, drive: Drive): Record<string, unknown> {
  const { store } = ctx;
  const owner = drive.ownerAccountId
    ? identity(ctx, drive.ownerAccountId)
    : { group: { id: drive.siteId, displayName: store.sites.get(drive.siteId!.toLowerCase())?.displayName ?? '' } };
  const root = store.root(drive);
  return {
    id: drive.id,
    driveType: drive.driveType,
    name: drive.name,
    description: drive.description,
    createdDateTime: drive.createdDateTime,
    lastModifiedDateTime: root.lastModifiedDateTime,
    webUrl: drive.webUrl,
    createdBy: drive.ownerAccountId ? owner : { user: { displayName: 'System Account' } },
    owner,
    quota: store.quota(drive),
  };
}

export function siteJson(site: Site): Record<string, unknown> {
  return {
    id: site.id,
    name: site.name || site.hostname,
    displayName: site.displayName,
    webUrl: site.webUrl,
    createdDateTime: site.createdDateTime,
    lastModifiedDateTime: site.createdDateTime,
    siteCollection: { hostname: site.hostname },
    ...(site.path === '' ? { root: {} } : {}),
  };
}
