import type { EndpointOptions } from '../auth/index.js';

/**
 * The endpoint overrides (rclone's auth_url, token_url and a Graph URL) that point Stratus at a local
 * emulator instead of Microsoft: how the demo and the tests run without a Microsoft account.
 */
export function emulatorEndpoints(origin: string, tenant = 'common'): EndpointOptions {
  const base = origin.replace(/\/+$/, '');
  return {
    authUrl: `${base}/${tenant}/oauth2/v2.0/authorize`,
    tokenUrl: `${base}/${tenant}/oauth2/v2.0/token`,
    graphUrl: `${base}/v1.0`,
  };
}
