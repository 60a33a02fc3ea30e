import { randomBytes } from 'node:crypto';

/** An app registered from the admin API. Unregistered client ids are accepted as public clients. */
export interface App {
  clientId: string;
  /** When set, every token request of this app must carry it (a confidential client). */
  secret?: string;
  displayName: string;
}

/** What an authorize request asked for, kept until the user answers the consent page. */
export interface AuthorizeRequest {
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  responseMode: 'form_post' | 'query';
  loginHint?: string;
}

export interface AuthCode {
  request: AuthorizeRequest;
  accountId: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  tenant: string;
  scopes: string[];
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  accountId?: string;
}

export interface IdentitySettings {
  /** Seconds msal waits between two device code polls (Microsoft says 5). */
  deviceCodeInterval: number;
  deviceCodeLifetime: number;
  accessTokenLifetime: number;
  /**
   * Whether a refresh token still works after it was redeemed. Microsoft does not promise either way; the
   * emulator refuses by default, so a client that loses the rotated token fails here rather than in 90 days.
   */
  allowRefreshReuse: boolean;
}

/** The identity platform's own memory: apps, pending consents, codes. Graph never needs any of it. */
export class IdentityState {
  readonly apps = new Map<string, App>();
  readonly pending = new Map<string, AuthorizeRequest>();
  readonly codes = new Map<string, AuthCode>();
  readonly deviceCodes = new Map<string, DeviceCode>();
  readonly settings: IdentitySettings = { deviceCodeInterval: 5, deviceCodeLifetime: 900, accessTokenLifetime: 3600, allowRefreshReuse: false };

  /** A consent page is answered by a later POST: the request waits under a random transaction id. */
  park(request: AuthorizeRequest): string {
    const id = randomBytes(16).toString('base64url');
    this.pending.set(id, request);
    return id;
  }

  issueCode(request: AuthorizeRequest, accountId: string): string {
    const code = `M.C5_BAY.2.U.${randomBytes(32).toString('base64url')}`;
    // Microsoft's codes live for about ten minutes.
    this.codes.set(code, { request, accountId, expiresAt: Date.now() + 10 * 60_000, redeemed: false });
    return code;
  }

  issueDeviceCode(clientId: string, tenant: string, scopes: string[]): DeviceCode {
    const letters = 'BCDFGHJKLMNPQRSTVWXZ23456789';
    const bytes = randomBytes(9);
    const userCode = Array.from(bytes, (b) => letters[b % letters.length]).join('');
    const entry: DeviceCode = {
      deviceCode: `DAQABAAEAAAD${randomBytes(48).toString('base64url')}`,
      userCode, clientId, tenant, scopes,
      expiresAt: Date.now() + this.settings.deviceCodeLifetime * 1000,
      status: 'pending',
    };
    this.deviceCodes.set(entry.deviceCode, entry);
    return entry;
  }

  deviceCodeByUserCode(userCode: string): DeviceCode | undefined {
    const wanted = userCode.trim().toUpperCase().replace(/[\s-]/g, '');
    for (const d of this.deviceCodes.values()) if (d.userCode === wanted) return d;
    return undefined;
  }
}
