import type { AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import { AuthError, toSignInError } from './errors.js';

/** How the host shows the sign-in page: the Electron window, the system browser, or a printed URL. */
export type OpenBrowser = (url: string) => Promise<void>;

export interface InteractiveOptions {
  openBrowser: OpenBrowser;
  /** Aborting ends the wait for the browser (msal itself never times out once the page is open). */
  signal?: AbortSignal;
  /** Preselects the account on the sign-in page (used to reconnect the same account). */
  loginHint?: string;
  preferredPort?: number;
  successPage?: string;
  errorPage?: string;
}

const done = '<!doctype html><meta charset="utf-8"><title>Stratus</title><p>You are signed in to Stratus. You can close this window.</p>';
const failed = '<!doctype html><meta charset="utf-8"><title>Stratus</title><p>Sign-in did not complete. Return to Stratus to try again.</p>';

/**
 * Answers msal's own loopback listener with an error for its pending state, so msal stops waiting, closes
 * the listener and rejects. The listener binds 127.0.0.1, whatever name the redirect URI uses.
 */
async function cancelLoopback(authUrl: string): Promise<void> {
  const url = new URL(authUrl);
  const redirect = url.searchParams.get('redirect_uri');
  const state = url.searchParams.get('state');
  if (!redirect || !state) return;
  const target = new URL(redirect);
  target.hostname = '127.0.0.1';
  await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ error: 'access_denied', error_description: 'Cancelled in Stratus', state }).toString(),
  }).catch(() => undefined);
}

/** Authorization code + PKCE through msal's acquireTokenInteractive, with a way to cancel. */
export async function acquireInteractive(app: PublicClientApplication, scopes: string[], o: InteractiveOptions): Promise<AuthenticationResult> {
  if (o.signal?.aborted) throw new AuthError('cancelled', 'Sign-in was cancelled.');
  let authUrl: string | undefined;
  let cancelled = false;
  let stopWaiting = () => {};
  // msal awaits openBrowser before it listens for the answer: a host whose openBrowser only returns when
  // its window closes must not keep a cancelled sign-in alive.
  const cancelledWhileOpening = new Promise<void>((resolve) => { stopWaiting = resolve; });
  const onAbort = () => {
    cancelled = true;
    stopWaiting();
    if (authUrl) void cancelLoopback(authUrl);
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await app.acquireTokenInteractive({
      scopes,
      ...(o.loginHint ? { loginHint: o.loginHint } : {}),
      ...(o.preferredPort !== undefined ? { preferredPort: o.preferredPort } : {}),
      successTemplate: o.successPage ?? done,
      errorTemplate: o.errorPage ?? failed,
      openBrowser: async (url) => {
        authUrl = url;
        if (cancelled) { await cancelLoopback(url); return; }
        await Promise.race([o.openBrowser(url), cancelledWhileOpening]);
      },
    });
  } catch (err) {
    if (cancelled) throw new AuthError('cancelled', 'Sign-in was cancelled.');
    throw toSignInError(err, o.loginHint);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
