import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CryptoProvider, type AuthenticationResult, type ConfidentialClientApplication } from '@azure/msal-node';
import { AuthError, toSignInError } from './errors.js';
import type { OpenBrowser } from './interactive.js';

/** rclone's redirect: users who registered their own app for rclone can reuse it unchanged. */
export const DEFAULT_SECRET_PORT = 53682;

export interface ClientSecretOptions {
  openBrowser: OpenBrowser;
  signal?: AbortSignal;
  loginHint?: string;
  /** Loopback port; 0 picks a free one (tests). The redirect URI registered with the app must match. */
  port?: number;
}

const page = (text: string) => `<!doctype html><meta charset="utf-8"><title>Stratus</title><p>${text}</p>`;

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? new AuthError('failed', `Port ${port} on this computer is in use, so the sign-in page cannot return to Stratus. Close the program using it (often another rclone or Stratus sign-in) and try again.`)
      : err));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Waits for the browser to come back with `?code=` (or `?error=`) carrying our state. */
function awaitCode(server: Server, state: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AuthError('cancelled', 'Sign-in was cancelled.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    server.on('request', (req, res) => {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      if (!q.has('code') && !q.has('error')) { res.writeHead(404).end(); return; }
      if (q.get('state') !== state) { res.writeHead(400).end(page('This sign-in answer does not belong to Stratus\'s request.')); return; }
      signal?.removeEventListener('abort', onAbort);
      const code = q.get('code');
      if (code) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('You are signed in to Stratus. You can close this window.'));
        resolve(code);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Sign-in did not complete. Return to Stratus to try again.'));
        reject(toSignInError({ errorCode: q.get('error') ?? 'failed', errorMessage: q.get('error_description') ?? '' }));
      }
    });
  });
}

/**
 * Sign-in with the user's own client id and secret. A confidential client has no acquireTokenInteractive,
 * so Stratus runs the loopback itself (query response mode) and redeems the code with the PKCE verifier.
 */
export async function acquireWithClientSecret(app: ConfidentialClientApplication, scopes: string[], o: ClientSecretOptions): Promise<AuthenticationResult> {
  if (o.signal?.aborted) throw new AuthError('cancelled', 'Sign-in was cancelled.');
  const server = await listen(o.port ?? DEFAULT_SECRET_PORT);
  try {
    const redirectUri = `http://localhost:${(server.address() as AddressInfo).port}/`;
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const state = randomBytes(16).toString('base64url');
    const url = await app.getAuthCodeUrl({
      scopes, redirectUri, state, codeChallenge: challenge, codeChallengeMethod: 'S256',
      ...(o.loginHint ? { loginHint: o.loginHint } : {}),
    });
    const code = awaitCode(server, state, o.signal);
    code.catch(() => undefined); // if opening the browser fails, nobody awaits the code
    await o.openBrowser(url);
    return await app.acquireTokenByCode({ code: await code, scopes, redirectUri, codeVerifier: verifier });
  } catch (err) {
    throw toSignInError(err, o.loginHint);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
