import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceCodeInfo } from '../device-code.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

/** What a person does on another device: open the verification page, type the code, pick an account, answer. */
async function answerOnVerificationPage(info: DeviceCodeInfo, username: string, decision: 'accept' | 'deny'): Promise<string> {
  const page = await (await fetch(info.verificationUri)).text();
  const accountId = new RegExp(`value="([^"]+)"(?: checked)? aria-label="${username.replace(/\./g, '\\.')}"`).exec(page)?.[1];
  if (!accountId) throw new Error('account not on the verification page');
  const r = await fetch(info.verificationUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: info.userCode, account: accountId, decision }).toString(),
  });
  return r.text();
}

async function deviceHarness(): Promise<Harness> {
  const harness = await startHarness({ autoApprove: false });
  // One second between polls keeps the test quick; the real service says five.
  await harness.admin('settings', { deviceCodeInterval: 1 });
  return harness;
}

describe('device code sign-in', () => {
  it('waits (authorization_pending) until the code is approved on the verification page', async () => {
    h = await deviceHarness();
    const auth = h.manager();
    let approvedPage = '';
    const account = await auth.signInDeviceCode({
      onCode: (info) => {
        expect(info.message).toContain(info.userCode);
        expect(info.message).toContain(info.verificationUri);
        // Answer after msal has polled at least once and been told to wait.
        setTimeout(() => void answerOnVerificationPage(info, 'sam@outlook.com', 'accept').then((t) => { approvedPage = t; }), 300);
      },
    });
    expect(account.username).toBe('sam@outlook.com');
    expect(approvedPage).toContain('You are signed in');
    expect((await h.graph(await auth.getAccessToken(account.id))).status).toBe(200);
  });

  it('says declined when the user denies on the verification page', async () => {
    h = await deviceHarness();
    const auth = h.manager();
    const controller = new AbortController();
    let pageError: unknown;
    const answer = (info: DeviceCodeInfo) => answerOnVerificationPage(info, 'alex@outlook.com', 'deny')
      .catch((e: unknown) => { pageError = e; controller.abort(); });
    await expect(auth.signInDeviceCode({ signal: controller.signal, onCode: (info) => void answer(info) }))
      .rejects.toMatchObject({ kind: 'declined' });
    expect(pageError).toBeUndefined();
  });

  it('says the code expired when nobody used it in time', async () => {
    h = await deviceHarness();
    const auth = h.manager();
    await expect(auth.signInDeviceCode({ onCode: () => void h.admin('devicecodes/expire', {}) }))
      .rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/expired/) });
  });

  it('stops at once when cancelled', async () => {
    h = await deviceHarness();
    const auth = h.manager();
    const controller = new AbortController();
    const started = Date.now();
    await expect(auth.signInDeviceCode({ signal: controller.signal, onCode: () => controller.abort() }))
      .rejects.toMatchObject({ kind: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(900);
    // Let msal's loop see the cancel flag before the emulator closes under it.
    await new Promise((r) => setTimeout(r, 1100));
  });

  it('signs in at once with --auto-approve', async () => {
    h = await startHarness({ autoApprove: true });
    const auth = h.manager();
    const account = await auth.signInDeviceCode({ onCode: () => undefined });
    expect(account.username).toBe('alex@outlook.com');
  });
});
