// The sign-in API the rest of core uses.
export { AuthManager, DEFAULT_SCOPES, STRATUS_CLIENT_ID } from './manager.js';
export type { AuthConfig, SignedInAccount, TokenProvider } from './manager.js';
export { AuthError, toAuthError } from './errors.js';
export type { AuthErrorKind } from './errors.js';
export { REGIONS, isRegion, resolveEndpoints } from './regions.js';
export type { Region, Endpoints, EndpointOptions } from './regions.js';
export type { InteractiveOptions, OpenBrowser } from './interactive.js';
export type { DeviceCodeInfo, DeviceCodeOptions } from './device-code.js';
export { DEFAULT_SECRET_PORT } from './client-secret.js';
export type { ClientSecretOptions } from './client-secret.js';
export { cacheKey, cacheKeyKey, seal, unseal, secretStoreCachePlugin } from './cache-plugin.js';
export { printedUrl, systemBrowser } from './openers.js';
