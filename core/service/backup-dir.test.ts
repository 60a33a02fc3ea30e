// The backup folder (rclone's --backup-dir) set through the service: when adding a pair and on a pair already
// syncing, refused inside the pair as the CLI refuses it, and used: OneDrive's replaced file is moved there.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openServiceRig, until } from './test/rig.js';
import type { ServiceRig } from './test/rig.js';

let rig: ServiceRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('the backup folder in the service', () => {
  it('is refused inside the pair, kept when outside, used on replace, changed and removed on a running pair', async () => {
    rig = await openServiceRig({ prefix: 'backup' });
    const { service, tmp, account, drive, remoteFiles } = rig;
    const local = join(tmp, 'Docs here');
    await mkdir(local);
    await writeFile(join(local, 'report.txt'), 'v1');
    const req = { accountId: account.id, driveId: drive.id, remote: 'Docs', local, mode: 'two-way' as const };

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
