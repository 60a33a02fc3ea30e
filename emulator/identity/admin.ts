import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { readJson, sendJson } from '../http.js';
import { findAccount } from './issue.js';
import type { IdentityState } from './state.js';

interface Body {
  account?: string;
  clientId?: string;
  secret?: string;
  displayName?: string;
  adminConsent?: boolean;
  mfa?: boolean;
  deviceCodeInterval?: number;
  deviceCodeLifetime?: number;
  accessTokenLifetime?: number;
  allowRefreshReuse?: boolean;
}

const PREFIX = '/_emulator/auth/';

function notFound(res: ServerResponse, what: string): true {
  sendJson(res, 404, { error: { code: 'notFound', message: what } });
  return true;
}

/**
 * Test-only routes of the identity platform, under /_emulator/auth/. `account` is an id or a username and,
 * where optional, absent means every account. Token listings carry fingerprints, never tokens.
 *   GET  tokens                 {value: TokenMetadata[]}
 *   POST access/expire          {account?}  every access token expires now (Graph answers 401 expired_token)
 *   POST refresh/expire         {account?}  the 90 days without use have passed (AADSTS700082, invalid_grant)
 *   POST refresh/revoke         {account?}  revoked (AADSTS50173, invalid_grant + suberror bad_token)
 *   POST errors                 {account, adminConsent?, mfa?}  switch AADSTS65005 / AADSTS50076
 *   POST apps                   {clientId, secret?, displayName?}  register an app; with a secret it is confidential
 *   POST devicecodes/expire     every pending device code expires (polls get expired_token)
 *   POST settings               {deviceCodeInterval?, deviceCodeLifetime?, accessTokenLifetime?} in seconds,
 *                               {allowRefreshReuse?} (default false: a redeemed refresh token is refused)
 */
export async function identityAdmin(ctx: EmulatorContext, state: IdentityState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!url.pathname.startsWith(PREFIX)) return false;
  const route = `${req.method} ${url.pathname.slice(PREFIX.length)}`;
  if (route === 'GET tokens') {
    sendJson(res, 200, { value: ctx.tokens.list() });
    return true;
  }
  const body = req.method === 'POST' ? (await readJson<Body>(req)) ?? {} : {};
  let accountId: string | undefined;
  if (body.account !== undefined) {
    accountId = findAccount(ctx, body.account)?.id;
    if (!accountId) return notFound(res, `No account "${body.account}"`);
  }
  switch (route) {
    case 'POST access/expire': sendJson(res, 200, { expired: ctx.tokens.expireAccess(accountId) }); return true;
    case 'POST refresh/expire': sendJson(res, 200, { expired: ctx.tokens.expireRefresh(accountId) }); return true;
    case 'POST refresh/revoke': sendJson(res, 200, { revoked: ctx.tokens.revokeRefresh(accountId) }); return true;
    case 'POST errors': {
      // AADSTS65005 (adminConsent) and AADSTS50076 (mfa), switched per account.
      const account = ctx.accounts.find((a) => a.id === accountId);
      if (!account) return notFound(res, 'errors needs an "account"');
      if (body.adminConsent !== undefined) account.requireAdminConsent = body.adminConsent;
      if (body.mfa !== undefined) account.requireMfa = body.mfa;
      sendJson(res, 200, { account: account.id, adminConsent: account.requireAdminConsent, mfa: account.requireMfa });
      return true;
    }
    case 'POST apps': {
      if (!body.clientId) { sendJson(res, 400, { error: { code: 'invalidRequest', message: 'apps needs a "clientId"' } }); return true; }
      state.apps.set(body.clientId, { clientId: body.clientId, displayName: body.displayName ?? body.clientId, ...(body.secret ? { secret: body.secret } : {}) });
      sendJson(res, 200, { clientId: body.clientId, confidential: Boolean(body.secret) });
      return true;
    }
    case 'POST devicecodes/expire': {
      let n = 0;
      for (const d of state.deviceCodes.values()) if (d.status === 'pending') { d.expiresAt = 0; n++; }
      sendJson(res, 200, { expired: n });
      return true;
    }
    case 'POST settings': {
      for (const key of ['deviceCodeInterval', 'deviceCodeLifetime', 'accessTokenLifetime'] as const) {
        const v = body[key];
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) state.settings[key] = v;
      }
      if (typeof body.allowRefreshReuse === 'boolean') state.settings.allowRefreshReuse = body.allowRefreshReuse;
      sendJson(res, 200, state.settings);
      return true;
    }
    default:
      return notFound(res, `No identity admin route ${route}`);
  }
}
