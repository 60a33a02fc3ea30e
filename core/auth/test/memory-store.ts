import type { SecretStore } from '../../secrets/store.js';

/** A SecretStore in memory that also keeps every value it was ever given, so tests can grep all of it. */
export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  readonly written: string[] = [];

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.written.push(`${key}=${value}`);
    this.values.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.values.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}
