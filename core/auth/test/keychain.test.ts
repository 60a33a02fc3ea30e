// Runs against the real Secret Service: `scripts/with-keyring.sh npx vitest run core/auth/test/keychain.test.ts`.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../secrets/keytar-store.js';
import { AuthManager } from '../manager.js';
import { cacheKey, cacheKeyKey, unseal } from '../cache-plugin.js';
import { CLIENT_ID, formPostBrowser, startHarness, type Harness } from './harness.js';

const service = `stratus-auth-test-${randomUUID()}`;
const REFRESH_SHAPE = /M\.C5[A-Za-z0-9_-]{60,}/;
let root: string;
let store: KeytarSecretStore;
let h: Harness;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stratus-auth-keychain-'));
  store = new KeytarSecretStore({ keytar, service, folder: join(root, 'blobs') });
});
afterEach(async () => { await h?.close(); });
afterAll(async () => {
  for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  await rm(root, { recursive: true, force: true });
});

/** Every file under a folder, as text (missing folders are empty). */
async function allText(dir: string | undefined): Promise<string> {
  if (!dir) return '';
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'latin1').catch(() => '')))).join('\n');
}

describe('the msal cache on the real keychain', () => {
  it('signs in and refreshes with the cache in keytar, and no refresh token is readable anywhere it wrote', async () => {
    h = await startHarness();
    const manager = () => new AuthManager({
      store, clientId: CLIENT_ID,
      authUrl: `${h.emulator.origin}/common/oauth2/v2.0/authorize`,
      tokenUrl: `${h.emulator.origin}/common/oauth2/v2.0/token`,
      graphUrl: h.emulator.graphUrl,
    });
    const account = await manager().signInInteractive({ openBrowser: formPostBrowser });
    await h.admin('access/expire', {});
    // A second manager proves the cache came back out of the keychain.
    const token = await manager().getAccessToken(account.id, { forceRefresh: true });
    expect((await h.graph(token)).status).toBe(200);

    const keychain = (await keytar.findCredentials(service)).map((c) => `${c.account}=${c.password}`).join('\n');
    expect(keychain).toContain(cacheKeyKey(CLIENT_ID));
    const keyringFiles = await allText(process.env.XDG_DATA_HOME);
    expect(keyringFiles.length).toBeGreaterThan(0); // the grep below looks at gnome-keyring's real files
    const written = `${keychain}\n${await allText(root)}\n${keyringFiles}`;
    expect(written).not.toMatch(REFRESH_SHAPE);
    expect(written).not.toContain(token);

    // Control: the cache the store gives back, opened with its key, does hold the refresh token.
    const key = Buffer.from((await store.get(cacheKeyKey(CLIENT_ID)))!, 'base64');
    expect(unseal((await store.get(cacheKey(CLIENT_ID)))!, key)).toMatch(REFRESH_SHAPE);
  });
});
