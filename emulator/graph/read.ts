import { sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { ItemRouteArgs } from './plugins.js';
import { decodeToken, encodeToken, queryInt } from './request.js';
import { driveItemJson, eTagOf } from './serialize.js';
import { sendGraphError } from '../http.js';

/** GET an item; If-None-Match answers 304; $expand=children inlines the first page of children. */
export function getItem(ctx: GraphContext, a: ItemRouteArgs): void {
  const item = a.target.item!;
  const noneMatch = a.req.headers['if-none-match'];
  if (noneMatch && noneMatch === eTagOf(ctx.store, item)) {
    a.res.writeHead(304, { etag: noneMatch });
    a.res.end();
    return;
  }
  const sctx = serializeContext(ctx, a.req);
  const body = driveItemJson(sctx, item);
  if (/\bchildren\b/.test(a.url.searchParams.get('$expand') ?? '') && item.kind === 'folder') {
    body.children = ctx.store.children(item).slice(0, ctx.options.pageSize).map((c) => driveItemJson(sctx, c));
  }
  sendJson(a.res, 200, body);
}

/** GET children, $top pages, @odata.nextLink (absolute) until the last page. */
export function listChildren(ctx: GraphContext, a: ItemRouteArgs): void {
  const item = a.target.item!;
  const all = item.kind === 'folder' ? ctx.store.children(item) : [];
  if (all.length > ctx.store.settings.folderListLimit) {
    // The service fails to list folders near 100,000 items (rclone issue 2707: "UnknownError").
    sendGraphError(a.res, 500, 'UnknownError', '', { req: a.req });
    return;
  }
  const top = queryInt(a.url, '$top', ctx.options.pageSize, 1000);
  const from = decodeToken<{ o: number }>(a.url.searchParams.get('$skiptoken'))?.o ?? 0;
  const page = all.slice(from, from + top);
  const sctx = serializeContext(ctx, a.req);
  const body: Record<string, unknown> = { value: page.map((c) => driveItemJson(sctx, c)) };
  if (from + top < all.length) {
    const next = new URL(`${a.origin}${a.url.pathname}`);
    for (const [k, v] of a.url.searchParams) if (k !== '$skiptoken') next.searchParams.set(k, v);
    next.searchParams.set('$top', String(top));
    next.searchParams.set('$skiptoken', encodeToken({ o: from + top }));
    body['@odata.nextLink'] = next.toString();
  }
  sendJson(a.res, 200, body);
}
