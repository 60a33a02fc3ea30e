// The keychain path runs inside the test keyring (scripts/with-keyring.sh); the no-keychain path runs a child
// process whose D-Bus address points nowhere, as on a Linux machine without a Secret Service.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore, createSecretStore, openSecretStore } from './index.js';

const execFileP = promisify(execFile);
const child = fileURLToPath(new URL('./test/open-child.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-secrets-factory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Outcome = Record<string, unknown>;
let withoutKeychain: Promise<{ refused: Outcome; allowed: Outcome }> | undefined;

/** One child run serves both no-keychain tests: starting a TypeScript child costs seconds on a small machine. */
function openWithoutKeychain(): Promise<{ refused: Outcome; allowed: Outcome }> {
  withoutKeychain ??= (async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}`, DISPLAY: '' };
    const args = ['--import', 'tsx', child, `stratus-test-${randomUUID()}`, join(dir, 'none'), join(dir, 'opt-in')];
    const { stdout } = await execFileP(process.execPath, args, { env, timeout: 20_000 });
    return JSON.parse(stdout) as { refused: Outcome; allowed: Outcome };
  })();
  return withoutKeychain;
}

describe('createSecretStore', () => {
  it('uses the keychain when one answers', async () => {
    const service = `stratus-test-${randomUUID()}`;
    const r = await createSecretStore({ service, folder: join(dir, 'kc') });
    expect(r.ok && r.backend).toBe('keychain');
    if (!r.ok) return;
    await r.store.set('k', 'v');
    expect(await r.store.get('k')).toBe('v');
    expect(await r.store.delete('k')).toBe(true);
  });

  it('refuses with a no-keychain error that says what to install', async () => {
    const r = (await openWithoutKeychain()).refused;
    expect(r).toMatchObject({ ok: false, kind: 'no-keychain' });
    expect(r.message).toContain('gnome-keyring');
    expect(r.message).toContain('Secret Service');
    await expect(stat(join(dir, 'none'))).rejects.toThrow(); // nothing written
  });

  it('falls back to the file store only when allowed, with a warning', async () => {
    const folder = join(dir, 'opt-in');
    const r = (await openWithoutKeychain()).allowed;
    expect(r).toMatchObject({ ok: true, backend: 'file', roundTrip: true });
    expect(r.warning).toMatch(/No system keychain/);
    const files = await readdir(join(folder, 'file-store'));
    expect(files.sort()).toEqual(['secrets.enc', 'secrets.key']);
    for (const f of files) {
      const path = join(folder, 'file-store', f);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await readFile(path)).includes('child-secret-value')).toBe(false);
    }
  });

  it('openSecretStore throws the same typed error', async () => {
    const failing = { findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus')) };
    const err = await openSecretStore({ keytar: failing as never, folder: join(dir, 'x') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'no-keychain' });
    expect((err as Error).message).toContain('Cannot autolaunch D-Bus');
  });
});

describe('FileSecretStore', () => {
  it('round-trips, lists, deletes and detects tampering', async () => {
    const folder = join(dir, 'fs');
    const s = new FileSecretStore(folder);
    await s.set('a', 'one');
    await s.set('b', 'x'.repeat(10_000));
    expect(await s.keys()).toEqual(['a', 'b']);
    expect(await new FileSecretStore(folder).get('b')).toBe('x'.repeat(10_000));
    expect(await s.delete('a')).toBe(true);
    expect(await s.delete('a')).toBe(false);
    const path = join(folder, 'secrets.enc');
    const data = await readFile(path);
    data[20]! ^= 0xff;
    await writeFile(path, data);
    await expect(s.get('b')).rejects.toMatchObject({ kind: 'tampered' });
  });
});
