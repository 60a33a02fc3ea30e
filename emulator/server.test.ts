import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './server.js';
import { parseArgs } from './options.js';

let emulator: Emulator | undefined;
afterEach(async () => { await emulator?.close(); emulator = undefined; });

async function tokenFor(e: Emulator): Promise<string> {
  const r = await fetch(`${e.adminUrl}/tokens`, { method: 'POST', body: '{}' });
  return ((await r.json()) as { access_token: string }).access_token;
}

describe('the emulator', () => {
  it('answers GET /v1.0/me/drive with a personal drive for a valid token', async () => {
    emulator = await startEmulator({ profile: 'personal' });
    const r = await fetch(`${emulator.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${await tokenFor(emulator)}` } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ driveType: 'personal', quota: { state: 'normal' } });
  });

  it('answers a business drive with a b! id on the business profile', async () => {
    emulator = await startEmulator({ profile: 'business' });
    const r = await fetch(`${emulator.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${await tokenFor(emulator)}` } });
    const drive = (await r.json()) as { id: string; driveType: string };
    expect(drive.driveType).toBe('business');
    expect(drive.id.startsWith('b!')).toBe(true);
  });

  it('refuses a call without a token, and an expired token with expired_token', async () => {
    emulator = await startEmulator();
    const none = await fetch(`${emulator.graphUrl}/me/drive`);
    expect(none.status).toBe(401);
    const token = await tokenFor(emulator);
    await fetch(`${emulator.adminUrl}/tokens/expire`, { method: 'POST', body: '{}' });
    const expired = await fetch(`${emulator.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/expired_token/);
    expect(await expired.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('parses its command line and refuses a wrong option with a clear message', () => {
    expect(parseArgs(['--profile', 'business', '--port', '0', '--auto-approve'])).toMatchObject({ profile: 'business', autoApprove: true });
    expect(() => parseArgs(['--profile', 'enterprise'])).toThrow(/personal or business/);
    expect(() => parseArgs(['--latency-ms', 'fast'])).toThrow(/whole number/);
  });
});
