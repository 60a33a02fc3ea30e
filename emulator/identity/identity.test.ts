import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../server.js';

let current: Emulator | undefined;
afterEach(async () => { await current?.close(); current = undefined; });
/** The emulator of the running test (afterEach closes it). */
let e: Emulator;
const start = async (o: Parameters<typeof startEmulator>[0] = {}) => { e = current = await startEmulator(o); return e; };

const CLIENT = '11111111-2222-3333-4444-555555555555';
const REDIRECT = 'http://localhost:9/';
const form = (fields: Record<string, string>) => ({
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
});

/** Runs authorize in query mode (auto-approve) and returns the code from the redirect. */
async function authorize(challenge: string, extra: Record<string, string> = {}): Promise<URL> {
  const q = new URLSearchParams({
    client_id: CLIENT, response_type: 'code', redirect_uri: REDIRECT, scope: 'Files.ReadWrite.All offline_access openid profile',
    state: 's1', code_challenge: challenge, code_challenge_method: 'S256', response_mode: 'query', ...extra,
  });
  const r = await fetch(`${e.origin}/common/oauth2/v2.0/authorize?${q}`, { redirect: 'manual' });
  expect(r.status).toBe(302);
  return new URL(r.headers.get('location')!);
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('the identity platform', () => {
  it('publishes openid configuration for each kind of tenant', async () => {
    await start();
    for (const tenant of ['common', 'organizations', 'consumers', '9188040d-6c67-4c5b-b112-36a304b66dad']) {
      const cfg = await (await fetch(`${e.origin}/${tenant}/v2.0/.well-known/openid-configuration`)).json() as Record<string, string>;
      expect(cfg.token_endpoint).toBe(`${e.origin}/${tenant}/oauth2/v2.0/token`);
      expect(cfg.authorization_endpoint).toBe(`${e.origin}/${tenant}/oauth2/v2.0/authorize`);
      expect(cfg.jwks_uri).toBeTruthy();
    }
    const consumers = await (await fetch(`${e.origin}/consumers/v2.0/.well-known/openid-configuration`)).json() as { issuer: string };
    expect(consumers.issuer).toBe(`${e.origin}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`);
  });

  it('verifies PKCE: a wrong verifier is refused and burns the code; the right one gets tokens with an id_token and client_info', async () => {
    await start({ autoApprove: true });
    const { verifier, challenge } = pkce();
    const redirect = await authorize(challenge);
    expect(redirect.searchParams.get('state')).toBe('s1');
    const code = redirect.searchParams.get('code')!;
    const base = { client_id: CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT };

    const missing = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form(base));
    expect(((await missing.json()) as { error_description: string }).error_description).toMatch(/'code_verifier'/);

    const wrong = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ ...base, code_verifier: pkce().verifier }));
    expect(wrong.status).toBe(400);
    const body = await wrong.json() as { error: string; error_description: string; error_codes: number[] };
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/^AADSTS501481: The Code_Verifier does not match/);
    expect(body.error_codes).toEqual([501481]);

    const burnt = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ ...base, code_verifier: verifier }));
    expect(burnt.status).toBe(400);

    const fresh = (await authorize(challenge)).searchParams.get('code')!;
    const ok = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ ...base, code: fresh, code_verifier: verifier }));
    expect(ok.status).toBe(200);
    const tokens = await ok.json() as Record<string, string | number>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const [header, claims, signature] = String(tokens.id_token).split('.');
    expect(decode(header!)).toEqual({ typ: 'JWT', alg: 'none' });
    expect(signature).toBe('');
    expect(decode(claims!)).toMatchObject({
      ver: '2.0', aud: CLIENT, oid: '00000000-0000-0000-7dda-670c5e7f91df', tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
      preferred_username: 'alex@outlook.com', name: 'Alex Doe', iss: `${e.origin}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`,
    });
    expect(decode(String(tokens.client_info))).toEqual({ uid: '00000000-0000-0000-7dda-670c5e7f91df', utid: '9188040d-6c67-4c5b-b112-36a304b66dad' });
    const drive = await fetch(`${e.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(drive.status).toBe(200);

    const again = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ ...base, code: fresh, code_verifier: verifier }));
    expect(((await again.json()) as { error_description: string }).error_description).toMatch(/^AADSTS54005/);
  });

  it('refuses a code redeemed with another redirect URI, and a challenge that is not S256', async () => {
    await start({ autoApprove: true });
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).searchParams.get('code')!;
    const r = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({
      client_id: CLIENT, grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:10/', code_verifier: verifier,
    }));
    expect(((await r.json()) as { error_description: string }).error_description).toMatch(/^AADSTS500112/);
    const plain = await authorize(challenge, { code_challenge_method: 'plain' });
    expect(plain.searchParams.get('error')).toBe('invalid_request');
  });

  it('rotates refresh tokens: the old one is refused once redeemed', async () => {
    await start({ autoApprove: true });
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).searchParams.get('code')!;
    const first = await (await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({
      client_id: CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier,
    }))).json() as { refresh_token: string };
    const refresh = (rt: string) => fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ client_id: CLIENT, grant_type: 'refresh_token', refresh_token: rt }));
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const next = (await second.json()) as { refresh_token: string };
    expect(next.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');
    const third = await refresh(next.refresh_token);
    expect(third.status).toBe(200);
    const latest = ((await third.json()) as { refresh_token: string }).refresh_token;

    // Switched to the lenient reading, a redeemed token keeps working.
    await fetch(`${e.adminUrl}/auth/settings`, { method: 'POST', body: JSON.stringify({ allowRefreshReuse: true }) });
    expect((await refresh(latest)).status).toBe(200);
    expect((await refresh(latest)).status).toBe(200);
  });

  it('checks the secret of an app registered with one', async () => {
    await start({ autoApprove: true });
    await fetch(`${e.adminUrl}/auth/apps`, { method: 'POST', body: JSON.stringify({ clientId: CLIENT, secret: 'pa55' }) });
    const token = (fields: Record<string, string>) => fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ client_id: CLIENT, grant_type: 'refresh_token', refresh_token: 'x', ...fields }));
    const none = await token({});
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error_description: string }).error_description).toMatch(/^AADSTS7000218/);
    const wrong = await token({ client_secret: 'nope' });
    expect(((await wrong.json()) as { error: string; error_description: string })).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/^AADSTS7000215/) });
    // The right secret gets past the client check to the grant itself.
    const right = await token({ client_secret: 'pa55' });
    expect(((await right.json()) as { error_description: string }).error_description).toMatch(/^AADSTS9002313/);
  });

  it('shows a consent page with an account picker, the scopes and Accept / Deny', async () => {
    await start({ profile: 'business' });
    const q = new URLSearchParams({ client_id: CLIENT, response_type: 'code', redirect_uri: REDIRECT, scope: 'Files.ReadWrite.All Sites.Read.All', response_mode: 'form_post', state: 'xyz', login_hint: 'sam@contoso.onmicrosoft.com' });
    const page = await (await fetch(`${e.origin}/organizations/oauth2/v2.0/authorize?${q}`)).text();
    expect(page).toContain('alex@contoso.onmicrosoft.com');
    expect(page).toMatch(/checked aria-label="sam@contoso\.onmicrosoft\.com"/);
    expect(page).toContain('<li>Sites.Read.All</li>');
    expect(page).toMatch(/value="accept"[^>]*>Accept/);
    expect(page).toMatch(/value="deny">Deny/);
    const txn = /name="txn" value="([^"]+)"/.exec(page)![1]!;
    const sam = /value="([^"]+)" checked/.exec(page)![1]!;
    const answer = await (await fetch(`${e.origin}/organizations/oauth2/v2.0/authorize`, form({ txn, account: sam, decision: 'accept' }))).text();
    expect(answer).toContain(`<form method="post" action="${REDIRECT}">`);
    expect(answer).toMatch(/name="code" value="[^"]+"/);
    expect(answer).toContain('name="state" value="xyz"');
  });

  it('has no account for the consumers tenant on the business profile', async () => {
    await start({ profile: 'business', autoApprove: true });
    const r = await fetch(`${e.origin}/consumers/oauth2/v2.0/devicecode`, form({ client_id: CLIENT, scope: 'openid' }));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error_description: string }).error_description).toMatch(/^AADSTS50020/);
  });

  it('with --data, keeps issued tokens across a restart as hashes only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-identity-'));
    try {
      await start({ autoApprove: true, dataDir: dir });
      const { verifier, challenge } = pkce();
      const code = (await authorize(challenge)).searchParams.get('code')!;
      const tokens = await (await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({
        client_id: CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier,
      }))).json() as { access_token: string; refresh_token: string };
      await e.close();
      current = undefined;
      const saved = readFileSync(join(dir, 'identity-tokens.json'), 'utf8');
      expect(saved).toContain(createHash('sha256').update(tokens.refresh_token).digest('hex'));
      expect(saved).not.toContain(tokens.refresh_token);
      expect(saved).not.toContain(tokens.access_token);

      await start({ autoApprove: true, dataDir: dir });
      const drive = await fetch(`${e.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(drive.status).toBe(200);
      const refreshed = await fetch(`${e.origin}/common/oauth2/v2.0/token`, form({ client_id: CLIENT, grant_type: 'refresh_token', refresh_token: tokens.refresh_token }));
      expect(refreshed.status).toBe(200);
      await e.close();
      current = undefined;
    } finally {
      await current?.close();
      current = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
