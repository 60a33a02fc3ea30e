/**
 * Authenticated encryption for values stored as files: AES-256-GCM with a fresh 96-bit IV per write. The
 * additional data binds a blob to the entry it belongs to, so swapping two blob files is caught as tampering.
 * Files are written to a temp name with mode 0600, fsynced and renamed, so a crash leaves the old or the new one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { SecretStoreError } from './errors.js';

const MAGIC = Buffer.from('STRATUS1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function seal(key: Uint8Array, plaintext: string, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return Buffer.concat([MAGIC, iv, c.getAuthTag(), body]);
}

/** Decrypts or fails with kind `tampered`; never returns altered data. */
export function unseal(key: Uint8Array, blob: Buffer, aad: string, what: string): string {
  const tampered = () =>
    new SecretStoreError('tampered', `The encrypted secret for ${what} has been modified or damaged and cannot be trusted. ` +
      'Sign in to this account again to replace it.');
  if (blob.length < MAGIC.length + IV_BYTES + TAG_BYTES || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw tampered();
  const iv = blob.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = blob.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  const body = blob.subarray(MAGIC.length + IV_BYTES + TAG_BYTES);
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  } catch {
    throw tampered();
  }
}

/** Writes `data` to `path` with mode 0600, atomically. */
export async function writePrivateFile(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new SecretStoreError('io', `Could not write the secret file ${path}: ${(e as Error).message}`);
  }
}
