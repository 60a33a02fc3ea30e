// The backup folder (rclone's --backup-dir) set through the service: when adding a pair and on a pair already
// syncing, refused inside the pair as the CLI refuses it, and used: OneDrive's replaced file is moved there.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthManager } from '../auth/index.js';
import { MemorySecretStore } from '../auth/test/memory-store.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { emulatorEndpoints } from './endpoints.js';
import { StratusService } from './service.js';

let emulator: Emulator | undefined;
let service: StratusService | undefined;
let tmp: string | undefined;
const dataHome = process.env.XDG_DATA_HOME;
afterEach(async () => {
  if (dataHome === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = dataHome;
  await service?.stopSync();
  await emulator?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  emulator = service = tmp = undefined;
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Files on OneDrive under `folder`, path → size. */
async function remoteFiles(folder: string): Promise<Record<string, number>> {
  const tree = (await (await fetch(`${emulator!.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string; size?: number }[] };
  return Object.fromEntries(tree.items.filter((i) => i.kind === 'file' && i.path?.startsWith(`/${folder}/`)).map((i) => [i.path!, i.size ?? 0]));
}

describe('the backup folder in the service', () => {
  it('is refused inside the pair, kept when outside, used on replace, changed and removed on a running pair', async () => {
    emulator = await startEmulator({ profile: 'personal', autoApprove: true });
    await fetch(`${emulator.adminUrl}/auth/settings`, { method: 'POST', body: JSON.stringify({ deviceCodeInterval: 0 }) });
    tmp = await mkdtemp(join(tmpdir(), 'stratus-backup-'));
    process.env.XDG_DATA_HOME = join(tmp, 'data');
    const auth = new AuthManager({ store: new MemorySecretStore(), ...emulatorEndpoints(emulator.origin) });
    service = new StratusService({ host: 'headless', auth, home: join(tmp, 'home') });
    const account = await service.signIn('device-code');
    const [drive] = await service.listDrives(account.id);
    const local = join(tmp, 'Docs here');
    await mkdir(local);
    await writeFile(join(local, 'report.txt'), 'v1');
    const req = { accountId: account.id, driveId: drive!.id, remote: 'Docs', local, mode: 'two-way' as const };

    // OneDrive's names ignore case, and so does the check; the message names the folders as written.
    await expect(service.addPair({ ...req, backupDir: '/docs/Old versions' })).rejects.toMatchObject({
      kind: 'invalid', message: "The backup folder /docs/Old versions is inside the pair's folder /Docs: it would be synced as part of the pair. Choose a folder outside it.",
    });
    expect(await service.listPairs()).toEqual([]);
    const pair = await service.addPair({ ...req, backupDir: '/Backups//Docs/' });
    expect(pair.backupDir).toBe('Backups/Docs');
    await until('the upload', async () => ((await remoteFiles('Docs'))['/Docs/report.txt'] === 2 ? true : undefined));

    // Saved here, OneDrive's version is moved to the backup folder before the new one replaces it.
    await writeFile(join(local, 'report.txt'), 'v2 here');
    await service.syncNow(pair.id);
    await until('the replaced file in the backup', async () => ((await remoteFiles('Backups'))['/Backups/Docs/report.txt'] === 2 ? true : undefined));
    expect((await remoteFiles('Docs'))['/Docs/report.txt']).toBe(7);

    await expect(service.setPairBackupDir(pair.id, 'Docs')).rejects.toThrow(/inside the pair's folder \/Docs/);
    await expect(service.setPairBackupDir(pair.id, '/')).rejects.toThrow(/cannot be the drive's root/);
    expect((await service.listPairs())[0]!.backupDir).toBe('Backups/Docs');
    expect((await service.setPairBackupDir(pair.id, 'Elsewhere')).backupDir).toBe('Elsewhere');
    expect((await service.listPairs())[0]).toMatchObject({ backupDir: 'Elsewhere', status: { state: expect.any(String) } });
    await writeFile(join(local, 'report.txt'), 'v3, saved again');
    await service.syncNow(pair.id);
    await until('the next backup in the new folder', async () => ((await remoteFiles('Elsewhere'))['/Elsewhere/report.txt'] === 7 ? true : undefined));

    // No backup folder: replaced in place, nothing more in either backup.
    expect((await service.setPairBackupDir(pair.id, null)).backupDir).toBeNull();
    const saved = JSON.parse(await readFile(join(tmp, 'home', 'pairs.json'), 'utf8')) as { pairs: { backupDir?: string }[] };
    expect(saved.pairs[0]!.backupDir).toBeUndefined();
    await writeFile(join(local, 'report.txt'), 'v4');
    await service.syncNow(pair.id);
    await until('the plain replace', async () => ((await remoteFiles('Docs'))['/Docs/report.txt'] === 2 ? true : undefined));
    expect(Object.keys(await remoteFiles('Elsewhere'))).toEqual(['/Elsewhere/report.txt']);
    expect(Object.keys(await remoteFiles('Backups'))).toEqual(['/Backups/Docs/report.txt']);
  });
});
