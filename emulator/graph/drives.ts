import { sendGraphError, sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { GraphRequest } from './routes.js';
import { driveJson } from './serialize.js';

/** /me, /me/drive (and /drive), /me/drives, /drives/{id}. */
export function driveRoutes(ctx: GraphContext, g: GraphRequest): boolean {
  const { req, res, url } = g;
  if (req.method !== 'GET') return false;
  const path = url.pathname.replace(/\/$/, '');
  const account = ctx.accounts.find((a) => a.id === g.accountId)!;
  if (path === '/v1.0/me') {
    sendJson(res, 200, {
      '@odata.context': `${g.origin}/v1.0/$metadata#users/$entity`,
      id: account.id, displayName: account.displayName, userPrincipalName: account.username, mail: account.username,
      givenName: account.displayName.split(' ')[0], surname: account.displayName.split(' ').slice(1).join(' '),
    });
    return true;
  }
  const sctx = serializeContext(ctx, req);
  const own = ctx.store.driveFor(account.id);
  if (path === '/v1.0/me/drive' || path === '/v1.0/drive') {
    if (!own) sendGraphError(res, 404, 'itemNotFound', 'The user does not have a drive.', { req });
    else sendJson(res, 200, driveJson(sctx, own));
    return true;
  }
  // Nothing is shared with the emulated users and nothing is "recent": empty lists, not a 400.
  if (path === '/v1.0/me/drive/sharedWithMe' || path === '/v1.0/me/drive/recent') {
    sendJson(res, 200, { value: [] });
    return true;
  }
  if (path === '/v1.0/me/drives') {
    sendJson(res, 200, { value: own ? [driveJson(sctx, own)] : [] });
    return true;
  }
  const m = /^\/v1\.0\/drives\/([^/]+)$/.exec(path);
  if (m) {
    const drive = ctx.store.getDrive(decodeURIComponent(m[1]!));
    if (!drive) sendGraphError(res, 404, 'itemNotFound', 'The drive was not found.', { req });
    else sendJson(res, 200, driveJson(sctx, drive));
    return true;
  }
  return false;
}
