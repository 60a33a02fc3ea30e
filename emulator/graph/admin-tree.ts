import type { GraphContext } from './context.js';
import { makeContent } from './content.js';
import type { Drive, GraphFailure, Item, Outcome } from './model.js';
import { fail, ok } from './model.js';
import { cTagOf, eTagOf } from './serialize.js';

// The admin view of the drives: seed a tree, read everything back, change things as another device would.

/** A drive by id, or the OneDrive of an account (id or username); the first account's by default. */
export function pickDrive(ctx: GraphContext, q: { drive?: string; account?: string }): Drive | undefined {
  if (q.drive) return ctx.store.getDrive(q.drive);
  const account = q.account ? ctx.accounts.find((a) => a.id === q.account || a.username === q.account) : ctx.accounts[0];
  return account ? ctx.store.driveFor(account.id) : undefined;
}

export interface SeedEntry {
  path: string;
  folder?: boolean;
  /** OneNote notebook. */
  package?: 'oneNote';
  /** UTF-8 text, or base64 bytes, or a size of sparse zero bytes. */
  content?: string;
  base64?: string;
  size?: number;
  mtime?: string;
  created?: string;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p.length > 0);
}

/** Makes the folders along a path (like mkdir -p), as the seeding owner. */
export function ensureFolders(ctx: GraphContext, drive: Drive, parts: string[], by: string): Outcome<Item> {
  let cur = ctx.store.root(drive);
  for (const name of parts) {
    const next = ctx.store.childByName(cur, name);
    if (next) { cur = next; continue; }
    const made = ctx.store.createFolder(cur, name, { by });
    if (!made.ok) return made;
    cur = made.value;
  }
  return ok(cur);
}

export function contentOf(ctx: GraphContext, e: { content?: string; base64?: string; size?: number }) {
  const sha1 = ctx.store.settings.legacySha1;
  if (e.base64 !== undefined) return makeContent(Buffer.from(e.base64, 'base64'), sha1);
  if (e.content !== undefined) return makeContent(Buffer.from(e.content, 'utf8'), sha1);
  return makeContent({ zeros: e.size ?? 0 }, sha1);
}

export function seed(ctx: GraphContext, drive: Drive, entries: SeedEntry[], by: string): Outcome<Array<{ path: string; id: string }>> {
  const out: Array<{ path: string; id: string }> = [];
  for (const e of entries) {
    const parts = splitPath(e.path);
    if (parts.length === 0) return fail(400, 'invalidRequest', `Seed entry needs a path: ${JSON.stringify(e)}`);
    const parent = ensureFolders(ctx, drive, parts.slice(0, -1), by);
    if (!parent.ok) return withPath(parent, e.path);
    const name = parts.at(-1)!;
    const fsInfo = e.mtime ? { lastModifiedDateTime: e.mtime, createdDateTime: e.created ?? e.mtime } : undefined;
    const existing = ctx.store.childByName(parent.value, name);
    let made: Outcome<Item>;
    if (e.folder) made = existing ? ok(existing) : ctx.store.createFolder(parent.value, name, { by, fsInfo });
    else if (e.package) made = ctx.store.createPackage(parent.value, name, { by, fsInfo });
    else if (existing?.kind === 'file') { ctx.store.setContent(existing, contentOf(ctx, e), { by, fsInfo }); made = ok(existing); }
    else made = ctx.store.createFile(parent.value, name, contentOf(ctx, e), { by, fsInfo });
    if (!made.ok) return withPath(made, e.path);
    out.push({ path: e.path, id: made.value.id });
  }
  return ok(out);
}

function withPath(f: GraphFailure, path: string): GraphFailure {
  return { ...f, message: `${path}: ${f.message}` };
}

/** Everything about one drive, for tests to compare against. */
export function treeOf(ctx: GraphContext, drive: Drive): Record<string, unknown> {
  const { store } = ctx;
  const describe = (it: Item): Record<string, unknown> => ({
    path: store.pathOf(it) || '/',
    id: it.id,
    kind: it.kind,
    name: it.name,
    size: it.size,
    eTag: eTagOf(store, it),
    cTag: cTagOf(store, it),
    createdDateTime: it.createdDateTime,
    lastModifiedDateTime: it.lastModifiedDateTime,
    fileSystemInfo: it.fileSystemInfo,
    ...(it.content ? { quickXorHash: it.content.quickXorHash, sha1Hash: it.content.sha1Hash } : {}),
    ...(it.kind === 'file' ? { versions: it.versions.map((v) => ({ id: v.id, size: v.content.size, quickXorHash: v.content.quickXorHash, lastModifiedDateTime: v.lastModifiedDateTime })) } : {}),
    ...(it.permissions.length ? { permissions: it.permissions } : {}),
    ...(it.packageType ? { package: it.packageType } : {}),
  });
  const items: Record<string, unknown>[] = [];
  const stack = [store.root(drive)];
  while (stack.length) {
    const it = stack.pop()!;
    items.push(describe(it));
    stack.push(...[...store.children(it)].reverse());
  }
  const recycleBin = store.recycleBin(drive).map((it) => ({ ...describe(it), path: undefined, deletedDateTime: it.deleted!.at, originalParentId: it.parentId }));
  return { id: drive.id, driveType: drive.driveType, name: drive.name, quota: store.quota(drive), items, recycleBin };
}
