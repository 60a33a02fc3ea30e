import type { Handler } from '../http.js';
import { contentItemRoutes, contentRawRoutes } from './content-routes.js';
import type { GraphContext } from './context.js';
import type { ItemTarget } from './resolve.js';
import type { GraphRequest } from './routes.js';

/**
 * The seam for the content half of Graph (uploads, downloads, versions, links). Add entries here; nothing
 * else in the item routes needs to change.
 *
 * - rawRoutes run BEFORE the bearer-token check, for URLs that need no Authorization (upload session URLs,
 *   pre-authenticated download URLs). Return false for paths you do not own.
 * - itemRoutes run for /me/drive/... and /drives/{id}/... once the address is resolved (target.item, or
 *   target.parent + target.leaf when only the last segment is missing; target.route is what follows, e.g.
 *   "content", "createUploadSession", "versions/2.0/restoreVersion", "createLink", "permissions"), before
 *   the built-in routes; return true when answered.
 * - ctx.downloadUrl (GraphContext), when set, adds "@microsoft.graph.downloadUrl" to files in answers.
 */
export type ItemRouteArgs = GraphRequest & { target: ItemTarget };
export type ItemRoute = (ctx: GraphContext, args: ItemRouteArgs) => Promise<boolean> | boolean;
export type RawRoute = (ctx: GraphContext) => Handler;

export const rawRoutes: RawRoute[] = [...contentRawRoutes];
export const itemRoutes: ItemRoute[] = [...contentItemRoutes];
