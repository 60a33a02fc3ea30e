import { GraphError } from '../graph/errors.js';
import { pages } from '../graph/paging.js';
import type { RequestOptions } from '../graph/client.js';
import { decodeItem, describe, isPersonal, itemUrl } from './context.js';
import type { DriveContext, ItemRef } from './context.js';
import { PathCodec, parentOf } from './paths.js';
import { isOneNote } from './types.js';
import { deleteOldVersions } from './versions.js';
import type { DriveItem } from './types.js';

export async function getItem(ctx: DriveContext, ref: ItemRef, opts: RequestOptions = {}): Promise<DriveItem> {
  return decodeItem(ctx, await ctx.client.json<DriveItem>('GET', itemUrl(ctx, ref), { item: describe(ref), ...opts }));
}

/** The item, or undefined when it does not exist. */
export async function findItem(ctx: DriveContext, ref: ItemRef): Promise<DriveItem | undefined> {
  try {
    return await getItem(ctx, ref);
  } catch (e) {
    if (e instanceof GraphError && e.kind === 'not-found') return undefined;
    throw e;
  }
}

/** Children page by page (OneNote notebooks left out unless expose_onenote_files). */
export async function* listPages(ctx: DriveContext, ref: ItemRef, pageSize = 1000): AsyncGenerator<DriveItem[]> {
  const url = itemUrl(ctx, ref, 'children');
  for await (const page of pages<DriveItem>(ctx.client, url, { query: { $top: pageSize }, item: describe(ref) })) {
    const items = (page.value ?? []).filter((i) => ctx.options.expose_onenote_files || !isOneNote(i));
    yield items.map((i) => decodeItem(ctx, i));
  }
}

export async function list(ctx: DriveContext, ref: ItemRef, pageSize?: number): Promise<DriveItem[]> {
  const all: DriveItem[] = [];
  for await (const items of listPages(ctx, ref, pageSize)) all.push(...items);
  return all;
}

/** Creates a folder; with `parents` every missing ancestor too, and an existing folder is fine (mkdir -p). */
export async function mkdir(ctx: DriveContext, path: string, opts: { parents?: boolean } = {}): Promise<DriveItem> {
  const segs = PathCodec.split(path);
  if (segs.length === 0) return getItem(ctx, '');
  if (!opts.parents) {
    const { parent, leaf } = parentOf(path);
    const parentItem = await getItem(ctx, parent);
    return createFolder(ctx, parentItem.id, leaf, path, false);
  }
  let current = await getItem(ctx, '');
  for (let i = 0; i < segs.length; i++) {
    const sub = segs.slice(0, i + 1).join('/');
    const existing = await findItem(ctx, sub);
    if (existing) {
      if (!existing.folder) throw new GraphError({ kind: 'conflict', code: 'notAFolder', item: `/${sub}`, message: `"/${sub}" is a file, so no folder can be made there: rename or move it.` });
      current = existing;
      continue;
    }
    current = await createFolder(ctx, current.id, segs[i]!, sub, true);
  }
  return current;
}

async function createFolder(ctx: DriveContext, parentId: string, name: string, path: string, existingOk: boolean): Promise<DriveItem> {
  try {
    const item = await ctx.client.json<DriveItem>('POST', itemUrl(ctx, { id: parentId }, 'children'), {
      json: { name: ctx.codec.encodeName(name), folder: {}, '@microsoft.graph.conflictBehavior': 'fail' },
      item: `/${path}`,
    });
    return decodeItem(ctx, item);
  } catch (e) {
    // Business answers 409 when the folder exists (personal answers 200 with it): same outcome for -p.
    if (existingOk && e instanceof GraphError && e.kind === 'conflict') {
      const found = await getItem(ctx, path);
      if (found.folder) return found;
    }
    throw e;
  }
}

/** Moves and/or renames; the destination parent is a path ("" for the root). */
export async function move(ctx: DriveContext, ref: ItemRef, to: { parent?: string; name?: string }): Promise<DriveItem> {
  const item = await getItem(ctx, ref);
  const body: Record<string, unknown> = {};
  if (to.name !== undefined) body.name = ctx.codec.encodeName(to.name);
  if (to.parent !== undefined) {
    // Graph does not take "root" as a parent id here: use the root's real id.
    const parent = await getItem(ctx, to.parent);
    body.parentReference = { id: parent.id };
  }
  // A move can reset the mtime: send it back as it was.
  if (item.fileSystemInfo) body.fileSystemInfo = { lastModifiedDateTime: item.fileSystemInfo.lastModifiedDateTime };
  return decodeItem(ctx, await ctx.client.json<DriveItem>('PATCH', itemUrl(ctx, { id: item.id }), { json: body, item: describe(ref) }));
}

/** Deletes to the recycle bin, or for good where the drive allows it (business, SharePoint) and the user asks. */
export async function remove(ctx: DriveContext, ref: ItemRef, opts: { permanent?: boolean } = {}): Promise<void> {
  if (opts.permanent && isPersonal(ctx)) {
    throw new GraphError({ kind: 'unsupported', code: 'notSupported', item: describe(ref), message: 'OneDrive personal cannot delete permanently: the item can only go to the recycle bin.' });
  }
  const item = await getItem(ctx, ref);
  if (opts.permanent) await ctx.client.json('POST', itemUrl(ctx, { id: item.id }, 'permanentDelete'), { item: describe(ref) });
  else await ctx.client.json('DELETE', itemUrl(ctx, { id: item.id }), { item: describe(ref) });
}

/** Sets the modification time the user sees (fileSystemInfo), then drops the version it made if no_versions. */
export async function setModTime(ctx: DriveContext, ref: ItemRef, mtime: Date): Promise<DriveItem> {
  const stamp = mtime.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const item = await ctx.client.json<DriveItem>('PATCH', itemUrl(ctx, ref), {
    json: { fileSystemInfo: { lastModifiedDateTime: stamp } },
    item: describe(ref),
  });
  if (ctx.options.no_versions && !isPersonal(ctx)) {
    await deleteOldVersions(ctx, { id: item.id });
  }
  return decodeItem(ctx, item);
}
