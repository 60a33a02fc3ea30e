import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSecretStore, type SecretStore } from '../core/secrets/index.js';

/**
 * The real OS keychain for one e2e test, under a service name of its own (npm test runs inside a throwaway
 * gnome-keyring session), emptied afterwards.
 */
export async function testSecretStore(dir: string): Promise<{ store: SecretStore; cleanup(): Promise<void> }> {
  const store = await openSecretStore({ service: `stratus-e2e-${randomUUID()}`, folder: join(dir, 'secrets') });
  return {
    store,
    cleanup: async () => {
      for (const key of await store.keys()) await store.delete(key);
    },
  };
}
