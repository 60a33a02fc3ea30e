import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from '../http.js';
import type { GraphContext } from './context.js';
import type { ItemTarget } from './resolve.js';

/**
 * The seam for the content half of Graph (uploads, downloads, versions, links, faults). Add entries here;
 * nothing else in the item routes needs to change.
 *
 * - rawRoutes run BEFORE the bearer-token check, for URLs that need no Authorization (upload session URLs,
 *   pre-authenticated download URLs) and for fault rules that must see every request.
 * - itemRoutes run for /me/drive/... and /drives/{id}/... once the item (or its missing leaf) is resolved,
 *   before the built-in item routes; return true when answered.
 * - downloadUrl, when set, adds "@microsoft.graph.downloadUrl" to every file in answers.
 */
export interface ItemRouteArgs {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  target: ItemTarget;
  accountId: string;
  /** Absolute origin of this request as the client sees it (Host and X-Forwarded-Proto). */
  origin: string;
}
export type ItemRoute = (ctx: GraphContext, args: ItemRouteArgs) => Promise<boolean> | boolean;
export type RawRoute = (ctx: GraphContext) => Handler;

export const rawRoutes: RawRoute[] = [];
export const itemRoutes: ItemRoute[] = [];
