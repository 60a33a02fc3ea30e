import { afterEach, describe, expect, it } from 'vitest';
import type { TokenMetadata } from '../../../emulator/identity/tokens.js';
import { formPostBrowser, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

const refreshTokens = async (harness: Harness) =>
  (await harness.admin<{ value: TokenMetadata[] }>('tokens')).value.filter((t) => t.kind === 'refresh');

describe('silent refresh and the reconnect state', () => {
  it('refreshes silently once the access token is expired, rotating the refresh token', async () => {
    h = await startHarness();
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });
    const first = await auth.getAccessToken(account.id);
    expect(await auth.getAccessToken(account.id)).toBe(first); // cached while valid
    await h.admin('access/expire', {});
    expect((await h.graph(first)).status).toBe(401);
    // The transport's path: a 401 expired_token, then the provider again with forceRefresh.
    const second = await auth.tokenProvider(account.id, { forceRefresh: true });
    expect(second).not.toBe(first);
    expect((await h.graph(second)).status).toBe(200);
    const states = (await refreshTokens(h)).map((t) => t.state);
    expect(states).toEqual(['rotated', 'valid']);
  });

  it('asks for one refresh only when several callers want a token at once', async () => {
    h = await startHarness();
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });
    await h.admin('access/expire', {});
    const tokens = await Promise.all([1, 2, 3, 4].map(() => auth.getAccessToken(account.id, { forceRefresh: true })));
    expect(new Set(tokens).size).toBe(1);
    expect((await refreshTokens(h)).filter((t) => t.state === 'rotated')).toHaveLength(1);
  });

  it('puts the account in reconnect when its refresh token was revoked, and one call signs it in again', async () => {
    h = await startHarness();
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });
    await h.admin('refresh/revoke', { account: 'alex@outlook.com' });
    const err = await auth.getAccessToken(account.id, { forceRefresh: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'reconnect', accountId: account.id });
    expect((err as Error).message).toMatch(/alex@outlook\.com.*Reconnect/);
    expect((err as Error).message).not.toMatch(/AADSTS/);
    expect((await auth.accounts())[0]).toMatchObject({ id: account.id, state: 'reconnect' });

    let hint: string | null = null;
    const again = await auth.reconnect(account.id, { openBrowser: async (url) => { hint = new URL(url).searchParams.get('login_hint'); await formPostBrowser(url); } });
    expect(hint).toBe('alex@outlook.com');
    expect(again).toMatchObject({ id: account.id, state: 'ok' });
    expect((await h.graph(await auth.getAccessToken(account.id, { forceRefresh: true }))).status).toBe(200);
  });

  it('treats a refresh token past its 90 days as reconnect too', async () => {
    h = await startHarness();
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });
    await h.admin('refresh/expire', {});
    await expect(auth.getAccessToken(account.id, { forceRefresh: true })).rejects.toMatchObject({ kind: 'reconnect' });
  });

  it('explains AADSTS65005 and AADSTS50076 instead of showing them', async () => {
    h = await startHarness({ profile: 'business' });
    const auth = h.manager();
    const account = await auth.signInInteractive({ openBrowser: formPostBrowser });

    await h.admin('errors', { account: 'alex@contoso.onmicrosoft.com', adminConsent: true });
    const consent = await auth.getAccessToken(account.id, { forceRefresh: true }).catch((e: unknown) => e) as Error & { kind: string; detail: string };
    expect(consent.kind).toBe('admin_consent');
    expect(consent.message).toMatch(/administrator to grant consent/);
    expect(consent.message).not.toMatch(/AADSTS/);
    expect(consent.detail).toMatch(/AADSTS65005/);

    await h.admin('errors', { account: 'alex@contoso.onmicrosoft.com', adminConsent: false, mfa: true });
    const mfa = await auth.getAccessToken(account.id, { forceRefresh: true }).catch((e: unknown) => e) as Error & { kind: string };
    expect(mfa.kind).toBe('mfa_required');
    expect(mfa.message).toMatch(/multi-factor authentication/);
    expect((await auth.accounts())[0]!.state).toBe('reconnect');
    // Signing in again (where MFA is passed in the browser) clears it while the requirement stays on.
    await auth.reconnect(account.id, { openBrowser: formPostBrowser });
    expect((await auth.accounts())[0]!.state).toBe('ok');
    expect((await h.graph(await auth.getAccessToken(account.id, { forceRefresh: true }))).status).toBe(200);

    // 65005 also stops a new sign-in at the consent step.
    await h.admin('errors', { account: 'sam@contoso.onmicrosoft.com', adminConsent: true });
    await expect(auth.signInInteractive({ openBrowser: formPostBrowser, loginHint: 'sam@contoso.onmicrosoft.com' }))
      .rejects.toMatchObject({ kind: 'admin_consent' });
  });
});
