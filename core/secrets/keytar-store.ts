/**
 * SecretStore on the OS keychain (keytar). Each key is one keychain entry of the given service. A value larger
 * than a keychain entry safely holds (Windows Credential Manager caps one at 2,560 bytes; we treat more than
 * 2,000 bytes as large on every OS so the path is exercised everywhere) is encrypted into a file under `folder`
 * and only its random key goes into the keychain.
 *
 * Entry format, so the two kinds can never be confused: `v:<value>` for a value kept inline, or
 * `b:<base64 key>:<file name>` for a blob. File names are random, so they reveal nothing about accounts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_BYTES, newKey, unseal, seal, writePrivateFile } from './blob.js';
import { SecretStoreError } from './errors.js';
import type { SecretStore } from './store.js';

/** The keytar functions the store uses (so a host can pass the module it loaded). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Values over this many UTF-8 bytes go to an encrypted file. */
export const LARGE_VALUE_BYTES = 2000;

export interface KeytarSecretStoreOptions {
  keytar: KeytarLike;
  /** The keychain service name; tests use a unique one. */
  service: string;
  /** Where encrypted large values live (created with mode 0700 when needed). */
  folder: string;
}

type Entry = { kind: 'inline'; value: string } | { kind: 'blob'; key: Buffer; file: string };

export class KeytarSecretStore implements SecretStore {
  private readonly keytar: KeytarLike;
  readonly service: string;
  readonly folder: string;
  /** One operation at a time, so a set racing a delete cannot orphan or lose a blob. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: KeytarSecretStoreOptions) {
    this.keytar = opts.keytar;
    this.service = opts.service;
    this.folder = opts.folder;
  }

  get(key: string): Promise<string | undefined> {
    return this.serial(async () => {
      const entry = await this.readEntry(key);
      if (!entry) return undefined;
      if (entry.kind === 'inline') return entry.value;
      let blob: Buffer;
      try {
        blob = await readFile(join(this.folder, entry.file));
      } catch {
        throw new SecretStoreError('missing-blob', `The encrypted secret for "${key}" is missing from ${this.folder}. ` +
          'Sign in to this account again to replace it.');
      }
      return unseal(entry.key, blob, this.aad(key), `"${key}"`);
    });
  }

  set(key: string, value: string): Promise<void> {
    return this.serial(async () => {
      const old = await this.readEntry(key).catch(() => undefined);
      if (Buffer.byteLength(value, 'utf8') <= LARGE_VALUE_BYTES) {
        await this.keychain(() => this.keytar.setPassword(this.service, key, `v:${value}`));
      } else {
        const blobKey = newKey();
        const file = `${randomBytes(16).toString('hex')}.secret`;
        await mkdir(this.folder, { recursive: true, mode: 0o700 });
        await writePrivateFile(join(this.folder, file), seal(blobKey, value, this.aad(key)));
        try {
          await this.keychain(() => this.keytar.setPassword(this.service, key, `b:${blobKey.toString('base64')}:${file}`));
        } catch (e) {
          await rm(join(this.folder, file), { force: true });
          throw e;
        }
      }
      // Only now that the keychain points at the new value is the old blob unreachable.
      if (old?.kind === 'blob') await rm(join(this.folder, old.file), { force: true });
    });
  }

  delete(key: string): Promise<boolean> {
    return this.serial(async () => {
      const old = await this.readEntry(key).catch(() => undefined);
      const existed = await this.keychain(() => this.keytar.deletePassword(this.service, key));
      if (old?.kind === 'blob') await rm(join(this.folder, old.file), { force: true });
      return existed;
    });
  }

  keys(): Promise<string[]> {
    return this.serial(async () => {
      const creds = await this.keychain(() => this.keytar.findCredentials(this.service));
      return creds.map((c) => c.account).sort();
    });
  }

  private async readEntry(key: string): Promise<Entry | undefined> {
    const raw = await this.keychain(() => this.keytar.getPassword(this.service, key));
    if (raw === null) return undefined;
    if (raw.startsWith('v:')) return { kind: 'inline', value: raw.slice(2) };
    const m = /^b:([A-Za-z0-9+/=]+):([0-9a-f]{32}\.secret)$/.exec(raw);
    const blobKey = m ? Buffer.from(m[1]!, 'base64') : undefined;
    if (!m || blobKey?.length !== KEY_BYTES) {
      throw new SecretStoreError('tampered', `The keychain entry "${key}" of ${this.service} is not in Stratus' format. ` +
        'Sign in to this account again to replace it.');
    }
    return { kind: 'blob', key: blobKey, file: m[2]! };
  }

  private aad(key: string): string {
    return `stratus-secret\0${this.service}\0${key}`;
  }

  private async keychain<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw new SecretStoreError('keychain-failed', `The system keychain refused the request: ${(e as Error).message}`);
    }
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
