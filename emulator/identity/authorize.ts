import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { readForm, sendHtml } from '../http.js';
import type { Account } from './accounts.js';
import { errors, redirectErrorFields, type OAuthError } from './errors.js';
import { accountsForTenant, parseScopes } from './issue.js';
import { consentPage, formPostPage, messagePage } from './pages.js';
import type { AuthorizeRequest, IdentityState } from './state.js';

/** Sends the answer to the app's redirect URI: a self-posting form (form_post) or a 302 with a query. */
function deliver(res: ServerResponse, request: AuthorizeRequest, fields: Record<string, string>): void {
  const all = request.state === undefined ? fields : { ...fields, state: request.state };
  if (request.responseMode === 'form_post') {
    sendHtml(res, 200, formPostPage(request.redirectUri, all));
    return;
  }
  const target = new URL(request.redirectUri);
  for (const [k, v] of Object.entries(all)) target.searchParams.set(k, v);
  res.writeHead(302, { location: target.toString(), 'content-length': 0 });
  res.end();
}

function approve(state: IdentityState, res: ServerResponse, request: AuthorizeRequest, account: Account): void {
  // An admin-consent block shows up at the consent step already, as it does for real tenants.
  if (account.requireAdminConsent) {
    const e: OAuthError = errors.adminConsent(request.clientId);
    deliver(res, request, redirectErrorFields(e));
    return;
  }
  const code = state.issueCode(request, account.id);
  const clientInfo = Buffer.from(JSON.stringify({ uid: account.id, utid: account.tenantId })).toString('base64url');
  deliver(res, request, { code, client_info: clientInfo });
}

/** GET: check the request, then show the consent page (or approve at once with --auto-approve). */
export function authorizeGet(ctx: EmulatorContext, state: IdentityState, res: ServerResponse, url: URL, tenant: string): void {
  const q = url.searchParams;
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  if (!clientId || !redirectUri) {
    sendHtml(res, 400, messagePage('Sign-in request is not valid', `The request must contain '${clientId ? 'redirect_uri' : 'client_id'}'.`));
    return;
  }
  const mode = q.get('response_mode') ?? 'query';
  const request: AuthorizeRequest = {
    tenant, clientId, redirectUri,
    scopes: parseScopes(q.get('scope')),
    responseMode: mode === 'form_post' ? 'form_post' : 'query',
  };
  for (const [key, param] of [['state', 'state'], ['nonce', 'nonce'], ['codeChallenge', 'code_challenge'], ['loginHint', 'login_hint']] as const) {
    const v = q.get(param);
    if (v !== null) request[key] = v;
  }
  if (q.get('response_type') !== 'code') {
    deliver(res, request, { error: 'unsupported_response_type', error_description: 'AADSTS700054: response_type must be \'code\'.' });
    return;
  }
  if (request.codeChallenge && (q.get('code_challenge_method') ?? 'plain') !== 'S256') {
    deliver(res, request, redirectErrorFields(errors.pkceMethod()));
    return;
  }
  const accounts = accountsForTenant(ctx, tenant);
  if (accounts.length === 0) {
    deliver(res, request, redirectErrorFields(errors.noAccountInTenant(tenant)));
    return;
  }
  if (ctx.options.autoApprove) {
    const hinted = accounts.find((a) => a.username.toLowerCase() === request.loginHint?.toLowerCase());
    approve(state, res, request, hinted ?? accounts[0]!);
    return;
  }
  const txn = state.park(request);
  const page = consentPage({ action: url.pathname, txn, clientId, scopes: request.scopes, accounts, ...(request.loginHint ? { loginHint: request.loginHint } : {}) });
  sendHtml(res, 200, page);
}

/** POST: the consent page's answer. */
export async function authorizePost(ctx: EmulatorContext, state: IdentityState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const txn = form.get('txn') ?? '';
  const request = state.pending.get(txn);
  if (!request) {
    sendHtml(res, 400, messagePage('This sign-in has expired', 'Start the sign-in again from the app.'));
    return;
  }
  state.pending.delete(txn);
  if (form.get('decision') !== 'accept') {
    deliver(res, request, redirectErrorFields(errors.userDeclined()));
    return;
  }
  const account = accountsForTenant(ctx, request.tenant).find((a) => a.id === form.get('account'));
  if (!account) {
    sendHtml(res, 400, messagePage('Pick an account', 'No account was chosen. Start the sign-in again from the app.'));
    return;
  }
  approve(state, res, request, account);
}
