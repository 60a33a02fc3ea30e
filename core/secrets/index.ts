export type { SecretStore } from './store.js';
export { KeytarSecretStore, LARGE_VALUE_BYTES } from './keytar-store.js';
export type { KeytarLike, KeytarSecretStoreOptions } from './keytar-store.js';
export { FileSecretStore } from './file-store.js';
export { DEFAULT_SERVICE, createSecretStore, defaultSecretsFolder, openSecretStore } from './factory.js';
export type { OpenResult, SecretStoreOptions } from './factory.js';
export { SecretStoreError } from './errors.js';
export type { SecretErrorKind } from './errors.js';
