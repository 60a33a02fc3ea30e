import { afterEach, describe, expect, it } from 'vitest';
import { Pacer } from '../graph/pacer.js';
import { requestLog } from '../graph/test/harness.js';
import { quickXorHash } from '../hash/quickxor.js';
import { copyAcross } from './across.js';
import { siteByUrl, siteDrives } from './drives.js';
import { OneDrive } from './onedrive.js';
import { openRig, seed } from './test/setup.js';
import type { Rig } from './test/setup.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('copy between drives', () => {
  it('streams a file from my drive to a SharePoint library, keeping content and mtime', async () => {
    rig = await openRig('business');
    await seed(rig.e, [{ path: 'report.txt', content: 'quarterly numbers', mtime: '2023-04-05T06:07:08Z' }]);
    const site = await siteByUrl(rig.drive.client, 'https://contoso.sharepoint.com/sites/Marketing');
    const lib = (await siteDrives(rig.drive.client, site.id)).find((d) => d.name === 'Documents')!;
    const other = await OneDrive.open({ accountId: 'acct', tokens: rig.tokens.provider, pacer: new Pacer('acct2'), options: { graph_url: rig.e.graphUrl, drive_id: lib.id } });
    const { item, serverSide } = await copyAcross(rig.drive, 'report.txt', other, { parent: 'Shared/Reports' });
    expect(serverSide).toBe(false);
    expect(item.file?.hashes?.quickXorHash).toBe(quickXorHash(Buffer.from('quarterly numbers')));
    expect(Date.parse(item.fileSystemInfo!.lastModifiedDateTime!)).toBe(Date.parse('2023-04-05T06:07:08Z'));
    expect((await other.get('Shared/Reports/report.txt')).id).toBe(item.id);
  });

  it('copies server-side between personal drives when server_side_across_configs is on', async () => {
    rig = await openRig('personal', { server_side_across_configs: true });
    await seed(rig.e, [{ path: 'photo.jpg', content: 'pixels' }, { path: 'dest', folder: true }]);
    const { item, serverSide } = await copyAcross(rig.drive, 'photo.jpg', rig.drive, { parent: 'dest' });
    expect(serverSide).toBe(true);
    expect(item.size).toBe(6);
    expect((await requestLog(rig.e)).some((r) => /\/copy(\?|$)/.test(r.path))).toBe(true);
  });
});
