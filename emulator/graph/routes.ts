import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGraphError, type Handler } from '../http.js';
import type { GraphContext } from './context.js';
import { copyMonitorRoute } from './copy.js';
import { driveRoutes } from './drives.js';
import { itemRouter } from './items.js';
import { rawRoutes } from './plugins.js';
import { requestOrigin } from './request.js';
import { siteRoutes } from './sites.js';

// Microsoft Graph's own application id, named in its 401 challenges.
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const SIGN_IN_HOSTS: Record<string, string> = {
  'graph.microsoft.com': 'https://login.microsoftonline.com',
  'graph.microsoft.us': 'https://login.microsoftonline.us',
  'graph.microsoft.de': 'https://login.microsoftonline.de',
  'microsoftgraph.chinacloudapi.cn': 'https://login.chinacloudapi.cn',
};

/** The sign-in host of the cloud whose Graph host the client reached; on loopback, the emulator itself. */
function signInOrigin(origin: string): string {
  return SIGN_IN_HOSTS[new URL(origin).hostname] ?? origin;
}

/** What every Graph route gets once the bearer token is checked. */
export interface GraphRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  accountId: string;
  /** The origin as the client sees it, for absolute URLs (nextLink, deltaLink, monitor). */
  origin: string;
}

/** Microsoft Graph under /v1.0. Every call carries a bearer token checked against the identity platform. */
export function graphRoutes(ctx: GraphContext): Handler {
  const raw = rawRoutes.map((make) => make(ctx));
  return async (req, res, url) => {
    for (const handle of raw) if (await handle(req, res, url)) return true;
    if (copyMonitorRoute(ctx, req, res, url)) return true;
    if (!url.pathname.startsWith('/v1.0/')) return false;
    const check = ctx.tokens.verifyAccess(req.headers.authorization);
    if (!check.ok) {
      const expired = check.reason === 'expired';
      const authorize = `${signInOrigin(requestOrigin(req, ctx.origin))}/common/oauth2/authorize`;
      sendGraphError(res, 401, expired ? 'InvalidAuthenticationToken' : 'unauthenticated',
        expired ? 'Access token has expired or is not yet valid.' : 'Unauthenticated', {
          req,
          headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${authorize}", client_id="${GRAPH_APP_ID}", error="invalid_token"${expired ? ', error_description="expired_token"' : ''}` },
        });
      return true;
    }
    const g: GraphRequest = { req, res, url, accountId: check.accountId, origin: requestOrigin(req, ctx.origin) };
    if (await driveRoutes(ctx, g)) return true;
    if (await siteRoutes(ctx, g)) return true;
    if (await itemRouter(ctx, g)) return true;
    sendGraphError(res, 400, 'invalidRequest', `Invalid request: ${req.method} ${url.pathname} is not supported`, { req });
    return true;
  };
}
