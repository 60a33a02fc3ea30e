import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretStore } from '../secrets/store.js';

/** Where one app registration's sealed msal cache lives in the secret store. */
export function cacheKey(clientId: string): string {
  return `msal-cache/${clientId}`;
}

/** The 256-bit key that seals that cache: small, so it always fits a keychain entry. */
export function cacheKeyKey(clientId: string): string {
  return `msal-cache-key/${clientId}`;
}

const VERSION = 'sealed-v1';

/** AES-256-GCM: `sealed-v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The cache text, or undefined when the blob is not ours or was altered (GCM refuses it). */
export function unseal(sealed: string, key: Buffer): string | undefined {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

async function loadKey(store: SecretStore, name: string, create: boolean): Promise<Buffer | undefined> {
  const existing = await store.get(name);
  if (existing) return Buffer.from(existing, 'base64');
  if (!create) return undefined;
  const key = randomBytes(32);
  await store.set(name, key.toString('base64'));
  return key;
}

/**
 * Keeps msal's token cache (refresh tokens included) only in the SecretStore, and sealed even there: a
 * store may spill large blobs out of the keychain (Windows caps an entry at 2,560 bytes), and what it
 * spills must never be a readable refresh token. A blob that cannot be opened is treated as an empty
 * cache, so the user signs in again rather than being stuck.
 */
export function secretStoreCachePlugin(store: SecretStore, clientId: string, onWarning?: (message: string) => void): ICachePlugin {
  const blobName = cacheKey(clientId);
  const keyName = cacheKeyKey(clientId);
  return {
    async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
      const sealed = await store.get(blobName);
      if (!sealed) return;
      const key = await loadKey(store, keyName, false);
      const plain = key && unseal(sealed, key);
      if (plain) ctx.tokenCache.deserialize(plain);
      else onWarning?.('The saved sign-ins could not be opened (the keychain entry was changed or lost); accounts must sign in again.');
    },
    async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
      if (!ctx.cacheHasChanged) return;
      const key = await loadKey(store, keyName, true);
      await store.set(blobName, seal(ctx.tokenCache.serialize(), key!));
    },
  };
}
