import {
  ConfidentialClientApplication, LogLevel, PublicClientApplication,
  type AccountInfo, type AuthenticationResult, type Configuration,
} from '@azure/msal-node';
import type { SecretStore } from '../secrets/store.js';
import { secretStoreCachePlugin } from './cache-plugin.js';
import { acquireWithClientSecret, type ClientSecretOptions } from './client-secret.js';
import { acquireByDeviceCode, type DeviceCodeOptions } from './device-code.js';
import { AuthError, toAuthError } from './errors.js';
import { acquireInteractive, type InteractiveOptions } from './interactive.js';
import { resolveEndpoints, type EndpointOptions } from './regions.js';

/**
 * Stratus's own app registration (a public client: loopback redirect and device code allowed).
 * Replace with the id Microsoft issues for the published app before release.
 */
export const STRATUS_CLIENT_ID = 'b15665d9-eda6-4092-8539-0eec376afd59';

/** rclone's scopes, so an account signed in by either tool sees the same drives. */
export const DEFAULT_SCOPES = ['Files.Read', 'Files.ReadWrite', 'Files.Read.All', 'Files.ReadWrite.All', 'Sites.Read.All'];

export interface AuthConfig extends EndpointOptions {
  store: SecretStore;
  clientId?: string;
  /** The user's own app secret: sign-in then goes through a confidential client (signInWithClientSecret). */
  clientSecret?: string;
  scopes?: string[];
  /** msal's log lines, without personal data; never a token. */
  log?: (level: 'error' | 'warning' | 'info' | 'verbose', message: string) => void;
}

export interface SignedInAccount {
  /** msal's home account id (`oid.tid`): stable, use it to ask for tokens. */
  id: string;
  username: string;
  name?: string;
  tenantId: string;
  /** `reconnect`: the sign-in ran out; call `reconnect(id, ...)` to sign in again for it. */
  state: 'ok' | 'reconnect';
}

/** What the Graph transport calls for a bearer token; again with forceRefresh after a 401 expired_token. */
export type TokenProvider = (accountId: string, options?: { forceRefresh?: boolean }) => Promise<string>;

const LEVELS = { [LogLevel.Error]: 'error', [LogLevel.Warning]: 'warning', [LogLevel.Info]: 'info', [LogLevel.Verbose]: 'verbose', [LogLevel.Trace]: 'verbose' } as const;

/** Sign-in, silent refresh and sign-out for every account of one app registration. */
export class AuthManager {
  readonly graphUrl: string;
  readonly clientId: string;
  private readonly scopes: string[];
  private readonly app: PublicClientApplication | ConfidentialClientApplication;
  private readonly needsReconnect = new Set<string>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly config: AuthConfig) {
    const endpoints = resolveEndpoints(config);
    this.graphUrl = endpoints.graphUrl;
    this.clientId = config.clientId ?? STRATUS_CLIENT_ID;
    this.scopes = config.scopes ?? DEFAULT_SCOPES;
    const msal: Configuration = {
      auth: {
        clientId: this.clientId,
        authority: endpoints.authority,
        ...(endpoints.authorityMetadata ? { authorityMetadata: endpoints.authorityMetadata } : {}),
        ...(endpoints.knownAuthorities ? { knownAuthorities: endpoints.knownAuthorities } : {}),
        ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
      },
      cache: { cachePlugin: secretStoreCachePlugin(config.store, this.clientId, (m) => config.log?.('warning', m)) },
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message, containsPii) => {
            if (!containsPii) config.log?.(LEVELS[level], message);
          },
        },
      },
    };
    this.app = config.clientSecret ? new ConfidentialClientApplication(msal) : new PublicClientApplication(msal);
  }

  /** The browser sign-in (auth code + PKCE on msal's loopback). */
  async signInInteractive(o: InteractiveOptions): Promise<SignedInAccount> {
    return this.signedIn(await acquireInteractive(this.publicApp(), this.scopes, o));
  }

  async signInDeviceCode(o: DeviceCodeOptions): Promise<SignedInAccount> {
    return this.signedIn(await acquireByDeviceCode(this.publicApp(), this.scopes, o));
  }

  /** The user's own client id + secret, on Stratus's own loopback (port 53682 unless told). */
  async signInWithClientSecret(o: ClientSecretOptions): Promise<SignedInAccount> {
    if (!(this.app instanceof ConfidentialClientApplication)) {
      throw new AuthError('bad_client', 'No client secret is configured. Set client_secret (with its client_id) first.');
    }
    return this.signedIn(await acquireWithClientSecret(this.app, this.scopes, o));
  }

  /** One step back from `reconnect`: the sign-in page opens with the same account chosen. */
  async reconnect(accountId: string, o: InteractiveOptions | ClientSecretOptions): Promise<SignedInAccount> {
    const account = await this.account(accountId);
    const withHint = { ...o, loginHint: account.username };
    return this.app instanceof ConfidentialClientApplication
      ? this.signInWithClientSecret(withHint)
      : this.signInInteractive(withHint);
  }

  /** A valid access token for an account, refreshed silently when near expiry (or when forced). */
  getAccessToken(accountId: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    // One refresh per account at a time: parallel transfers must not race to redeem the same refresh token.
    const key = `${accountId}\n${options.forceRefresh ? 'force' : ''}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.silent(accountId, options.forceRefresh ?? false).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  readonly tokenProvider: TokenProvider = (accountId, options) => this.getAccessToken(accountId, options);

  async accounts(): Promise<SignedInAccount[]> {
    const all = await this.app.getTokenCache().getAllAccounts();
    return all.map((a) => this.describe(a));
  }

  async signOut(accountId: string): Promise<void> {
    const account = await this.account(accountId);
    await this.app.getTokenCache().removeAccount(account);
    this.needsReconnect.delete(accountId);
  }

  private async silent(accountId: string, forceRefresh: boolean): Promise<string> {
    const account = await this.account(accountId);
    try {
      const result = await this.app.acquireTokenSilent({ account, scopes: this.scopes, forceRefresh });
      this.needsReconnect.delete(accountId);
      return result.accessToken;
    } catch (err) {
      const e = toAuthError(err, accountId, account.username);
      if (e.kind === 'reconnect' || e.kind === 'mfa_required') this.needsReconnect.add(accountId);
      throw e;
    }
  }

  private async account(accountId: string): Promise<AccountInfo> {
    const account = await this.app.getTokenCache().getAccountByHomeId(accountId);
    if (!account) throw new AuthError('unknown_account', 'That account is not signed in to Stratus. Sign in to add it.', accountId);
    return account;
  }

  private publicApp(): PublicClientApplication {
    if (this.app instanceof PublicClientApplication) return this.app;
    throw new AuthError('bad_client', 'With your own client secret, sign in through the client-secret sign-in (it uses its own loopback).');
  }

  private signedIn(result: AuthenticationResult): SignedInAccount {
    if (!result.account) throw new AuthError('failed', 'The sign-in service answered without an account. Try again.');
    this.needsReconnect.delete(result.account.homeAccountId);
    return this.describe(result.account);
  }

  private describe(a: AccountInfo): SignedInAccount {
    return {
      id: a.homeAccountId,
      username: a.username,
      ...(a.name ? { name: a.name } : {}),
      tenantId: a.tenantId,
      state: this.needsReconnect.has(a.homeAccountId) ? 'reconnect' : 'ok',
    };
  }
}
