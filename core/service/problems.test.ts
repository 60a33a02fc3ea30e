// Files that are not syncing, and why: left out until the user changes them (a name OneDrive refuses), or failed
// and tried again later (OneDrive is full). The list empties as they are fixed.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setAccount } from '../onedrive/test/setup.js';
import { openServiceRig, until } from './test/rig.js';
import type { ServiceRig } from './test/rig.js';

let rig: ServiceRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('files not syncing', () => {
  it('lists a refused name and a failed upload with what to do, and drops each once fixed', async () => {
    rig = await openServiceRig({ prefix: 'problems' });
    const { service, tmp, account, drive, emulator } = rig;
    await setAccount(emulator, { quotaTotal: 100 });
    const local = join(tmp, 'Docs');
    await mkdir(local);
    await writeFile(join(local, 'CON'), 'a reserved name');
    await writeFile(join(local, 'big.txt'), 'x'.repeat(500));
    const pair = await service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Docs', local, mode: 'two-way' });

    const problems = await until('both problems', async () => {
      const p = await service.listSyncProblems();
      return p.length === 2 ? p : undefined;
    });
    expect(problems).toEqual([
      { pairId: pair.id, path: 'big.txt', state: 'failed', message: expect.stringMatching(/OneDrive is full.*free some space/) as unknown, attempts: 1, retryAt: expect.any(String) as unknown },
      { pairId: pair.id, path: 'CON', state: 'skipped', message: expect.stringMatching(/reserved.*Rename it/) as unknown },
    ]);
    expect(Date.parse(problems[0]!.retryAt!)).toBeGreaterThan(Date.now());

    await rename(join(local, 'CON'), join(local, 'CON notes.txt'));
    await service.syncNow(pair.id);
    await until('the renamed file to leave the list', async () => ((await service.listSyncProblems()).some((p) => p.path === 'CON') ? undefined : true));
    expect((await service.listSyncProblems()).map((p) => p.path)).toEqual(['big.txt']);
  });
});
