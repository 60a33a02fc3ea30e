import type { EmulatorContext } from '../context.js';
import { PERSONAL_TENANT } from './accounts.js';

/** The tenant id an authority segment stands for in the issuer (Microsoft writes a `{tenantid}` placeholder for multi-tenant ones). */
function issuerTenant(tenant: string): string {
  const t = tenant.toLowerCase();
  if (t === 'consumers') return PERSONAL_TENANT;
  if (t === 'common' || t === 'organizations') return '{tenantid}';
  return tenant;
}

/** {tenant}/v2.0/.well-known/openid-configuration, with the fields msal needs and the usual neighbours. */
export function openidConfiguration(ctx: EmulatorContext, tenant: string): Record<string, unknown> {
  const base = `${ctx.origin}/${tenant}`;
  return {
    issuer: `${ctx.origin}/${issuerTenant(tenant)}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'preferred_username', 'oid', 'tid', 'ver', 'nonce'],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
  };
}
