import { sendGraphError, sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { Site } from './model.js';
import type { GraphRequest } from './routes.js';
import { driveJson, siteJson } from './serialize.js';

/**
 * SharePoint: /sites/root, /sites?search=, /sites/{hostname}:/{path}, /sites/{id}, each with /drives or
 * /drive after it. Business only: personal accounts have no SharePoint.
 */
export function siteRoutes(ctx: GraphContext, g: GraphRequest): boolean {
  const { req, res, url } = g;
  const path = url.pathname;
  if (path !== '/v1.0/sites' && !path.startsWith('/v1.0/sites/')) return false;
  if (req.method !== 'GET') return false;
  // Items in a site's default library (/sites/{id}/drive/root...) are the item router's.
  if (/^\/v1\.0\/sites\/[^/]+\/drive\//.test(path)) return false;
  if (ctx.options.profile === 'personal') {
    sendGraphError(res, 400, 'invalidRequest', 'SharePoint sites are not available for Microsoft personal accounts.', { req });
    return true;
  }
  const sites = [...ctx.store.sites.values()];
  if (path === '/v1.0/sites' || path === '/v1.0/sites/') {
    const q = (url.searchParams.get('search') ?? '').toLowerCase().replace(/^"|"$/g, '');
    const hits = sites.filter((s) => q === '' || q === '*' || s.displayName.toLowerCase().includes(q) || s.name.toLowerCase().includes(q) || s.webUrl.toLowerCase().includes(q));
    sendJson(res, 200, { value: hits.map(siteJson) });
    return true;
  }
  let site: Site | undefined;
  let rest: string;
  const rel = decodeURIComponent(path.slice('/v1.0/sites/'.length));
  const byPath = /^([^/:]+):(\/[^:]*?)(?::(\/.*)?)?$/.exec(rel);
  if (rel === 'root' || rel.startsWith('root/')) {
    site = sites.find((s) => s.path === '');
    rest = rel.slice(4);
  } else if (byPath) {
    const [, host, sitePath, after] = byPath;
    const want = sitePath!.replace(/\/$/, '').toLowerCase();
    site = sites.find((s) => s.hostname.toLowerCase() === host!.toLowerCase() && s.path.toLowerCase() === want);
    rest = after ?? '';
  } else {
    const slash = rel.indexOf('/');
    const id = slash < 0 ? rel : rel.slice(0, slash);
    site = ctx.store.sites.get(id.toLowerCase()) ?? sites.find((s) => s.id.split(',').slice(0, 2).join(',').toLowerCase() === id.toLowerCase());
    rest = slash < 0 ? '' : rel.slice(slash);
  }
  if (!site) {
    sendGraphError(res, 404, 'itemNotFound', 'Requested site could not be found', { req });
    return true;
  }
  const sctx = serializeContext(ctx, req);
  const drives = site.driveIds.map((id) => ctx.store.getDrive(id)!);
  rest = rest.replace(/\/$/, '');
  if (rest === '') sendJson(res, 200, siteJson(site));
  else if (rest === '/drives') sendJson(res, 200, { value: drives.map((d) => driveJson(sctx, d)) });
  else if (rest === '/drive') sendJson(res, 200, driveJson(sctx, drives[0]!));
  else sendGraphError(res, 400, 'invalidRequest', `Invalid request: ${path} is not supported`, { req });
  return true;
}
