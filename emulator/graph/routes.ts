import type { EmulatorContext } from '../context.js';
import { sendGraphError, sendJson, type Handler } from '../http.js';

/** Microsoft Graph under /v1.0. Every call carries a bearer token checked against the identity platform. */
export function graphRoutes(ctx: EmulatorContext): Handler {
  return (req, res, url) => {
    if (!url.pathname.startsWith('/v1.0/')) return false;
    const check = ctx.tokens.verifyAccess(req.headers.authorization);
    if (!check.ok) {
      const expired = check.reason === 'expired';
      sendGraphError(res, 401, expired ? 'InvalidAuthenticationToken' : 'unauthenticated',
        expired ? 'Access token has expired or is not yet valid.' : 'Unauthenticated', {
          req,
          headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${ctx.origin}/common/oauth2/v2.0/authorize", error="invalid_token"${expired ? ', error_description="expired_token"' : ''}` },
        });
      return true;
    }
    const account = ctx.accounts.find((a) => a.id === check.accountId)!;
    if (req.method === 'GET' && url.pathname === '/v1.0/me/drive') {
      const personal = ctx.options.profile === 'personal';
      sendJson(res, 200, {
        id: personal ? '7dda670c5e7f91df' : 'b!Eqwertyuiopasdfghjklzxcvbnm-7mnbvcxzlkjhgfdsapoiuytrewqk',
        driveType: personal ? 'personal' : 'business',
        owner: { user: { id: account.id, displayName: account.displayName } },
        quota: { total: 5 * 1024 ** 3, used: 0, remaining: 5 * 1024 ** 3, deleted: 0, state: 'normal' },
      });
      return true;
    }
    sendGraphError(res, 400, 'invalidRequest', `Invalid request: ${req.method} ${url.pathname} is not supported`, { req });
    return true;
  };
}
