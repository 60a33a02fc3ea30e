import type { Drive, Item } from './model.js';
import type { DriveStore } from './store.js';

/** An item address under a drive, resolved: what the item routes work on. */
export interface ItemTarget {
  drive: Drive;
  /** The addressed item when it exists. */
  item?: Item;
  /** When only the last path segment is missing: the parent folder and the missing name (for uploads). */
  parent?: Item;
  leaf?: string;
  /** What follows the item address, without the leading slash: "", "children", "content", "versions/2.0", ... */
  route: string;
}

export type DriveAddress = { drive: Drive; rest: string } | { error: 'noDrive' } | undefined;

/**
 * Splits "/v1.0/me/drive/...", "/v1.0/drive/...", "/v1.0/sites/{id}/drive/..." (the site's default library)
 * or "/v1.0/drives/{id}/..." into the drive and the rest
 * (still percent-encoded). undefined when the path is not under a drive.
 */
export function driveAddress(store: DriveStore, pathname: string, accountId: string): DriveAddress {
  let m = /^\/v1\.0\/(?:me\/)?drive(\/.*)$/.exec(pathname);
  if (m) {
    const drive = store.driveFor(accountId);
    return drive ? { drive, rest: m[1]! } : { error: 'noDrive' };
  }
  m = /^\/v1\.0\/sites\/([^/]+)\/drive(\/.*)$/.exec(pathname);
  if (m) {
    const site = store.sites.get((safeDecode(m[1]!) ?? '').toLowerCase());
    const drive = site ? store.getDrive(site.driveIds[0]!) : undefined;
    return drive ? { drive, rest: m[2]! } : { error: 'noDrive' };
  }
  m = /^\/v1\.0\/drives\/([^/]+)(\/.*)$/.exec(pathname);
  if (m) {
    const drive = store.getDrive(safeDecode(m[1]!) ?? '');
    return drive ? { drive, rest: m[2]! } : { error: 'noDrive' };
  }
  return undefined;
}

/**
 * Parses "/root", "/root:/a/b:", "/root:/a/b:/content", "/items/{id}", "/items/{id}:/leaf:/children", ...
 * undefined when the rest is not an item address; "badPath" when a segment cannot be decoded.
 */
export function resolveItem(store: DriveStore, drive: Drive, rest: string): ItemTarget | 'badPath' | undefined {
  let base: Item | undefined;
  let after: string;
  if (rest === '/root' || rest.startsWith('/root/') || rest.startsWith('/root:')) {
    base = store.root(drive);
    after = rest.slice(5);
  } else if (rest.startsWith('/items/')) {
    const m = /^\/items\/([^/:]+)/.exec(rest);
    if (!m) return undefined;
    const id = safeDecode(m[1]!);
    if (id === undefined) return 'badPath';
    base = id === 'root' ? store.root(drive) : store.get(id);
    if (base && base.driveId !== drive.id) base = undefined;
    after = rest.slice(m[0].length);
  } else {
    return undefined;
  }
  let path = '';
  let route = after;
  if (after.startsWith(':')) {
    const end = after.indexOf(':', 1);
    path = end < 0 ? after.slice(1) : after.slice(1, end);
    route = end < 0 ? '' : after.slice(end + 1);
  }
  route = route.replace(/^\//, '').replace(/\/$/, '');
  if (!base) return { drive, route };
  if (!path || path === '/') return { drive, item: base, route };
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (!raw) continue;
    const seg = safeDecode(raw);
    if (seg === undefined) return 'badPath';
    segments.push(seg);
  }
  const found = store.resolvePath(base, segments);
  return { drive, route, ...found };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
