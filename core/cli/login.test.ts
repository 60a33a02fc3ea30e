// Sign-in through the command line: needs the OS keychain, so it runs inside scripts/with-keyring.sh
// (npm test does that on Linux): `scripts/with-keyring.sh npx vitest run core/cli/login`.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/server.js';
import { run } from './main.js';

async function stratus(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { ...process.env, STRATUS_TOKEN: '', ...env }, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`));
  return { code, stdout, stderr };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('stratus login --device-code', () => {
  let e: Emulator;
  let tmp: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    e = await startEmulator({ profile: 'personal', autoApprove: true });
    tmp = await mkdtemp(join(tmpdir(), 'stratus-login-'));
    env = { STRATUS_HOME: join(tmp, 'home'), STRATUS_KEYCHAIN_SERVICE: `stratus-cli-test-${process.pid}` };
    for (const [k, v] of [['auth_url', `${e.origin}/common/oauth2/v2.0/authorize`], ['token_url', `${e.origin}/common/oauth2/v2.0/token`], ['graph_url', e.graphUrl]]) {
      expect((await stratus(env, 'config', 'set', k!, v!)).code).toBe(0);
    }
  });
  afterAll(async () => {
    await e.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('signs in, works with the saved sign-in, keeps no token in its files, and signs out', async () => {
    const login = await stratus(env, 'login', '--device-code');
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(/code/i);
    expect(login.stdout).toMatch(/Signed in as \S+@\S+/);

    const accounts = await stratus(env, 'accounts');
    expect(accounts.stdout).toMatch(/\*current/);
    expect((await stratus(env, 'mkdir', ':signed-in')).code).toBe(0);
    expect((await stratus(env, 'lsd', ':')).stdout).toMatch(/ signed-in\n/);

    // Nothing Stratus wrote holds a bearer token (JWTs start eyJ) or a refresh token in the clear.
    for (const f of await filesUnder(join(tmp, 'home'))) {
      const text = await readFile(f, 'utf8');
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
      expect(text).not.toMatch(/refresh_token|"secret"/i);
    }

    // A revoked refresh token, once the access token runs out: one line saying to sign in again.
    for (const route of ['refresh/revoke', 'access/expire']) {
      expect((await fetch(`${e.adminUrl}/auth/${route}`, { method: 'POST', body: '{}' })).ok).toBe(true);
    }
    const revoked = await stratus(env, 'lsd', ':');
    expect(revoked.code).toBe(1);
    expect(revoked.stderr.trim().split('\n')).toHaveLength(1);
    expect(revoked.stderr).toMatch(/^stratus: .*(reconnect|sign in again)/i);
    expect(revoked.stderr).not.toMatch(/AADSTS/);
    const verbose = await stratus(env, 'lsd', ':', '--verbose');
    expect(verbose.stderr).toMatch(/kind=reconnect/);

    expect((await stratus(env, 'logout')).stdout).toMatch(/Signed out/);
    expect((await stratus(env, 'accounts')).stdout).toMatch(/No account is signed in/);
    const after = await stratus(env, 'about');
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/stratus login/);
  });
});
