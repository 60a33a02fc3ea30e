import { sendGraphError, sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { Item } from './model.js';
import type { ItemRouteArgs } from './plugins.js';
import { decodeToken, encodeToken, queryInt } from './request.js';
import { driveItemJson } from './serialize.js';

/** A page cursor: changes after `c` up to `u`; `i` for the first enumeration (no tombstones). */
interface PageToken { e: number; c: number; u: number; i: boolean }
/** A delta link: changes after `f`. */
interface LinkToken { e: number; f: number }

/**
 * GET /delta: the latest state of what changed since a token (everything without one), with the changed
 * items' ancestors, paged by @odata.nextLink, ending with @odata.deltaLink. Tombstones only after a token.
 * The token carries the store's epoch: an admin "forget" makes old tokens answer 410 resyncRequired.
 */
export function deltaRoute(ctx: GraphContext, a: ItemRouteArgs): void {
  const { store } = ctx;
  const scope = a.target.item!;
  const { req, res } = a;
  if (store.business && !store.isRoot(scope)) {
    sendGraphError(res, 400, 'invalidRequest', 'Delta is only supported on the root folder of OneDrive for Business and SharePoint.', { req });
    return;
  }
  if (scope.kind !== 'folder') {
    sendGraphError(res, 400, 'invalidRequest', 'Delta is only supported on folders.', { req });
    return;
  }
  if (store.settings.cannotSnapshotTree !== 0) {
    if (store.settings.cannotSnapshotTree > 0) store.settings.cannotSnapshotTree--;
    sendGraphError(res, 500, 'generalException', 'Failed to get a coherent view of changes. Try again later.', { req, inner: 'cannotSnapshotTree' });
    return;
  }
  const link = `${a.origin}${a.url.pathname.replace(/delta\([^)]*\)$/, 'delta')}`;
  const tokenParam = a.url.searchParams.get('token');
  if (tokenParam === 'latest') {
    sendJson(res, 200, { value: [], '@odata.deltaLink': `${link}?token=${encodeToken({ e: store.tokenEpoch, f: store.seq })}` });
    return;
  }
  let page: PageToken;
  if (tokenParam === null) {
    page = { e: store.tokenEpoch, c: 0, u: store.seq, i: true };
  } else {
    const t = decodeToken<Partial<PageToken & LinkToken>>(tokenParam);
    if (!t || t.e !== store.tokenEpoch) {
      sendGraphError(res, 410, 'resyncRequired', 'Resync required. Replace any local items with the server\'s version (including deletes) if you\'re sure that the service was up to date with your local changes when you last sync\'d. Upload any local changes that the server doesn\'t know about.', {
        req, inner: store.settings.resyncInner || undefined, headers: { location: link },
      });
      return;
    }
    page = typeof t.c === 'number' ? { e: t.e, c: t.c, u: t.u ?? store.seq, i: !!t.i } : { e: t.e, c: t.f ?? 0, u: store.seq, i: false };
  }
  const top = queryInt(a.url, '$top', ctx.options.pageSize, 1000);
  const rootScope = store.isRoot(scope);
  const inScope = (it: Item) => rootScope || isUnder(ctx, scope, it);
  // Below a folder scope, an item that moved out is told as deleted (after a token only).
  const leftScope = (it: Item) => !rootScope && !page.i && !!it.prevParentId && !inScope(it) && isUnderId(ctx, scope, it.prevParentId);
  const keep = (it: Item) => !(page.i && it.deleted) && (inScope(it) || leftScope(it));
  const got = store.changes(a.target.drive, page.c, page.u, top, keep);

  const sctx = serializeContext(ctx, req);
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const it of got.items) {
    // Changed items come with their ancestors (up to the folder delta was asked for), parents first.
    const chain: Item[] = [];
    const gone = leftScope(it);
    for (let p = it.id === scope.id || gone ? undefined : parentOf(ctx, it); p && !seen.has(p.id) && !p.deleted; p = p.id === scope.id ? undefined : parentOf(ctx, p)) chain.push(p);
    for (const p of chain.reverse()) { seen.add(p.id); out.push(driveItemJson(sctx, p, { delta: true })); }
    if (seen.has(it.id)) continue;
    seen.add(it.id);
    if (gone) { out.push(driveItemJson(sctx, it, { delta: true, asDeleted: true })); continue; }
    out.push(driveItemJson(sctx, it, { delta: true }));
    // A folder that moved in from outside the scope brings everything below it, which the client never saw.
    if (!rootScope && !page.i && it.kind === 'folder' && it.prevParentId && !isUnderId(ctx, scope, it.prevParentId)) {
      for (const d of descendants(ctx, it)) if (!seen.has(d.id)) { seen.add(d.id); out.push(driveItemJson(sctx, d, { delta: true })); }
    }
  }
  if (store.settings.deltaShuffle) shuffle(out);
  const body: Record<string, unknown> = { value: out };
  if (got.more) body['@odata.nextLink'] = `${link}?token=${encodeToken({ e: page.e, c: got.next, u: page.u, i: page.i })}`;
  else body['@odata.deltaLink'] = `${link}?token=${encodeToken({ e: page.e, f: page.u })}`;
  sendJson(res, 200, body);
}

function parentOf(ctx: GraphContext, it: Item): Item | undefined {
  return it.parentId === null ? undefined : ctx.store.items.get(it.parentId);
}

/** Below `scope`, following parents through deleted folders too (tombstones keep their parent). */
function isUnder(ctx: GraphContext, scope: Item, it: Item): boolean {
  for (let p: Item | undefined = it; p; p = parentOf(ctx, p)) if (p.id === scope.id) return true;
  return false;
}

function isUnderId(ctx: GraphContext, scope: Item, id: string): boolean {
  const start = ctx.store.items.get(id);
  return !!start && isUnder(ctx, scope, start);
}

function descendants(ctx: GraphContext, folder: Item): Item[] {
  const out: Item[] = [];
  const stack = [...ctx.store.children(folder)];
  while (stack.length) {
    const it = stack.pop()!;
    out.push(it);
    stack.push(...ctx.store.children(it));
  }
  return out;
}

function shuffle<T>(xs: T[]): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}
