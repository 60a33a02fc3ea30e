import type { Account } from './identity/accounts.js';
import type { TokenRegistry } from './identity/tokens.js';
import type { EmulatorOptions } from './options.js';

/** What the parts of the emulator share: options, the accounts and the token registry. */
export interface EmulatorContext {
  options: EmulatorOptions;
  accounts: Account[];
  tokens: TokenRegistry;
  /** Filled in once the server listens: http://127.0.0.1:PORT */
  origin: string;
}
