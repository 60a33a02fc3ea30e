/**
 * What went wrong with a sign-in or a token, as something the UI can act on:
 * - reconnect: the account's sign-in ran out (expired or revoked refresh token); sign in again for it.
 * - admin_consent: AADSTS65005, the organization has not allowed this app.
 * - mfa_required: AADSTS50076, the organization now wants multi-factor authentication.
 * - cancelled / declined / timeout: the user stopped, said no, or took too long.
 * - bad_client: wrong client id or secret.
 * - unknown_account: no such account is signed in.
 * - network: the sign-in service could not be reached.
 * - failed: anything else; `detail` keeps the service's own words for --verbose.
 */
export type AuthErrorKind =
  | 'reconnect' | 'admin_consent' | 'mfa_required' | 'cancelled' | 'declined' | 'timeout'
  | 'bad_client' | 'unknown_account' | 'network' | 'failed';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    readonly accountId?: string,
    /** The raw service text, for verbose output only. Never holds a token. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

interface MsalLike { errorCode?: string; errorMessage?: string; subError?: string; message?: string; name?: string }

/** An AADSTS number in an msal error, if the service sent one. */
function aadsts(e: MsalLike): number | undefined {
  const m = /AADSTS(\d+)/.exec(`${e.errorMessage ?? ''} ${e.message ?? ''}`);
  return m ? Number(m[1]) : undefined;
}

/** Turns whatever msal threw into an AuthError whose message says what it means and what to do. */
export function toAuthError(err: unknown, accountId?: string, username?: string): AuthError {
  if (err instanceof AuthError) return err;
  const e = (err ?? {}) as MsalLike;
  const detail = e.errorMessage || e.message || String(err);
  const code = aadsts(e);
  const who = username ? ` for ${username}` : '';
  if (code === 65005) {
    return new AuthError('admin_consent',
      `Your organization has not allowed Stratus to use OneDrive${who}. Ask your administrator to grant consent to the app, or sign in with your own client id and secret.`,
      accountId, detail);
  }
  if (code === 50076) {
    return new AuthError('mfa_required',
      `Your organization now requires multi-factor authentication${who}. Sign in again and complete the extra verification step.`,
      accountId, detail);
  }
  if (code === 7000215 || code === 7000218 || code === 700016 || e.errorCode === 'invalid_client' || /\binvalid_client\b/.test(detail)) {
    return new AuthError('bad_client',
      'The sign-in service refused the app\'s credentials. Check the client id and client secret (use the secret\'s value, not its id).',
      accountId, detail);
  }
  if (code === 65004 || e.errorCode === 'access_denied' || /\bauthorization_declined\b/.test(detail)) {
    return new AuthError('declined', 'Sign-in was declined, so Stratus was not given access.', accountId, detail);
  }
  if (e.errorCode === 'device_code_expired' || /\bexpired_token\b/.test(detail)) {
    return new AuthError('timeout', 'The sign-in code expired before it was used. Start the sign-in again.', accountId, detail);
  }
  if (e.errorCode === 'device_code_polling_cancelled') {
    return new AuthError('cancelled', 'Sign-in was cancelled.', accountId, detail);
  }
  if (e.errorCode === 'invalid_grant' || e.name === 'InteractionRequiredAuthError' || e.errorCode === 'no_tokens_found'
    || code === 700082 || code === 50173) {
    return new AuthError('reconnect',
      `The sign-in${who} has expired or was revoked. Reconnect the account to keep syncing.`, accountId, detail);
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|network/i.test(detail)) {
    return new AuthError('network', 'The Microsoft sign-in service could not be reached. Check the connection and try again.', accountId, detail);
  }
  return new AuthError('failed', `Sign-in failed: ${detail.split(/\r?\n/)[0]?.replace(/ Trace ID:.*$/, '')}`, accountId, detail);
}

/**
 * The same for a sign-in in progress: there is no saved sign-in to reconnect yet, so a refused grant
 * (a code already used, a PKCE proof that failed) is a failed attempt to retry, not a reconnect.
 */
export function toSignInError(err: unknown, username?: string): AuthError {
  const e = toAuthError(err, undefined, username);
  if (e.kind !== 'reconnect') return e;
  const reason = e.detail?.split(/\r?\n/)[0]?.replace(/ Trace ID:.*$/, '') ?? 'no reason given';
  return new AuthError('failed', `The sign-in service refused to complete the sign-in (${reason}). Try again.`, undefined, e.detail);
}
