import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, queryBrowser, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

describe("the user's own client id and secret (confidential client, own loopback)", () => {
  it('signs in with the right secret, redirects by query to its own loopback, and refreshes with the secret', async () => {
    h = await startHarness();
    await h.admin('apps', { clientId: CLIENT_ID, secret: 'right~secret.value' });
    const auth = h.manager({ clientSecret: 'right~secret.value' });
    let redirect = '';
    const account = await auth.signInWithClientSecret({
      port: 0,
      openBrowser: async (url) => {
        const u = new URL(url);
        redirect = u.searchParams.get('redirect_uri')!;
        expect(u.searchParams.get('code_challenge_method')).toBe('S256');
        expect(u.searchParams.get('response_mode')).toBe('query');
        await queryBrowser(url);
      },
    });
    expect(redirect).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(account.username).toBe('alex@outlook.com');
    await h.admin('access/expire', {});
    expect((await h.graph(await auth.getAccessToken(account.id, { forceRefresh: true }))).status).toBe(200);
  });

  it('refuses a wrong secret with a message that says what to check', async () => {
    h = await startHarness();
    await h.admin('apps', { clientId: CLIENT_ID, secret: 'right~secret.value' });
    const auth = h.manager({ clientSecret: 'wrong' });
    const err = await auth.signInWithClientSecret({ port: 0, openBrowser: queryBrowser }).catch((e: unknown) => e) as Error & { kind: string; detail: string };
    expect(err.kind).toBe('bad_client');
    expect(err.message).toMatch(/client secret/);
    expect(err.detail).toMatch(/AADSTS7000215/);
  });

  it('refuses the flow when the app has a secret but none was configured', async () => {
    h = await startHarness();
    await h.admin('apps', { clientId: CLIENT_ID, secret: 'right~secret.value' });
    const auth = h.manager();
    await expect(auth.signInWithClientSecret({ port: 0, openBrowser: queryBrowser })).rejects.toMatchObject({ kind: 'bad_client' });
  });

  it('uses rclone\'s port 53682 by default', async () => {
    h = await startHarness();
    await h.admin('apps', { clientId: CLIENT_ID, secret: 's' });
    const auth = h.manager({ clientSecret: 's' });
    let redirect = '';
    const account = await auth.signInWithClientSecret({ openBrowser: async (url) => { redirect = new URL(url).searchParams.get('redirect_uri')!; await queryBrowser(url); } });
    expect(redirect).toBe('http://localhost:53682/');
    expect(account.state).toBe('ok');
  });
});
