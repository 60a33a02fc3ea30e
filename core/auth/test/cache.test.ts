import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenMetadata } from '../../../emulator/identity/tokens.js';
import { cacheKey, cacheKeyKey, unseal } from '../cache-plugin.js';
import { CLIENT_ID, formPostBrowser, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

// The emulator's refresh tokens look like Microsoft's consumer ones: "M.C5" then a long base64url run.
const REFRESH_SHAPE = /M\.C5[A-Za-z0-9_-]{60,}/g;
const ACCESS_SHAPE = /EwA[A-Za-z0-9_-]{40,}/g;

describe('the msal token cache in the SecretStore', () => {
  it('never hands a readable refresh or access token to the store, nor to the log', async () => {
    h = await startHarness();
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });
    await h.admin('access/expire', {});
    await auth.getAccessToken(account.id, { forceRefresh: true });

    const everything = h.store.written.join('\n');
    expect(h.store.written.length).toBeGreaterThan(2);
    expect(everything.match(REFRESH_SHAPE)).toBeNull();
    expect(everything.match(ACCESS_SHAPE)).toBeNull();
    expect(h.logs.join('\n').match(REFRESH_SHAPE)).toBeNull();
    expect(h.logs.join('\n').match(ACCESS_SHAPE)).toBeNull();

    // Control: opened with its key, the sealed cache does hold the live refresh token, so the grep above
    // was looking for the right thing.
    const key = Buffer.from((await h.store.get(cacheKeyKey(CLIENT_ID)))!, 'base64');
    const plain = unseal((await h.store.get(cacheKey(CLIENT_ID)))!, key)!;
    const found = plain.match(REFRESH_SHAPE) ?? [];
    expect(found).toHaveLength(1);
    const live = (await h.admin<{ value: TokenMetadata[] }>('tokens')).value.find((t) => t.kind === 'refresh' && t.state === 'valid')!;
    expect(createHash('sha256').update(found[0]!).digest('hex').slice(0, 12)).toBe(live.fingerprint);
  });

  it('the admin token listing shows fingerprints, never tokens', async () => {
    h = await startHarness();
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });
    const token = await auth.getAccessToken(account.id);
    const listing = JSON.stringify(await h.admin('tokens'));
    expect(listing).not.toContain(token);
    expect(listing.match(REFRESH_SHAPE)).toBeNull();
    expect(listing).toContain(createHash('sha256').update(token).digest('hex').slice(0, 12));
  });

  it('treats a tampered cache as signed out instead of failing', async () => {
    h = await startHarness();
    const auth = h.manager();
    await auth.signInInteractive({ openBrowser: formPostBrowser });
    const sealed = (await h.store.get(cacheKey(CLIENT_ID)))!;
    // Change one character in the middle of the ciphertext (the last one may carry only padding bits).
    const i = sealed.lastIndexOf('.') + 10;
    const swapped = sealed[i] === 'A' ? 'B' : 'A';
    await h.store.set(cacheKey(CLIENT_ID), `${sealed.slice(0, i)}${swapped}${sealed.slice(i + 1)}`);
    const fresh = h.manager();
    expect(await fresh.accounts()).toEqual([]);
    expect(h.logs.some((l) => /could not be opened/.test(l))).toBe(true);
  });
});
