import { randomBytes } from 'node:crypto';
import { readJson, sendGraphError, sendJson } from '../http.js';
import { contentState } from './content-state.js';
import type { GraphContext } from './context.js';
import { fail, type GraphFailure, type Item, type Permission } from './model.js';
import type { ItemRouteArgs } from './plugins.js';
import { sendFailure } from './request.js';

// Share links (createLink) and the permissions list, with each profile's allowed combinations:
// embed is personal only; organization and users scopes are business only; a password or an expiry
// needs a paid personal plan (free personal: accessDenied); business refuses passwords, and refuses
// anonymous links when the tenant admin has switched them off.

type LinkType = 'view' | 'edit' | 'embed';
type LinkScope = 'anonymous' | 'organization' | 'users';

interface LinkRequest { type?: unknown; scope?: unknown; password?: unknown; expirationDateTime?: unknown }

function checkLink(ctx: GraphContext, accountId: string, body: LinkRequest): { type: LinkType; scope: LinkScope } | GraphFailure {
  const business = ctx.store.business;
  const type = body.type;
  if (type !== 'view' && type !== 'edit' && type !== 'embed') return fail(400, 'invalidRequest', 'type must be view, edit or embed.');
  const scope = body.scope ?? (business && contentState(ctx).settings.anonymousLinksDisabled ? 'organization' : 'anonymous');
  if (scope !== 'anonymous' && scope !== 'organization' && scope !== 'users') {
    return fail(400, 'invalidRequest', 'scope must be anonymous, organization or users.');
  }
  if (type === 'embed' && business) return fail(400, 'invalidRequest', 'Embed links are not supported in OneDrive for Business and SharePoint.');
  if (scope !== 'anonymous' && !business) return fail(400, 'invalidRequest', `The ${scope} scope is only available in OneDrive for Business and SharePoint.`);
  if (scope === 'anonymous' && business && contentState(ctx).settings.anonymousLinksDisabled) {
    return fail(400, 'invalidRequest', 'Anonymous sharing links are disabled by the administrator of this organization.');
  }
  const hasPassword = body.password !== undefined && body.password !== null && body.password !== '';
  const hasExpiry = body.expirationDateTime !== undefined && body.expirationDateTime !== null && body.expirationDateTime !== '';
  if (hasExpiry && (typeof body.expirationDateTime !== 'string' || Number.isNaN(Date.parse(body.expirationDateTime)))) {
    return fail(400, 'invalidRequest', 'expirationDateTime must be an ISO 8601 date.');
  }
  if (hasPassword && business) return fail(400, 'invalidRequest', 'Link passwords are only available in OneDrive personal.');
  if ((hasPassword || hasExpiry) && !business && !ctx.accounts.find((a) => a.id === accountId)?.paidPersonal) {
    return fail(403, 'accessDenied', 'Setting a password or an expiry on a link needs a Microsoft 365 subscription.');
  }
  return { type, scope };
}

function linkUrl(ctx: GraphContext, item: Item, type: LinkType): { webUrl: string; webHtml?: string } {
  const token = randomBytes(12).toString('base64url');
  if (!ctx.store.business) {
    if (type === 'embed') {
      const src = `https://onedrive.live.com/embed?resid=${encodeURIComponent(item.id)}&authkey=!${token}`;
      return { webUrl: src, webHtml: `<iframe src="${src}" width="98" height="120" frameborder="0" scrolling="no"></iframe>` };
    }
    return { webUrl: `https://1drv.ms/${item.kind === 'folder' ? 'f' : 'u'}/s!${token}` };
  }
  const drive = ctx.store.driveOf(item);
  const kind = item.kind === 'folder' ? 'f' : ({ docx: 'w', xlsx: 'x', pptx: 'p', pdf: 'b', txt: 't' } as Record<string, string>)[item.name.split('.').pop()!.toLowerCase()] ?? 'u';
  const site = new URL(drive.webUrl);
  const owner = /^\/(personal\/[^/]+|sites\/[^/]+)/.exec(site.pathname)?.[1]?.replace(/^personal\//, 'g/personal/').replace(/^sites\//, 's/') ?? 'g';
  return { webUrl: `${site.origin}/:${kind}:/${owner}/${token}` };
}

async function createLink(ctx: GraphContext, a: ItemRouteArgs, item: Item): Promise<void> {
  const { req, res } = a;
  let body: LinkRequest;
  try {
    body = (await readJson<LinkRequest>(req)) ?? {};
  } catch {
    return sendGraphError(res, 400, 'invalidRequest', 'The request body is not valid JSON.', { req });
  }
  const checked = checkLink(ctx, a.accountId, body);
  if ('ok' in checked) return sendFailure(res, req, checked);
  const expiry = typeof body.expirationDateTime === 'string' && body.expirationDateTime ? new Date(body.expirationDateTime).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  const hasPassword = typeof body.password === 'string' && body.password !== '';
  // The same kind of link asked again is the same link (200), as the service answers.
  const existing = item.permissions.find((p) => {
    const link = p.link as { type?: string; scope?: string } | undefined;
    return link?.type === checked.type && link.scope === checked.scope && p.hasPassword === hasPassword && p.expirationDateTime === expiry;
  });
  if (existing) return sendJson(res, 200, existing);
  const perm: Permission = {
    id: randomBytes(16).toString('hex'),
    roles: [checked.type === 'edit' ? 'write' : 'read'],
    hasPassword,
    ...(expiry ? { expirationDateTime: expiry } : {}),
    shareId: `s!${randomBytes(12).toString('base64url')}`,
    link: { type: checked.type, scope: checked.scope, ...linkUrl(ctx, item, checked.type), application: { id: 'stratus', displayName: 'Stratus' } },
  };
  ctx.store.addPermission(item, perm);
  sendJson(res, 201, perm);
}

/** POST createLink; GET permissions, GET and DELETE permissions/{id}. */
export async function linkRoutes(ctx: GraphContext, a: ItemRouteArgs): Promise<boolean> {
  const route = a.target.route;
  const m = /^permissions(?:\/([^/]+))?$/.exec(route);
  if (route !== 'createLink' && !m) return false;
  const { req, res } = a;
  const item = a.target.item;
  if (!item) {
    sendGraphError(res, 404, 'itemNotFound', 'Item does not exist', { req });
    return true;
  }
  if (route === 'createLink') {
    if (req.method !== 'POST') return false;
    await createLink(ctx, a, item);
    return true;
  }
  const id = m![1] === undefined ? undefined : decodeURIComponent(m![1]);
  if (id === undefined && req.method === 'GET') {
    sendJson(res, 200, { value: item.permissions });
    return true;
  }
  if (id === undefined) return false;
  const perm = item.permissions.find((p) => p.id === id);
  if (!perm) {
    sendGraphError(res, 404, 'itemNotFound', 'The permission was not found.', { req });
  } else if (req.method === 'GET') {
    sendJson(res, 200, perm);
  } else if (req.method === 'DELETE') {
    ctx.store.removePermission(item, id);
    res.writeHead(204).end();
  } else return false;
  return true;
}
