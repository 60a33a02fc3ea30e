import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { readForm, sendJson } from '../http.js';
import { errors, sendOAuthError, type OAuthError } from './errors.js';
import { accountBlock, findAccount, parseScopes, tokenResponse } from './issue.js';
import type { IdentityState } from './state.js';

type Outcome = { ok: true; body: Record<string, unknown> } | { ok: false; error: OAuthError };

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A registered confidential app must prove itself with its secret (in the body or by HTTP Basic). */
function checkClient(state: IdentityState, req: IncomingMessage, form: URLSearchParams, clientId: string): OAuthError | undefined {
  const app = state.apps.get(clientId);
  if (!app?.secret) return undefined;
  let secret = form.get('client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!secret && basic) secret = decodeURIComponent(Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':'));
  if (!secret) return errors.missingSecret();
  return same(secret, app.secret) ? undefined : errors.badSecret(clientId);
}

/**
 * `mfa`: 'browser' when the user was at a browser (auth code, device code), where MFA is passed if the
 * account requires it then; otherwise whether the redeemed refresh token carries that proof.
 */
function finish(
  ctx: EmulatorContext, state: IdentityState, accountId: string, clientId: string, scopes: string[], proof: 'browser' | boolean, nonce?: string,
): Outcome {
  const account = findAccount(ctx, accountId);
  if (!account) return { ok: false, error: errors.badRefresh() };
  const mfa = proof === 'browser' ? account.requireMfa : proof;
  const blocked = accountBlock(account, clientId, mfa);
  if (blocked) return { ok: false, error: blocked };
  return { ok: true, body: tokenResponse(ctx, state, account, clientId, scopes, mfa, nonce) };
}

function byCode(ctx: EmulatorContext, state: IdentityState, form: URLSearchParams, clientId: string): Outcome {
  const code = form.get('code');
  if (!code) return { ok: false, error: errors.missingParameter('code') };
  const entry = state.codes.get(code);
  if (!entry || entry.expiresAt <= Date.now() || entry.request.clientId !== clientId) return { ok: false, error: errors.badCode() };
  if (entry.redeemed) return { ok: false, error: errors.codeRedeemed() };
  if (form.get('redirect_uri') !== entry.request.redirectUri) return { ok: false, error: errors.redirectMismatch() };
  if (entry.request.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (!verifier) return { ok: false, error: errors.missingParameter('code_verifier') };
    const computed = createHash('sha256').update(verifier).digest('base64url');
    // A failed proof burns the code: whoever holds a stolen code gets one guess, not many.
    if (!same(computed, entry.request.codeChallenge)) { entry.redeemed = true; return { ok: false, error: errors.pkceMismatch() }; }
  }
  entry.redeemed = true;
  const scopes = parseScopes(form.get('scope')).length ? parseScopes(form.get('scope')) : entry.request.scopes;
  return finish(ctx, state, entry.accountId, clientId, scopes, 'browser', entry.request.nonce);
}

function byRefresh(ctx: EmulatorContext, state: IdentityState, form: URLSearchParams, clientId: string): Outcome {
  const token = form.get('refresh_token');
  if (!token) return { ok: false, error: errors.missingParameter('refresh_token') };
  const check = ctx.tokens.checkRefresh(token, clientId);
  if (!check.ok) {
    switch (check.reason) {
      case 'expired': return { ok: false, error: errors.expiredRefresh(check.issuedAt ?? Date.now()) };
      case 'revoked': return { ok: false, error: errors.revokedRefresh() };
      case 'rotated': return { ok: false, error: errors.rotatedRefresh() };
      default: return { ok: false, error: errors.badRefresh() };
    }
  }
  const asked = parseScopes(form.get('scope'));
  // A refusal (MFA, consent) leaves the refresh token usable, as the real service does.
  const outcome = finish(ctx, state, check.accountId, clientId, asked.length ? asked : check.scopes, check.mfa);
  if (outcome.ok && !state.settings.allowRefreshReuse) ctx.tokens.retireRefresh(token);
  return outcome;
}

function byDeviceCode(ctx: EmulatorContext, state: IdentityState, form: URLSearchParams, clientId: string): Outcome {
  const code = form.get('device_code');
  if (!code) return { ok: false, error: errors.missingParameter('device_code') };
  const entry = state.deviceCodes.get(code);
  if (!entry || entry.clientId !== clientId || entry.status === 'redeemed') return { ok: false, error: errors.badDeviceCode() };
  if (entry.expiresAt <= Date.now()) return { ok: false, error: errors.deviceExpired() };
  if (entry.status === 'declined') return { ok: false, error: errors.deviceDeclined() };
  if (entry.status === 'pending' || !entry.accountId) return { ok: false, error: errors.pending() };
  entry.status = 'redeemed';
  return finish(ctx, state, entry.accountId, clientId, entry.scopes, 'browser');
}

/** POST {tenant}/oauth2/v2.0/token: authorization_code (PKCE checked), refresh_token (rotated), device_code. */
export async function tokenPost(ctx: EmulatorContext, state: IdentityState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const clientId = form.get('client_id');
  if (!clientId) return sendOAuthError(res, errors.missingParameter('client_id'));
  const grant = form.get('grant_type') ?? '';
  const clientError = checkClient(state, req, form, clientId);
  if (clientError) return sendOAuthError(res, clientError);
  let outcome: Outcome;
  switch (grant) {
    case 'authorization_code': outcome = byCode(ctx, state, form, clientId); break;
    case 'refresh_token': outcome = byRefresh(ctx, state, form, clientId); break;
    case 'device_code':
    case 'urn:ietf:params:oauth:grant-type:device_code': outcome = byDeviceCode(ctx, state, form, clientId); break;
    default: return sendOAuthError(res, grant ? errors.unsupportedGrant(grant) : errors.missingParameter('grant_type'));
  }
  if (!outcome.ok) return sendOAuthError(res, outcome.error);
  sendJson(res, 200, outcome.body, { 'cache-control': 'no-store' });
}
