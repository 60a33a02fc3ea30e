import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../errors.js';
import { cacheKey, cacheKeyKey, unseal } from '../cache-plugin.js';
import { CLIENT_ID, formPostBrowser, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

describe('interactive sign-in with msal against the emulator (auto-approve, no browser window)', () => {
  it('signs in by auth code + PKCE over form_post, and the token works on Graph', async () => {
    h = await startHarness();
    const auth = h.manager();
    const opened: string[] = [];
    const account = await auth.signInInteractive({ openBrowser: async (url) => { opened.push(url); await formPostBrowser(url); } });
    expect(account).toMatchObject({ username: 'alex@outlook.com', state: 'ok', tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad' });
    const authorize = new URL(opened[0]!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    const token = await auth.getAccessToken(account.id);
    const drive = await h.graph(token);
    expect(drive.status).toBe(200);
    expect(await drive.json()).toMatchObject({ driveType: 'personal', owner: { user: { displayName: 'Alex Doe' } } });
  });

  it('keeps two accounts at once, each with its own token, and signs one out', async () => {
    h = await startHarness({ profile: 'business' });
    const auth = h.manager();
    const alex = await auth.signInInteractive({ openBrowser: formPostBrowser });
    const sam = await auth.signInInteractive({ openBrowser: formPostBrowser, loginHint: 'sam@contoso.onmicrosoft.com' });
    expect(alex.id).not.toBe(sam.id);
    expect((await auth.accounts()).map((a) => a.username).sort()).toEqual(['alex@contoso.onmicrosoft.com', 'sam@contoso.onmicrosoft.com']);
    const samDrive = await (await h.graph(await auth.getAccessToken(sam.id))).json() as { owner: { user: { displayName: string } } };
    expect(samDrive.owner.user.displayName).toBe('Sam Roe');
    await auth.signOut(alex.id);
    expect((await auth.accounts()).map((a) => a.username)).toEqual(['sam@contoso.onmicrosoft.com']);
    // Signing out drops that account's refresh token from the saved cache, not only from memory.
    const key = Buffer.from((await h.store.get(cacheKeyKey(CLIENT_ID)))!, 'base64');
    const saved = JSON.parse(unseal((await h.store.get(cacheKey(CLIENT_ID)))!, key)!) as { RefreshToken: Record<string, { home_account_id: string }> };
    expect(Object.values(saved.RefreshToken).map((t) => t.home_account_id)).toEqual([sam.id]);
    await expect(auth.getAccessToken(alex.id)).rejects.toMatchObject({ kind: 'unknown_account' });
    // A new manager over the same store still knows Sam: the cache went through the plugin.
    expect((await h.manager().accounts()).map((a) => a.username)).toEqual(['sam@contoso.onmicrosoft.com']);
  });

  it('cancels a sign-in whose page was never answered, and frees the loopback', async () => {
    h = await startHarness({ autoApprove: false });
    const auth = h.manager();
    const controller = new AbortController();
    let redirect = '';
    const signIn = auth.signInInteractive({
      signal: controller.signal,
      openBrowser: async (url) => { redirect = new URL(url).searchParams.get('redirect_uri')!; controller.abort(); },
    });
    await expect(signIn).rejects.toMatchObject({ kind: 'cancelled' });
    await expect(signIn).rejects.toBeInstanceOf(AuthError);
    const port = new URL(redirect).port;
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('cancels even when the host\'s openBrowser never returns', async () => {
    h = await startHarness({ autoApprove: false });
    const auth = h.manager();
    const controller = new AbortController();
    const signIn = auth.signInInteractive({
      signal: controller.signal,
      openBrowser: () => { setTimeout(() => controller.abort(), 50); return new Promise<void>(() => undefined); },
    });
    await expect(signIn).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('signs in through a tenant id authority', async () => {
    h = await startHarness({ profile: 'business' });
    const tenant = 'c6b5d5a4-1f4e-4d0a-9a57-3b1f0e0c2a11';
    const auth = h.manager({
      tenant,
      authUrl: `${h.emulator.origin}/${tenant}/oauth2/v2.0/authorize`,
      tokenUrl: `${h.emulator.origin}/${tenant}/oauth2/v2.0/token`,
    });
    let authorizeUrl = '';
    const account = await auth.signInInteractive({ openBrowser: async (url) => { authorizeUrl = url; await formPostBrowser(url); } });
    expect(authorizeUrl.startsWith(`${h.emulator.origin}/${tenant}/oauth2/v2.0/authorize?`)).toBe(true);
    expect(account).toMatchObject({ tenantId: tenant, id: `5f0a3c1e-8d2b-4e6f-9a1c-0b7d3e5f2a41.${tenant}` });
    await h.admin('access/expire', {});
    expect((await h.graph(await auth.getAccessToken(account.id, { forceRefresh: true }))).status).toBe(200);
  });

  it('says a refused code is a failed sign-in to retry, not a reconnect', async () => {
    h = await startHarness();
    const auth = h.manager();
    const signIn = auth.signInInteractive({
      openBrowser: async (url) => {
        const page = await (await fetch(url)).text();
        const fields = new URLSearchParams();
        for (const m of page.matchAll(/name="([^"]+)" value="([^"]*)"/g)) fields.set(m[1]!, m[2]!);
        const redirectUri = new URL(url).searchParams.get('redirect_uri')!;
        const redirect = new URL(redirectUri);
        // Someone else redeems the code first with a wrong verifier, which burns it.
        await fetch(`${h.emulator.origin}/common/oauth2/v2.0/token`, {
          method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: CLIENT_ID, grant_type: 'authorization_code', code: fields.get('code')!, redirect_uri: redirectUri, code_verifier: 'x'.repeat(43) }).toString(),
        });
        redirect.hostname = '127.0.0.1';
        await fetch(redirect, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
      },
    });
    const err = await signIn.catch((e: unknown) => e) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.kind).toBe('failed');
    expect(err.message).toMatch(/already redeemed.*Try again/);
    expect(err.message).not.toMatch(/Trace ID/);
  });

  it('reports a declined consent as declined', async () => {
    h = await startHarness({ autoApprove: false });
    const auth = h.manager();
    const signIn = auth.signInInteractive({
      openBrowser: async (url) => {
        const page = await (await fetch(url)).text();
        const txn = /name="txn" value="([^"]+)"/.exec(page)![1]!;
        const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `txn=${txn}&decision=deny` });
        const html = await answer.text();
        // Replay what the browser would post from the form_post page.
        const fields = new URLSearchParams();
        for (const m of html.matchAll(/name="([^"]+)" value="([^"]*)"/g)) fields.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        redirect.hostname = '127.0.0.1';
        await fetch(redirect, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
      },
    });
    await expect(signIn).rejects.toMatchObject({ kind: 'declined' });
  });
});
