// Two accounts at once through the command line: needs the OS keychain, so it runs inside
// scripts/with-keyring.sh (npm test does that on Linux).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/server.js';
import { run } from './main.js';

let e: Emulator;
let tmp: string;
let env: Record<string, string>;

async function stratus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { ...process.env, STRATUS_TOKEN: '', ...env }, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`));
  return { code, stdout, stderr };
}

/** `stratus login --device-code`, answered on the verification page as a person would, as `username`. */
async function loginAs(username: string): Promise<void> {
  let said = '';
  const done = run(['login', '--device-code'], { ...process.env, STRATUS_TOKEN: '', ...env }, (l) => (said += `${l}\n`), (l) => (said += `${l}\n`));
  let code: RegExpExecArray | null = null;
  for (let i = 0; i < 100 && !code; i++) {
    await new Promise((r) => setTimeout(r, 50));
    code = /(http\S+devicelogin)\S* and enter the code (\S+)/.exec(said);
  }
  if (!code) throw new Error(`no device code shown: ${said}`);
  const page = await (await fetch(code[1]!)).text();
  const accountId = new RegExp(`value="([^"]+)"(?: checked)? aria-label="${username.replace(/\./g, '\\.')}"`).exec(page)?.[1];
  await fetch(code[1]!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: code[2]!, account: accountId!, decision: 'accept' }).toString(),
  });
  expect(await done).toBe(0);
  expect(said).toContain(`Signed in as ${username}`);
}

beforeAll(async () => {
  e = await startEmulator({ profile: 'personal' });
  await fetch(`${e.adminUrl}/auth/settings`, { method: 'POST', body: JSON.stringify({ deviceCodeInterval: 0 }) });
  tmp = await mkdtemp(join(tmpdir(), 'stratus-accounts-'));
  env = { STRATUS_HOME: join(tmp, 'home'), STRATUS_KEYCHAIN_SERVICE: `stratus-cli-accounts-${process.pid}` };
  for (const [k, v] of [['auth_url', `${e.origin}/common/oauth2/v2.0/authorize`], ['token_url', `${e.origin}/common/oauth2/v2.0/token`], ['graph_url', e.graphUrl]]) {
    expect((await stratus('config', 'set', k!, v!)).code).toBe(0);
  }
});
afterAll(async () => {
  await stratus('logout', 'alex@outlook.com');
  await stratus('logout', 'sam@outlook.com');
  await e.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('two accounts in the command line', () => {
  it('copies a file from one account’s drive to another’s, streamed and hash-checked', async () => {
    await loginAs('alex@outlook.com');
    await fetch(`${e.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ account: 'alex@outlook.com', items: [{ path: 'Share/plan.txt', content: 'the plan, v1' }] }) });
    await loginAs('sam@outlook.com');
    expect((await stratus('accounts')).stdout.split('\n').filter(Boolean)).toHaveLength(2);

    expect((await stratus('config', 'remote', 'alex', 'default', 'alex@outlook.com')).code).toBe(0);
    const copy = await stratus('copy', 'alex:Share/plan.txt', ':From Alex');
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);

    // Sam is the current account now: the copy is on Sam's drive, and still on Alex's.
    expect((await stratus('ls', ':From Alex')).stdout).toMatch(/12 plan\.txt/);
    expect((await stratus('ls', 'alex:Share')).stdout).toMatch(/12 plan\.txt/);
    const tree = (await (await fetch(`${e.adminUrl}/tree?account=sam@outlook.com`)).json()) as unknown;
    expect(JSON.stringify(tree)).toContain('plan.txt');
  });

  it('says which account to sign in when a remote names one that is not signed in', async () => {
    expect((await stratus('config', 'remote', 'kim', 'default', 'kim@outlook.com')).code).toBe(0);
    const r = await stratus('ls', 'kim:');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kim@outlook\.com is not signed in: run "stratus login"/);
  });
});
