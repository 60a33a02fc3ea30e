import { sendGraphError, sendJson } from '../http.js';
import type { GraphContext } from './context.js';
import { contentRedirect } from './download.js';
import type { Version } from './model.js';
import type { ItemRouteArgs } from './plugins.js';
import { sendFailure } from './request.js';

// File versions: listed newest first with the current one included; deleting is business only (personal
// OneDrive answers "API not found", as rclone documents); restoring makes the old content current again.

function versionJson(ctx: GraphContext, v: Version): Record<string, unknown> {
  const who = ctx.accounts.find((a) => a.id === v.lastModifiedBy);
  return {
    id: v.id,
    lastModifiedDateTime: v.lastModifiedDateTime,
    size: v.content.size,
    lastModifiedBy: { user: who ? { id: who.id, displayName: who.displayName, email: who.username } : { displayName: 'System Account' } },
  };
}

/** Routes under .../versions: "versions", "versions/{id}", "versions/{id}/content", "versions/{id}/restoreVersion". */
export function versionRoutes(ctx: GraphContext, a: ItemRouteArgs): boolean {
  const m = /^versions(?:\/([^/]+))?(?:\/(content|restoreVersion))?$/.exec(a.target.route);
  if (!m) return false;
  const { req, res } = a;
  const item = a.target.item;
  if (!item) {
    sendGraphError(res, 404, 'itemNotFound', 'Item does not exist', { req });
    return true;
  }
  const id = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
  const action = m[2];
  if (item.kind !== 'file') {
    sendGraphError(res, 400, 'invalidRequest', 'Only files have versions.', { req });
    return true;
  }
  if (id === undefined) {
    if (req.method !== 'GET') return false;
    sendJson(res, 200, { value: [...item.versions].reverse().map((v) => versionJson(ctx, v)) });
    return true;
  }
  const version = item.versions.find((v) => v.id === id);
  if (!version && !(req.method === 'DELETE' && !ctx.store.business)) {
    sendGraphError(res, 404, 'itemNotFound', 'The version was not found.', { req });
    return true;
  }
  if (action === 'content' && req.method === 'GET') contentRedirect(ctx, a, id);
  else if (action === 'restoreVersion' && req.method === 'POST') {
    const r = ctx.store.restoreVersion(item, id, a.accountId);
    if (!r.ok) sendFailure(res, req, r);
    else res.writeHead(204).end();
  } else if (!action && req.method === 'GET') sendJson(res, 200, versionJson(ctx, version!));
  else if (!action && req.method === 'DELETE') {
    if (!ctx.store.business) {
      sendGraphError(res, 400, 'invalidRequest', 'API not found', { req });
      return true;
    }
    const r = ctx.store.deleteVersion(item, id);
    if (!r.ok) sendFailure(res, req, r);
    else res.writeHead(204).end();
  } else return false;
  return true;
}
