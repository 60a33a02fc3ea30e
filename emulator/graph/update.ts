import { readJson, sendGraphError, sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { FileSystemInfo, Item } from './model.js';
import { readConflict } from './mkdir.js';
import type { ItemRouteArgs } from './plugins.js';
import { checkIfMatch, sendFailure } from './request.js';
import { driveItemJson } from './serialize.js';

interface PatchBody {
  name?: unknown;
  parentReference?: { id?: string; driveId?: string; path?: string };
  fileSystemInfo?: Partial<FileSystemInfo>;
  description?: unknown;
}

/** PATCH an item: rename, move (same drive), fileSystemInfo, description. If-Match mismatch: 412. */
export async function patchItem(ctx: GraphContext, a: ItemRouteArgs): Promise<void> {
  const { store } = ctx;
  const item = a.target.item!;
  const body = await readJson<PatchBody>(a.req).catch(() => undefined);
  if (!body || typeof body !== 'object') {
    sendGraphError(a.res, 400, 'invalidRequest', 'The request body is not valid JSON.', { req: a.req });
    return;
  }
  const stale = checkIfMatch(a.req, store, item);
  if (stale) return sendFailure(a.res, a.req, stale);
  let parentId: string | undefined;
  const ref = body.parentReference;
  if (ref && (ref.id || ref.path)) {
    if (ref.driveId && store.getDrive(ref.driveId)?.id !== item.driveId) {
      sendGraphError(a.res, 400, 'invalidRequest', 'Items cannot be moved between drives.', { req: a.req });
      return;
    }
    const dest = resolveParent(ctx, item, ref);
    if (dest === 'rootAlias') {
      sendGraphError(a.res, 400, 'invalidRequest', 'Invalid parent reference: use the id of the root item, not "root".', { req: a.req });
      return;
    }
    if (!dest) {
      sendGraphError(a.res, 404, 'itemNotFound', 'The destination folder was not found.', { req: a.req });
      return;
    }
    if (dest.kind !== 'folder') {
      sendGraphError(a.res, 400, 'invalidRequest', 'The destination is not a folder.', { req: a.req });
      return;
    }
    parentId = dest.id;
  }
  if (body.name !== undefined && typeof body.name !== 'string') {
    sendGraphError(a.res, 400, 'invalidRequest', 'The name must be a string.', { req: a.req });
    return;
  }
  const conflict = readConflict(body, a.url, 'fail');
  if (!conflict) {
    sendGraphError(a.res, 400, 'invalidRequest', 'Invalid conflict behavior.', { req: a.req });
    return;
  }
  const done = store.update(item, {
    name: body.name, parentId, fsInfo: body.fileSystemInfo, conflict,
    description: typeof body.description === 'string' ? body.description : undefined,
  }, a.accountId);
  if (!done.ok) return sendFailure(a.res, a.req, done);
  sendJson(a.res, 200, driveItemJson(serializeContext(ctx, a.req), done.value));
}

/** parentReference by id or by path ("/drive/root:/A/B", "/drives/{id}/root:/A"). */
function resolveParent(ctx: GraphContext, item: Item, ref: { id?: string; path?: string }): Item | 'rootAlias' | undefined {
  const { store } = ctx;
  if (ref.id) {
    if (ref.id === 'root') return 'rootAlias';
    const p = store.get(ref.id);
    return p && p.driveId === item.driveId ? p : undefined;
  }
  const colon = ref.path!.indexOf(':');
  const rel = colon < 0 ? '' : ref.path!.slice(colon + 1);
  const root = store.root(store.driveOf(item));
  const segments = rel.split('/').filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
  return store.resolvePath(root, segments).item;
}
