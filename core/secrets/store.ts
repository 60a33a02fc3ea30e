/**
 * Where Stratus keeps secrets (token caches, client secrets). The real one sits on the OS keychain through
 * keytar; tests may swap in another implementation of this interface, never a plain-text file.
 * Keys are `account` names inside the single `service` Stratus owns.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Keys currently stored (for listing accounts and for cleanup on logout). */
  keys(): Promise<string[]>;
}
