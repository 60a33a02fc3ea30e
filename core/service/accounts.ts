import type { AuthManager, SignedInAccount } from '../auth/index.js';
import { AuthError } from '../auth/index.js';
import type { AccountSummary, SignInMethod, SignInPrompt } from './contract.js';

export interface AccountsDeps {
  auth: AuthManager;
  /** How the host shows the sign-in page. Default: ask the UI to open it (the `signInPrompt` event). */
  openBrowser?: (url: string) => Promise<void>;
  prompt(p: SignInPrompt): void;
  changed(accounts: AccountSummary[]): void;
}

const summary = (a: SignedInAccount): AccountSummary => ({
  id: a.id,
  username: a.username,
  ...(a.name ? { name: a.name } : {}),
  state: a.state,
});

/** Accounts and sign-in for the service: one sign-in at a time, cancellable from the UI. */
export class Accounts {
  private pending?: AbortController;

  constructor(private readonly deps: AccountsDeps) {}

  async list(): Promise<AccountSummary[]> {
    return (await this.deps.auth.accounts()).map(summary);
  }

  async signIn(method: SignInMethod, reconnectId?: string): Promise<AccountSummary> {
    if (this.pending) throw new AuthError('failed', 'A sign-in is already waiting for you. Finish it or cancel it first.');
    const controller = new AbortController();
    this.pending = controller;
    const openBrowser = this.deps.openBrowser ?? (async (url: string) => this.deps.prompt({ kind: 'open-url', url }));
    try {
      const { auth } = this.deps;
      const account =
        method === 'device-code'
          ? await auth.signInDeviceCode({
              signal: controller.signal,
              onCode: (c) => this.deps.prompt({ kind: 'device-code', userCode: c.userCode, verificationUri: c.verificationUri, message: c.message }),
            })
          : reconnectId
            ? await auth.reconnect(reconnectId, { openBrowser, signal: controller.signal })
            : await auth.signInInteractive({ openBrowser, signal: controller.signal });
      this.deps.changed(await this.list());
      return summary(account);
    } finally {
      this.pending = undefined;
      this.deps.prompt({ kind: 'done' });
    }
  }

  async cancel(): Promise<void> {
    this.pending?.abort();
  }

  async signOut(accountId: string): Promise<void> {
    await this.deps.auth.signOut(accountId);
    this.deps.changed(await this.list());
  }
}
