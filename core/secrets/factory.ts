/**
 * Opens the secret store a host should use: the OS keychain, or, only if the user allowed it and no keychain
 * answers, the file store with a warning to show. Without that permission a missing keychain is an error of kind
 * `no-keychain` that says what to install.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SecretStoreError, noKeychainMessage } from './errors.js';
import { FileSecretStore } from './file-store.js';
import { KeytarSecretStore } from './keytar-store.js';
import type { KeytarLike } from './keytar-store.js';
import type { SecretStore } from './store.js';

export const DEFAULT_SERVICE = 'stratus';

export interface SecretStoreOptions {
  /** Keychain service name (default `stratus`). */
  service?: string;
  /** Folder for encrypted large values and for the file store (default: the per-user data folder). */
  folder?: string;
  /** Use the file store when no keychain answers, instead of failing. Off unless the user chose it. */
  allowFileStore?: boolean;
  /** For hosts or tests that load keytar themselves. */
  keytar?: KeytarLike;
}

export type OpenResult =
  | { ok: true; store: SecretStore; backend: 'keychain' | 'file'; warning?: string }
  | { ok: false; error: SecretStoreError };

export function defaultSecretsFolder(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Stratus', 'secrets');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Stratus', 'secrets');
  return join(process.env.XDG_DATA_HOME || join(home, '.local', 'share'), 'stratus', 'secrets');
}

async function loadKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as unknown as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

export async function createSecretStore(opts: SecretStoreOptions = {}): Promise<OpenResult> {
  const service = opts.service ?? DEFAULT_SERVICE;
  const folder = opts.folder ?? defaultSecretsFolder();
  let cause: string;
  try {
    const keytar = opts.keytar ?? (await loadKeytar());
    // A read proves the keychain is reachable and unlocked; keytar only fails at first use otherwise.
    await keytar.findCredentials(service);
    return { ok: true, backend: 'keychain', store: new KeytarSecretStore({ keytar, service, folder }) };
  } catch (e) {
    cause = (e as Error).message || String(e);
  }
  if (opts.allowFileStore) {
    const store = new FileSecretStore(join(folder, 'file-store'));
    return { ok: true, backend: 'file', store, warning: store.warning };
  }
  return { ok: false, error: new SecretStoreError('no-keychain', noKeychainMessage(process.platform, cause)) };
}

/** Same as createSecretStore, for callers that prefer an exception (the error keeps its kind). */
export async function openSecretStore(opts: SecretStoreOptions = {}): Promise<SecretStore> {
  const r = await createSecretStore(opts);
  if (!r.ok) throw r.error;
  return r.store;
}
