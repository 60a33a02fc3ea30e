import { readJson, sendGraphError, sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { Drive } from './model.js';
import type { GraphRequest } from './routes.js';
import { driveItemJson } from './serialize.js';
import type { ItemRouteArgs } from './plugins.js';
import { checkIfMatch, sendFailure } from './request.js';

/** DELETE: to the recycle bin (204). If-Match mismatch: 412. */
export function deleteItem(ctx: GraphContext, a: ItemRouteArgs): void {
  const item = a.target.item!;
  const stale = checkIfMatch(a.req, ctx.store, item);
  if (stale) return sendFailure(a.res, a.req, stale);
  const done = ctx.store.remove(item, a.accountId);
  if (!done.ok) return sendFailure(a.res, a.req, done);
  a.res.writeHead(204);
  a.res.end();
}

/** POST permanentDelete: business only; skips the recycle bin. */
export function permanentDelete(ctx: GraphContext, a: ItemRouteArgs): void {
  if (!ctx.store.business) {
    sendGraphError(a.res, 400, 'invalidRequest', 'permanentDelete is not supported for OneDrive personal.', { req: a.req });
    return;
  }
  const item = a.target.item!;
  const stale = checkIfMatch(a.req, ctx.store, item);
  if (stale) return sendFailure(a.res, a.req, stale);
  const done = ctx.store.purge(item, a.accountId);
  if (!done.ok) return sendFailure(a.res, a.req, done);
  a.res.writeHead(204);
  a.res.end();
}

/**
 * POST /items/{id}/restore {parentReference?, name?}: back from the recycle bin. The service offers it on
 * OneDrive personal only. The item is deleted, so the router cannot resolve it: it comes here by id.
 */
export async function restoreItem(ctx: GraphContext, g: GraphRequest, drive: Drive, id: string): Promise<void> {
  const { req, res } = g;
  if (ctx.store.business) {
    sendGraphError(res, 400, 'invalidRequest', 'restore is only available for OneDrive personal.', { req });
    return;
  }
  const item = ctx.store.items.get(id);
  if (!item || item.driveId !== drive.id) {
    sendGraphError(res, 404, 'itemNotFound', 'Item does not exist', { req });
    return;
  }
  const body = (await readJson<{ parentReference?: { id?: string }; name?: string }>(req).catch(() => undefined)) ?? {};
  const done = ctx.store.restore(item, g.accountId, { parentId: body.parentReference?.id, name: body.name });
  if (!done.ok) return sendFailure(res, req, done);
  sendJson(res, 200, driveItemJson(serializeContext(ctx, req), done.value));
}
