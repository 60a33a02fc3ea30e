import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { readForm, sendHtml, sendJson } from '../http.js';
import { errors, sendOAuthError } from './errors.js';
import { accountsForTenant, parseScopes } from './issue.js';
import { deviceLoginPage, messagePage } from './pages.js';
import type { IdentityState } from './state.js';

export const DEVICE_LOGIN_PATH = '/devicelogin';

/** POST {tenant}/oauth2/v2.0/devicecode: a user code to type at the verification page, and a device code to poll with. */
export async function deviceCodePost(ctx: EmulatorContext, state: IdentityState, req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
  const form = await readForm(req);
  const clientId = form.get('client_id');
  if (!clientId) return sendOAuthError(res, errors.missingParameter('client_id'));
  const accounts = accountsForTenant(ctx, tenant);
  if (accounts.length === 0) return sendOAuthError(res, errors.noAccountInTenant(tenant));
  const entry = state.issueDeviceCode(clientId, tenant, parseScopes(form.get('scope')));
  if (ctx.options.autoApprove) {
    entry.status = 'approved';
    entry.accountId = accounts[0]!.id;
  }
  const verificationUri = `${ctx.origin}${DEVICE_LOGIN_PATH}`;
  sendJson(res, 200, {
    user_code: entry.userCode,
    device_code: entry.deviceCode,
    verification_uri: verificationUri,
    expires_in: state.settings.deviceCodeLifetime,
    interval: state.settings.deviceCodeInterval,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${entry.userCode} to authenticate.`,
  });
}

export function deviceLoginGet(ctx: EmulatorContext, res: ServerResponse, url: URL): void {
  const code = url.searchParams.get('otc') ?? undefined;
  sendHtml(res, 200, deviceLoginPage({ action: DEVICE_LOGIN_PATH, accounts: ctx.accounts, ...(code ? { userCode: code } : {}) }));
}

/** The verification page's answer: approve (as the chosen account) or decline the device. */
export async function deviceLoginPost(ctx: EmulatorContext, state: IdentityState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const entry = state.deviceCodeByUserCode(form.get('user_code') ?? '');
  if (!entry || entry.status !== 'pending' || entry.expiresAt <= Date.now()) {
    sendHtml(res, 400, deviceLoginPage({
      action: DEVICE_LOGIN_PATH, accounts: ctx.accounts,
      message: 'That code is not valid or has expired. Check the code on your device and try again.',
    }));
    return;
  }
  if (form.get('decision') !== 'accept') {
    entry.status = 'declined';
    sendHtml(res, 200, messagePage('Sign-in declined', 'You declined to sign in on the other device. You can close this window.'));
    return;
  }
  const account = accountsForTenant(ctx, entry.tenant).find((a) => a.id === form.get('account'));
  if (!account) {
    sendHtml(res, 400, messagePage('Pick an account', 'This account cannot sign in here. Try again with another account.'));
    return;
  }
  entry.status = 'approved';
  entry.accountId = account.id;
  sendHtml(res, 200, messagePage('You are signed in', `You signed in as ${account.username} on your other device. You can close this window.`));
}
