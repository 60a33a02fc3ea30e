import { sendGraphError } from '../http.js';
import type { GraphContext } from './context.js';
import { copyItem } from './copy.js';
import { deleteItem, permanentDelete, restoreItem } from './delete.js';
import { deltaRoute } from './delta.js';
import { createFolder } from './mkdir.js';
import { itemRoutes, type ItemRouteArgs } from './plugins.js';
import { getItem, listChildren } from './read.js';
import { driveAddress, resolveItem } from './resolve.js';
import type { GraphRequest } from './routes.js';
import { patchItem } from './update.js';

type Route = (ctx: GraphContext, a: ItemRouteArgs) => Promise<void> | void;

// method + what follows the item address -> the route. Each needs the item to exist.
const builtIn: Record<string, Route> = {
  'GET ': getItem,
  'GET children': listChildren,
  'POST children': createFolder,
  'GET delta': deltaRoute,
  'PATCH ': patchItem,
  'DELETE ': deleteItem,
  'POST permanentDelete': permanentDelete,
  'POST copy': copyItem,
};

/** Everything addressed under a drive: /me/drive/root..., /drives/{id}/items/{id}:/path:/route, ... */
export async function itemRouter(ctx: GraphContext, g: GraphRequest): Promise<boolean> {
  const { req, res } = g;
  const addr = driveAddress(ctx.store, g.url.pathname, g.accountId);
  if (!addr) return false;
  if ('error' in addr) {
    sendGraphError(res, 404, 'itemNotFound', 'The drive was not found.', { req });
    return true;
  }
  const restore = req.method === 'POST' ? /^\/items\/([^/:]+)\/restore$/.exec(addr.rest) : null;
  if (restore) {
    await restoreItem(ctx, g, addr.drive, decodeURIComponent(restore[1]!));
    return true;
  }
  const target = resolveItem(ctx.store, addr.drive, addr.rest);
  if (target === undefined) return false;
  if (target === 'badPath') {
    sendGraphError(res, 400, 'invalidRequest', 'The path is not valid.', { req, inner: 'invalidPath' });
    return true;
  }
  // OData function syntax: delta() and delta(token='...') mean delta and ?token=.
  const fn = /^delta\((?:token='([^']*)')?\)$/.exec(target.route);
  if (fn) {
    target.route = 'delta';
    if (fn[1]) g.url.searchParams.set('token', fn[1]);
  }
  const args: ItemRouteArgs = { ...g, target };
  for (const route of itemRoutes) if (await route(ctx, args)) return true;
  const route = builtIn[`${req.method} ${target.route}`];
  if (!route) {
    if (!target.item && !target.parent) sendGraphError(res, 404, 'itemNotFound', 'Item does not exist', { req });
    else sendGraphError(res, 400, 'invalidRequest', `Invalid request: ${req.method} .../${target.route} is not supported`, { req });
    return true;
  }
  if (!target.item) {
    sendGraphError(res, 404, 'itemNotFound', 'Item does not exist', { req });
    return true;
  }
  await route(ctx, args);
  return true;
}
