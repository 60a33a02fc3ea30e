import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.js';

/** An OAuth error as the identity platform words it: `error`, an AADSTS description, and maybe a suberror. */
export interface OAuthError {
  status: number;
  error: string;
  code: number;
  description: string;
  suberror?: string;
  claims?: string;
}

/** The identity platform ends every description with a trace, a correlation id and a timestamp. */
function describe(e: OAuthError): string {
  const stamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return `AADSTS${e.code}: ${e.description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${stamp}`;
}

export function sendOAuthError(res: ServerResponse, e: OAuthError): void {
  const body: Record<string, unknown> = {
    error: e.error,
    error_description: describe(e),
    error_codes: [e.code],
    timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  };
  if (e.suberror) body.suberror = e.suberror;
  if (e.claims) body.claims = e.claims;
  sendJson(res, e.status, body, { 'cache-control': 'no-store' });
}

/** The same error carried to a redirect URI (authorize answers), as `error` and `error_description`. */
export function redirectErrorFields(e: OAuthError): Record<string, string> {
  return { error: e.error, error_description: describe(e) };
}

const GRAPH_APP = '00000003-0000-0000-c000-000000000000';

export const errors = {
  missingParameter: (name: string): OAuthError => ({
    status: 400, error: 'invalid_request', code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrant: (grant: string): OAuthError => ({
    status: 400, error: 'unsupported_grant_type', code: 70003,
    description: `The app requested an unsupported grant type '${grant}'.`,
  }),
  badCode: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 70000,
    description: 'The provided value for the \'code\' parameter is not valid. The code has expired or is malformed.',
  }),
  codeRedeemed: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 54005,
    description: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  redirectMismatch: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 500112,
    description: 'The reply url does not match the reply url used in the authorization request.',
  }),
  pkceMismatch: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 501481,
    description: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
  pkceMethod: (): OAuthError => ({
    status: 400, error: 'invalid_request', code: 5000011,
    description: 'The code_challenge_method is not supported. Use S256.',
  }),
  missingSecret: (): OAuthError => ({
    status: 401, error: 'invalid_client', code: 7000218,
    description: 'The request body must contain the following parameter: \'client_assertion\' or \'client_secret\'.',
  }),
  badSecret: (clientId: string): OAuthError => ({
    status: 401, error: 'invalid_client', code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  badRefresh: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 9002313,
    description: 'Invalid request. Request is malformed or invalid.',
  }),
  rotatedRefresh: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 70000,
    description: 'The provided grant is invalid: this refresh token was already redeemed and replaced.',
  }),
  expiredRefresh: (issuedAt: number): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 700082,
    description: `The refresh token has expired due to inactivity. The token was issued on ${new Date(issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
  }),
  revokedRefresh: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 50173, suberror: 'bad_token',
    description: 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
  }),
  adminConsent: (clientId: string): OAuthError => ({
    status: 400, error: 'invalid_client', code: 65005,
    description: `Misconfigured application. The application '${clientId}' asked for access to resource '${GRAPH_APP}' (Microsoft Graph) that the organization has not consented to, or the application is not allowed in this tenant. An administrator must grant consent.`,
  }),
  mfa: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 50076, suberror: 'basic_action',
    claims: JSON.stringify({ access_token: { capolids: { essential: true, values: [randomUUID()] } } }),
    description: `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${GRAPH_APP}'.`,
  }),
  pending: (): OAuthError => ({
    status: 400, error: 'authorization_pending', code: 70016,
    description: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  }),
  deviceExpired: (): OAuthError => ({
    status: 400, error: 'expired_token', code: 70020,
    description: 'The provided value for the input parameter \'device_code\' is not valid. This device code has expired.',
  }),
  deviceDeclined: (): OAuthError => ({
    status: 400, error: 'authorization_declined', code: 70000,
    description: 'The end user denied the authorization request.',
  }),
  badDeviceCode: (): OAuthError => ({
    status: 400, error: 'invalid_grant', code: 70000,
    description: 'The provided value for the input parameter \'device_code\' is not valid.',
  }),
  userDeclined: (): OAuthError => ({
    status: 400, error: 'access_denied', code: 65004,
    description: 'User declined to consent to access the app.',
  }),
  noAccountInTenant: (tenant: string): OAuthError => ({
    status: 400, error: 'invalid_request', code: 50020,
    description: `No account of this identity provider can sign in to the tenant '${tenant}'.`,
  }),
};
