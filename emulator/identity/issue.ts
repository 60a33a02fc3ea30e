import type { EmulatorContext } from '../context.js';
import { PERSONAL_TENANT, type Account } from './accounts.js';
import { errors, type OAuthError } from './errors.js';
import type { IdentityState } from './state.js';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Accounts that may sign in through an authority tenant: common, organizations, consumers or a tenant id. */
export function accountsForTenant(ctx: EmulatorContext, tenant: string): Account[] {
  const t = tenant.toLowerCase();
  if (t === 'common') return ctx.accounts;
  if (t === 'consumers') return ctx.accounts.filter((a) => a.tenantId === PERSONAL_TENANT);
  if (t === 'organizations') return ctx.accounts.filter((a) => a.tenantId !== PERSONAL_TENANT);
  return ctx.accounts.filter((a) => a.tenantId === t);
}

export function findAccount(ctx: EmulatorContext, idOrName: string | undefined): Account | undefined {
  if (!idOrName) return undefined;
  const key = idOrName.toLowerCase();
  return ctx.accounts.find((a) => a.id === key || a.username.toLowerCase() === key);
}

/**
 * The AADSTS errors switched on for an account from the admin API, checked on every token answer.
 * Multi-factor authentication is passed in the browser, so it blocks only grants that carry no proof
 * of it: refresh tokens from before the requirement. Signing in again clears it, as it does for real.
 */
export function accountBlock(account: Account, clientId: string, mfaDone: boolean): OAuthError | undefined {
  if (account.requireAdminConsent) return errors.adminConsent(clientId);
  if (account.requireMfa && !mfaDone) return errors.mfa();
  return undefined;
}

/** The issuer of a tenant: `{origin}/{tenant id}/v2.0`, as Microsoft's is `login.microsoftonline.com/{tid}/v2.0`. */
export const issuerFor = (ctx: EmulatorContext, tenantId: string) => `${ctx.origin}/${tenantId}/v2.0`;

/** An id_token msal accepts: alg none, empty signature, the claims msal and Stratus read. */
export function idToken(ctx: EmulatorContext, account: Account, clientId: string, nonce?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    ver: '2.0', iss: issuerFor(ctx, account.tenantId), sub: `sub-${account.id}`, aud: clientId,
    iat: now, nbf: now, exp: now + 3600,
    oid: account.id, tid: account.tenantId, preferred_username: account.username, name: account.displayName,
  };
  if (nonce) claims.nonce = nonce;
  return `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.`;
}

/** The token endpoint's success body: a new access token Graph accepts and a rotated refresh token. */
export function tokenResponse(
  ctx: EmulatorContext, state: IdentityState, account: Account, clientId: string, scopes: string[], mfa: boolean, nonce?: string,
): Record<string, unknown> {
  const lifetime = state.settings.accessTokenLifetime;
  const { token } = ctx.tokens.issueAccess(account.id, scopes, lifetime);
  return {
    token_type: 'Bearer',
    scope: scopes.join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: token,
    refresh_token: ctx.tokens.issueRefresh(account.id, clientId, scopes, mfa),
    id_token: idToken(ctx, account, clientId, nonce),
    client_info: b64url({ uid: account.id, utid: account.tenantId }),
  };
}

export function parseScopes(raw: string | null | undefined): string[] {
  return (raw ?? '').split(/\s+/).filter(Boolean);
}
