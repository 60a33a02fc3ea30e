import { randomBytes } from 'node:crypto';

export type TokenCheck =
  | { ok: true; accountId: string; scopes: string[] }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'revoked' };

interface AccessToken {
  accountId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

/**
 * Access tokens handed out by the identity platform and checked on every Graph call. They are opaque
 * random strings, as msal and rclone accept; the registry is the only thing that knows what they mean.
 */
export class TokenRegistry {
  private readonly access = new Map<string, AccessToken>();

  issueAccess(accountId: string, scopes: string[], lifetimeSeconds = 3600): { token: string; expiresIn: number } {
    const token = `EwA${randomBytes(48).toString('base64url')}`;
    this.access.set(token, { accountId, scopes, expiresAt: Date.now() + lifetimeSeconds * 1000, revoked: false });
    return { token, expiresIn: lifetimeSeconds };
  }

  verifyAccess(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    const entry = m ? this.access.get(m[1]!) : undefined;
    if (!entry) return { ok: false, reason: 'invalid' };
    if (entry.revoked) return { ok: false, reason: 'revoked' };
    if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, accountId: entry.accountId, scopes: entry.scopes };
  }

  /** Admin: make every access token of an account (or all) expire now. */
  expireAccess(accountId?: string): number {
    let n = 0;
    for (const t of this.access.values()) {
      if (!accountId || t.accountId === accountId) { t.expiresAt = 0; n++; }
    }
    return n;
  }
}
