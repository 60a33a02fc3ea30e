/**
 * The store used only when there is no keychain and the user opted in. All secrets sit in one AES-256-GCM file
 * (mode 0600) whose key is in a second file (mode 0600) beside it: this keeps tokens out of plain text (no grep,
 * backup tool or indexer sees them) but is NOT protection against anyone who can read the user's files, and the
 * warning says so.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_BYTES, newKey, unseal, seal, writePrivateFile } from './blob.js';
import { SecretStoreError } from './errors.js';
import type { SecretStore } from './store.js';

const AAD = 'stratus-file-store';

export class FileSecretStore implements SecretStore {
  readonly warning: string;
  private readonly dataPath: string;
  private readonly keyPath: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly folder: string) {
    this.dataPath = join(folder, 'secrets.enc');
    this.keyPath = join(folder, 'secrets.key');
    this.warning = 'No system keychain is available, so Stratus keeps your sign-in tokens in files in ' +
      `${folder}, readable only by your user account. Anyone who can read your files (or a backup of them) can ` +
      'use your OneDrive. Install a keychain (Linux: gnome-keyring) and Stratus will use it instead.';
  }

  get(key: string): Promise<string | undefined> {
    return this.serial(async () => (await this.load()).get(key));
  }

  set(key: string, value: string): Promise<void> {
    return this.serial(async () => {
      const map = await this.load();
      map.set(key, value);
      await this.save(map);
    });
  }

  delete(key: string): Promise<boolean> {
    return this.serial(async () => {
      const map = await this.load();
      const existed = map.delete(key);
      if (existed) await this.save(map);
      return existed;
    });
  }

  keys(): Promise<string[]> {
    return this.serial(async () => [...(await this.load()).keys()].sort());
  }

  private async key(): Promise<Buffer> {
    try {
      const k = await readFile(this.keyPath);
      if (k.length !== KEY_BYTES) throw new SecretStoreError('tampered', `${this.keyPath} is damaged; sign in again.`);
      return k;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      const k = newKey();
      await writePrivateFile(this.keyPath, k);
      return k;
    }
  }

  private async load(): Promise<Map<string, string>> {
    let blob: Buffer;
    try {
      blob = await readFile(this.dataPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw new SecretStoreError('io', `Could not read ${this.dataPath}: ${(e as Error).message}`);
    }
    const json = unseal(await this.key(), blob, AAD, `the file store in ${this.folder}`);
    return new Map(Object.entries(JSON.parse(json) as Record<string, string>));
  }

  private async save(map: Map<string, string>): Promise<void> {
    const key = await this.key();
    await writePrivateFile(this.dataPath, seal(key, JSON.stringify(Object.fromEntries(map)), AAD));
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
