import type { AuthenticationResult, DeviceCodeRequest, PublicClientApplication } from '@azure/msal-node';
import { AuthError, toSignInError } from './errors.js';

/** What to show the user: open `verificationUri` on any device and type `userCode`. */
export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  /** The service's own sentence saying both. */
  message: string;
  expiresInSeconds: number;
}

export interface DeviceCodeOptions {
  onCode: (info: DeviceCodeInfo) => void;
  signal?: AbortSignal;
  /** Give up before the code itself expires. */
  timeoutSeconds?: number;
}

/** Device code sign-in for machines without a browser. Cancel answers at once; msal stops at its next poll. */
export async function acquireByDeviceCode(app: PublicClientApplication, scopes: string[], o: DeviceCodeOptions): Promise<AuthenticationResult> {
  if (o.signal?.aborted) throw new AuthError('cancelled', 'Sign-in was cancelled.');
  // msal reads `cancel` from this very object between polls.
  const request: DeviceCodeRequest = {
    scopes,
    cancel: false,
    ...(o.timeoutSeconds ? { timeout: o.timeoutSeconds } : {}),
    deviceCodeCallback: (r) => o.onCode({
      userCode: r.userCode, verificationUri: r.verificationUri, message: r.message, expiresInSeconds: r.expiresIn,
    }),
  };
  const polling = app.acquireTokenByDeviceCode(request);
  polling.catch(() => undefined); // after a cancel nobody awaits it any more
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      request.cancel = true;
      reject(new AuthError('cancelled', 'Sign-in was cancelled.'));
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const result = await Promise.race([polling, aborted]);
    if (!result) throw new AuthError('failed', 'The sign-in service answered without a token. Try again.');
    return result;
  } catch (err) {
    throw toSignInError(err);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
