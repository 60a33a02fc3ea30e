import { afterEach, describe, expect, it } from 'vitest';
import { AuthManager } from '../auth/index.js';
import { MemorySecretStore } from '../auth/test/memory-store.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { emulatorEndpoints } from './endpoints.js';
import { StratusService } from './service.js';

let emulator: Emulator | undefined;
afterEach(async () => { await emulator?.close(); emulator = undefined; });

/** A service signed in (by device code, auto-approved) to a fresh emulator, with a seeded tree. */
async function signedIn(profile: 'personal' | 'business') {
  emulator = await startEmulator({ profile, autoApprove: true });
  const admin = (path: string, body: unknown) =>
    fetch(`${emulator!.adminUrl}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
  await admin('/auth/settings', { deviceCodeInterval: 0 });
  await admin('/seed', { items: [{ path: 'Docs/report.txt', content: 'v1' }, { path: 'Docs/Old', folder: true }, { path: 'photo.jpg', content: 'jpg' }] });
  await admin('/change', { changes: [{ op: 'edit', path: 'Docs/report.txt', content: 'v2' }, { op: 'edit', path: 'Docs/report.txt', content: 'v3!' }] });
  const service = new StratusService({ host: 'headless', auth: new AuthManager({ store: new MemorySecretStore(), ...emulatorEndpoints(emulator.origin) }) });
  const account = await service.signIn('device-code');
  const [drive] = await service.listDrives(account.id);
  return { service, accountId: account.id, driveId: drive!.id, driveType: drive!.driveType };
}

describe('the service’s OneDrive features', () => {
  it('lists the drive and browses folders for the folder picker, folders first', async () => {
    const { service, accountId, driveId, driveType } = await signedIn('business');
    expect(driveType).toBe('business');
    expect((await service.listFolder(accountId, driveId, '')).map((e) => [e.name, e.isFolder])).toEqual([['Docs', true], ['photo.jpg', false]]);
    expect(await service.listFolder(accountId, driveId, 'Docs')).toEqual([
      { name: 'Old', path: 'Docs/Old', isFolder: true, size: 0 },
      { name: 'report.txt', path: 'Docs/report.txt', isFolder: false, size: 3 },
    ]);
  });

  it('finds SharePoint libraries by site name, each named with its site, and browses one', async () => {
    const { service, accountId } = await signedIn('business');
    const libs = await service.searchLibraries(accountId, 'market');
    expect(libs.map((d) => [d.site, d.name, d.driveType]).sort()).toEqual([['Marketing', 'Campaigns', 'documentLibrary'], ['Marketing', 'Documents', 'documentLibrary']]);
    expect(await service.searchLibraries(accountId, 'no such site')).toEqual([]);
    expect(await service.listFolder(accountId, libs[0]!.id, '')).toEqual([]);
  });

  it('says that SharePoint libraries need a work or school account on a personal one', async () => {
    const { service, accountId } = await signedIn('personal');
    await expect(service.searchLibraries(accountId, 'market')).rejects.toThrow(/work or school accounts/);
  });

  it('makes a share link in one call, and refuses a combination the drive cannot make with the reason', async () => {
    const { service, accountId, driveId } = await signedIn('business');
    const link = await service.createShareLink(accountId, driveId, 'Docs/report.txt', { type: 'view', scope: 'organization' });
    expect(link).toMatchObject({ type: 'view', scope: 'organization', hasPassword: false });
    expect(link.url).toMatch(/^https:\/\/.+sharepoint\.com\//);
    await expect(service.createShareLink(accountId, driveId, 'Docs/report.txt', { type: 'embed', scope: 'anonymous' }))
      .rejects.toThrow(/Embed links exist only on OneDrive personal/);
  });

  it('cleans up old versions: a dry run counts them, the real run removes them, leaving the current one', async () => {
    const { service, accountId, driveId } = await signedIn('business');
    const dry = await service.cleanupVersions(accountId, driveId, 'Docs', true);
    expect(dry).toMatchObject({ dryRun: true, files: 1, versions: 2 });
    expect(await service.cleanupVersions(accountId, driveId, 'Docs', false)).toMatchObject({ dryRun: false, versions: 2 });
    expect(await service.cleanupVersions(accountId, driveId, 'Docs', true)).toMatchObject({ versions: 0 });
    expect(await service.listFolder(accountId, driveId, 'Docs')).toContainEqual(expect.objectContaining({ name: 'report.txt', size: 3 }));
  });

  it('says plainly that OneDrive personal cannot delete versions', async () => {
    const { service, accountId, driveId } = await signedIn('personal');
    await expect(service.cleanupVersions(accountId, driveId, '', false)).rejects.toThrow(/personal cannot delete versions/i);
  });
});
