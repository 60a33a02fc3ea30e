import { afterEach, describe, expect, it } from 'vitest';
import { GraphError } from '../graph/errors.js';
import { driveById, myDrive, myDrives, rootSite, searchSites, siteByUrl, siteDrives } from './drives.js';
import { OneDrive } from './onedrive.js';
import { openRig } from './test/setup.js';
import type { Rig } from './test/setup.js';
import { Pacer } from '../graph/pacer.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('drive discovery', () => {
  it('business: my drive, my drives, the root site, a site by URL, a search, a site id and a drive id', async () => {
    rig = await openRig('business');
    const c = rig.drive.client;
    const mine = await myDrive(c);
    expect(mine.driveType).toBe('business');
    expect((await myDrives(c)).map((d) => d.id)).toContain(mine.id);
    const root = await rootSite(c);
    expect(root.webUrl).toMatch(/^https:\/\/contoso\.sharepoint\.com\/?$/);
    const marketing = await siteByUrl(c, 'https://contoso.sharepoint.com/sites/Marketing');
    expect(marketing.displayName).toBe('Marketing');
    expect((await searchSites(c, 'engin')).map((s) => s.displayName)).toEqual(['Engineering']);
    const libs = await siteDrives(c, marketing.id);
    expect(libs.map((d) => d.name).sort()).toEqual(['Campaigns', 'Documents']);
    const lib = await driveById(c, libs[0]!.id);
    expect(lib.driveType).toBe('documentLibrary');

    // Opening by drive_id works on that library.
    const opened = await OneDrive.open({ accountId: 'acct', tokens: rig.tokens.provider, pacer: new Pacer('acct'), options: { graph_url: rig.e.graphUrl, drive_id: lib.id } });
    expect(opened.driveType).toBe('documentLibrary');
    const folder = await opened.mkdir('Plans', { parents: true });
    expect((await opened.list('')).map((i) => i.id)).toContain(folder.id);
  });

  it('refuses a site address that is not a URL, in words', async () => {
    rig = await openRig('business');
    const err = await siteByUrl(rig.drive.client, 'not a url').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).message).toMatch(/not a site address/);
  });

  it('personal: my drive is the one drive', async () => {
    rig = await openRig('personal');
    const drives = await myDrives(rig.drive.client);
    expect(drives).toHaveLength(1);
    expect(drives[0]!.driveType).toBe('personal');
  });
});
