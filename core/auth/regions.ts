/** National clouds: where to sign in and where Graph lives. Personal accounts exist only in `global`. */
export type Region = 'global' | 'us' | 'de' | 'cn';

export interface RegionHosts {
  /** The authority host, https. */
  signIn: string;
  /** The Graph API base, without the version. */
  graph: string;
}

export const REGIONS: Readonly<Record<Region, RegionHosts>> = {
  global: { signIn: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  us: { signIn: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  // Microsoft closed the German cloud in October 2021; kept so rclone configs that name it still parse.
  de: { signIn: 'https://login.microsoftonline.de', graph: 'https://graph.microsoft.de' },
  cn: { signIn: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

export function isRegion(value: string): value is Region {
  return Object.hasOwn(REGIONS, value);
}

/** Where one configuration signs in and calls Graph, after region and the user's overrides. */
export interface Endpoints {
  /** What msal is given as `authority` (always https). */
  authority: string;
  /** Set when auth_url or token_url override the region: msal then takes its endpoints from here, never from discovery. */
  authorityMetadata?: string;
  knownAuthorities?: string[];
  /** e.g. https://graph.microsoft.com/v1.0 */
  graphUrl: string;
}

export interface EndpointOptions {
  region?: Region;
  tenant?: string;
  /** Full authorize endpoint, as rclone's `auth_url`. */
  authUrl?: string;
  /** Full token endpoint, as rclone's `token_url`. */
  tokenUrl?: string;
  /** Graph base including the version, e.g. http://127.0.0.1:PORT/v1.0 */
  graphUrl?: string;
}

/**
 * msal insists on an https authority it knows. With overridden endpoints (a proxy, or the emulator on
 * plain http), the authority becomes a name that is never contacted and the real endpoints travel in
 * `authorityMetadata`, so no discovery call leaves the machine.
 */
const OVERRIDE_HOST = 'login.stratus-endpoints.invalid';

export function resolveEndpoints(o: EndpointOptions = {}): Endpoints {
  const region = o.region ?? 'global';
  const hosts = REGIONS[region];
  const tenant = o.tenant ?? 'common';
  const graphUrl = (o.graphUrl ?? `${hosts.graph}/v1.0`).replace(/\/+$/, '');
  if (!o.authUrl && !o.tokenUrl) return { authority: `${hosts.signIn}/${tenant}`, graphUrl };
  const authorize = o.authUrl ?? `${hosts.signIn}/${tenant}/oauth2/v2.0/authorize`;
  const token = o.tokenUrl ?? `${hosts.signIn}/${tenant}/oauth2/v2.0/token`;
  const metadata = {
    authorization_endpoint: authorize,
    token_endpoint: token,
    end_session_endpoint: token.replace(/\/token$/, '/logout'),
    issuer: `https://${OVERRIDE_HOST}/${tenant}/v2.0`,
    jwks_uri: token.replace(/\/oauth2\/v2\.0\/token$/, '/discovery/v2.0/keys'),
  };
  return {
    authority: `https://${OVERRIDE_HOST}/${tenant}`,
    authorityMetadata: JSON.stringify(metadata),
    knownAuthorities: [OVERRIDE_HOST],
    graphUrl,
  };
}
