import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type TokenCheck =
  | { ok: true; accountId: string; scopes: string[] }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'revoked' };

export type RefreshCheck =
  | { ok: true; accountId: string; clientId: string; scopes: string[]; mfa: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'revoked' | 'rotated' | 'client_mismatch'; issuedAt?: number };

interface AccessToken {
  accountId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

interface RefreshToken {
  accountId: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  /** Set once the token was redeemed: rotation makes the old one useless. */
  rotated: boolean;
  /** Issued after an interactive sign-in, where the user could pass multi-factor checks. */
  mfa?: boolean;
}

/** What the admin API may show about a token: never the token itself, only a short fingerprint. */
export interface TokenMetadata {
  kind: 'access' | 'refresh';
  fingerprint: string;
  accountId: string;
  clientId?: string;
  scopes: string[];
  issuedAt: string;
  expiresAt: string;
  state: 'valid' | 'expired' | 'revoked' | 'rotated';
}

/** Refresh tokens die after 90 days without use, as Microsoft's do. */
export const REFRESH_LIFETIME_SECONDS = 90 * 24 * 3600;

/** Tokens are kept by their SHA-256 only: a saved registry (`--data`) then holds no usable token. */
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Access and refresh tokens handed out by the identity platform. Access tokens are checked on every Graph
 * call. Both are opaque random strings, as msal and rclone accept; the registry is the only thing that
 * knows what they mean.
 */
export class TokenRegistry {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private file: string | undefined;

  /** Loads the registry from a file (if there) and saves it there after every change, so sign-ins survive a restart. */
  persistTo(file: string): void {
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { access: [string, AccessToken][]; refresh: [string, RefreshToken][] };
      for (const [k, v] of saved.access) this.access.set(k, v);
      for (const [k, v] of saved.refresh) this.refresh.set(k, v);
    }
    mkdirSync(dirname(file), { recursive: true });
    this.file = file;
  }

  private changed(): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ access: [...this.access], refresh: [...this.refresh] }), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  issueAccess(accountId: string, scopes: string[], lifetimeSeconds = 3600): { token: string; expiresIn: number } {
    const token = `EwA${randomBytes(48).toString('base64url')}`;
    const now = Date.now();
    this.access.set(digest(token), { accountId, scopes, issuedAt: now, expiresAt: now + lifetimeSeconds * 1000, revoked: false });
    this.changed();
    return { token, expiresIn: lifetimeSeconds };
  }

  verifyAccess(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    const entry = m ? this.access.get(digest(m[1]!)) : undefined;
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
    this.changed();
    return n;
  }

  issueRefresh(accountId: string, clientId: string, scopes: string[], mfa = false): string {
    const token = `M.C5${randomBytes(64).toString('base64url')}`;
    const now = Date.now();
    this.refresh.set(digest(token), {
      accountId, clientId, scopes, issuedAt: now, expiresAt: now + REFRESH_LIFETIME_SECONDS * 1000, revoked: false, rotated: false, mfa,
    });
    this.changed();
    return token;
  }

  /** Whether a refresh token may be redeemed now; `retireRefresh` then uses it up once a successor is issued. */
  checkRefresh(token: string, clientId: string): RefreshCheck {
    const entry = this.refresh.get(digest(token));
    if (!entry) return { ok: false, reason: 'invalid' };
    if (entry.clientId !== clientId) return { ok: false, reason: 'client_mismatch' };
    if (entry.revoked) return { ok: false, reason: 'revoked' };
    if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'expired', issuedAt: entry.issuedAt };
    if (entry.rotated) return { ok: false, reason: 'rotated' };
    return { ok: true, accountId: entry.accountId, clientId: entry.clientId, scopes: entry.scopes, mfa: entry.mfa ?? false };
  }

  /** Rotation: a redeemed refresh token is never accepted again; its successor gets a fresh 90-day window. */
  retireRefresh(token: string): void {
    const entry = this.refresh.get(digest(token));
    if (entry) entry.rotated = true;
    this.changed();
  }

  /** Admin: the 90 days without use have passed for every refresh token of an account (or all). */
  expireRefresh(accountId?: string): number {
    return this.eachRefresh(accountId, (t) => { t.expiresAt = 0; });
  }

  /** Admin: as when the user changes the password or an administrator revokes sessions. */
  revokeRefresh(accountId?: string): number {
    return this.eachRefresh(accountId, (t) => { t.revoked = true; });
  }

  list(): TokenMetadata[] {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const out: TokenMetadata[] = [];
    for (const [hash, t] of this.access) {
      out.push({
        kind: 'access', fingerprint: hash.slice(0, 12), accountId: t.accountId, scopes: t.scopes,
        issuedAt: iso(t.issuedAt), expiresAt: iso(t.expiresAt),
        state: t.revoked ? 'revoked' : t.expiresAt <= now ? 'expired' : 'valid',
      });
    }
    for (const [hash, t] of this.refresh) {
      out.push({
        kind: 'refresh', fingerprint: hash.slice(0, 12), accountId: t.accountId, clientId: t.clientId, scopes: t.scopes,
        issuedAt: iso(t.issuedAt), expiresAt: iso(t.expiresAt),
        state: t.revoked ? 'revoked' : t.expiresAt <= now ? 'expired' : t.rotated ? 'rotated' : 'valid',
      });
    }
    return out;
  }

  private eachRefresh(accountId: string | undefined, change: (t: RefreshToken) => void): number {
    let n = 0;
    for (const t of this.refresh.values()) {
      if (!accountId || t.accountId === accountId) { change(t); n++; }
    }
    this.changed();
    return n;
  }
}
