// Runs against the real Secret Service: `scripts/with-keyring.sh npx vitest run core/secrets`.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, LARGE_VALUE_BYTES } from './keytar-store.js';
import { SecretStoreError } from './errors.js';

const service = `stratus-test-${randomUUID()}`;
let folder: string;
let store: KeytarSecretStore;

beforeAll(async () => {
  folder = join(await mkdtemp(join(tmpdir(), 'stratus-secrets-')), 'blobs');
  store = new KeytarSecretStore({ keytar, service, folder });
});
afterEach(async () => {
  for (const k of await store.keys()) await store.delete(k);
});
afterAll(async () => {
  for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  await rm(join(folder, '..'), { recursive: true, force: true });
});

async function blobFiles(): Promise<string[]> {
  return (await readdir(folder).catch(() => [])).filter((f) => f.endsWith('.secret'));
}

/** A large value that looks like an msal token cache. */
function bigValue(bytes = 30_000): string {
  return JSON.stringify({ RefreshToken: { k: `rt-${randomBytes(bytes / 2).toString('hex')}` }, note: 'héllo ✓' });
}

describe('KeytarSecretStore on the real keychain', () => {
  it('keeps small values in the keychain itself', async () => {
    await store.set('alice', 'small-secret');
    expect(await store.get('alice')).toBe('small-secret');
    expect(await store.get('nobody')).toBeUndefined();
    expect(await store.keys()).toEqual(['alice']);
    expect(await blobFiles()).toEqual([]);
    expect(await keytar.getPassword(service, 'alice')).toBe('v:small-secret');
  });

  it('round-trips a large value through an encrypted 0600 file, keeping only its key in the keychain', async () => {
    const value = bigValue();
    expect(Buffer.byteLength(value)).toBeGreaterThan(LARGE_VALUE_BYTES);
    await store.set('bob', value);
    expect(await store.get('bob')).toBe(value);
    const files = await blobFiles();
    expect(files).toHaveLength(1);
    expect((await stat(join(folder, files[0]!))).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    const entry = (await keytar.getPassword(service, 'bob'))!;
    expect(entry.length).toBeLessThan(200);
    expect(entry).not.toContain('rt-');
  });

  it('uses the large path from just over 2,000 bytes', async () => {
    await store.set('edge', 'x'.repeat(LARGE_VALUE_BYTES));
    expect(await blobFiles()).toHaveLength(0);
    await store.set('edge', 'é'.repeat(LARGE_VALUE_BYTES / 2 + 1)); // 2,002 UTF-8 bytes in 1,001 characters
    expect(await blobFiles()).toHaveLength(1);
    expect(await store.get('edge')).toBe('é'.repeat(LARGE_VALUE_BYTES / 2 + 1));
  });

  it('never writes a secret in plain text into its folder', async () => {
    const secret = `refresh-token-${randomUUID()}`;
    await store.set('small', secret);
    await store.set('large', `${bigValue(4000)}${secret}${bigValue(4000)}`);
    const files = await readdir(folder, { recursive: true });
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const content = await readFile(join(folder, f));
      expect(content.includes(secret), f).toBe(false);
      expect(content.includes(Buffer.from(secret).toString('base64').slice(0, 24)), f).toBe(false);
    }
  });

  it('detects a modified blob', async () => {
    await store.set('carol', bigValue());
    const [file] = await blobFiles();
    const path = join(folder, file!);
    const data = await readFile(path);
    data[data.length - 10]! ^= 0x01;
    await writeFile(path, data);
    const err = await store.get('carol').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err).toMatchObject({ kind: 'tampered' });
    expect((err as Error).message).toContain('carol');
  });

  it('detects a blob swapped in from another entry', async () => {
    await store.set('one', bigValue());
    await store.set('two', bigValue());
    const fileOf = async (k: string) => (await keytar.getPassword(service, k))!.split(':')[2]!;
    const [f1, f2] = [await fileOf('one'), await fileOf('two')];
    await writeFile(join(folder, f1), await readFile(join(folder, f2)));
    await expect(store.get('one')).rejects.toMatchObject({ kind: 'tampered' });
    expect(await store.get('two')).toBeTypeOf('string');
  });

  it('says so when the blob file is gone', async () => {
    await store.set('dave', bigValue());
    const [file] = await blobFiles();
    await rm(join(folder, file!));
    await expect(store.get('dave')).rejects.toMatchObject({ kind: 'missing-blob' });
  });

  it('delete removes both the keychain entry and the file', async () => {
    await store.set('erin', bigValue());
    expect(await blobFiles()).toHaveLength(1);
    expect(await store.delete('erin')).toBe(true);
    expect(await blobFiles()).toEqual([]);
    expect(await keytar.getPassword(service, 'erin')).toBeNull();
    expect(await store.get('erin')).toBeUndefined();
    expect(await store.delete('erin')).toBe(false);
  });

  it('replacing a value leaves no old blob behind', async () => {
    await store.set('frank', bigValue());
    await store.set('frank', bigValue());
    expect(await blobFiles()).toHaveLength(1);
    await store.set('frank', 'small now');
    expect(await blobFiles()).toEqual([]);
    expect(await store.get('frank')).toBe('small now');
  });

  it('keeps concurrent writers consistent', async () => {
    const values = Array.from({ length: 6 }, (_, i) => (i % 2 ? `small-${i}` : bigValue(3000)));
    await Promise.all(values.map((v) => store.set('gina', v)));
    expect(await store.get('gina')).toBe(values[values.length - 1]);
    expect((await blobFiles()).length).toBeLessThanOrEqual(1);
  });
});
