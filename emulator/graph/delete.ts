import { sendGraphError } from '../http.js';
import type { GraphContext } from './context.js';
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
