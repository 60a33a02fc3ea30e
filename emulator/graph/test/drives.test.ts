import { afterEach, describe, expect, it } from 'vitest';
import { harness, rawGet, type Harness, type Item } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

describe('drives, me and sites', () => {
  it('personal: /me, /me/drive, /me/drives and /drives/{id} agree on one 16-hex drive', async () => {
    h = await harness({ profile: 'personal' });
    const me = await h.graph('/me');
    expect(me.body).toMatchObject({ userPrincipalName: 'alex@outlook.com' });
    const drive = await h.graph<{ id: string; driveType: string; quota: Record<string, unknown> }>('/me/drive');
    expect(drive.body.id).toMatch(/^[0-9a-f]{16}$/);
    expect(drive.body.quota).toMatchObject({ total: 5 * 1024 ** 3, used: 0, deleted: 0, state: 'normal' });
    const drives = await h.graph<{ value: Array<{ id: string }> }>('/me/drives');
    expect(drives.body.value.map((d) => d.id)).toEqual([drive.body.id]);
    // Personal drive ids come back in any case from other answers: the lookup ignores case.
    expect((await h.graph(`/drives/${drive.body.id.toUpperCase()}`)).body).toMatchObject({ id: drive.body.id, driveType: 'personal' });
    const root = await h.graph<Item>(`/drives/${drive.body.id}/root`);
    expect(root.body).toMatchObject({ name: 'root', root: {}, folder: { childCount: 0 }, parentReference: { driveType: 'personal' } });
    expect(root.body.id).toBe(`${drive.body.id.toUpperCase()}!101`);
    expect((await h.graph('/drives/0123456789abcdef')).status).toBe(404);
    expect((await h.graph('/me/drive/sharedWithMe')).body).toEqual({ value: [] });
  });

  it('challenges a missing token naming the sign-in host of the Graph host reached, and Graph\'s app id', async () => {
    h = await harness({ profile: 'personal' });
    const r = await rawGet(`${h.emulator.graphUrl}/me/drive`, { host: 'graph.microsoft.com', 'x-forwarded-proto': 'https' });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"');
    expect(r.headers.get('www-authenticate')).toContain('client_id="00000003-0000-0000-c000-000000000000"');
  });

  it('personal: no SharePoint', async () => {
    h = await harness({ profile: 'personal' });
    expect((await h.graph('/sites/root')).status).toBe(400);
  });

  it('business: the OneDrive has a b! id, and folders have no cTag', async () => {
    h = await harness({ profile: 'business' });
    const drive = await h.graph<{ id: string }>('/me/drive');
    expect(drive.body.id.startsWith('b!')).toBe(true);
    const root = await h.graph<Item>(`/drives/${drive.body.id}/root`);
    expect(root.body.parentReference.driveType).toBe('business');
    expect(root.body.cTag).toBeUndefined();
    expect(root.body.id).toMatch(/^01[A-Z2-7]{32}$/);
  });

  it('business: sites by root, search, host path and id, each with document libraries', async () => {
    h = await harness({ profile: 'business' });
    const root = await h.graph<{ id: string; siteCollection: { hostname: string } }>('/sites/root');
    expect(root.status).toBe(200);
    const libs = await h.graph<{ value: Array<{ id: string; driveType: string; name: string }> }>('/sites/root/drives');
    expect(libs.body.value[0]).toMatchObject({ driveType: 'documentLibrary', name: 'Documents' });
    const found = await h.graph<{ value: Array<{ id: string; displayName: string }> }>('/sites?search=market');
    expect(found.body.value.map((s) => s.displayName)).toEqual(['Marketing']);
    const byPath = await h.graph<{ id: string }>(`/sites/${root.body.siteCollection.hostname}:/sites/Marketing`);
    expect(byPath.body.id).toBe(found.body.value[0]!.id);
    const byPathDrives = await h.graph<{ value: unknown[] }>(`/sites/${root.body.siteCollection.hostname}:/sites/marketing:/drives`);
    expect(byPathDrives.body.value).toHaveLength(2);
    const byId = await h.graph<{ value: Array<{ id: string }> }>(`/sites/${encodeURIComponent(byPath.body.id)}/drives`);
    expect(byId.body.value).toHaveLength(2);
    // A library is a drive like any other: its root answers with driveType documentLibrary.
    const libRoot = await h.graph<Item>(`/drives/${byId.body.value[1]!.id}/root`);
    expect(libRoot.body.parentReference.driveType).toBe('documentLibrary');
    expect((await h.graph('/sites/contoso.sharepoint.com:/sites/nope')).status).toBe(404);
    // Items of a site's default library, addressed through the site.
    const made = await h.graph<Item>(`/drives/${byId.body.value[0]!.id}/root/children`, { body: { name: 'Brief', folder: {} } });
    const viaSite = await h.graph<Item>(`/sites/${encodeURIComponent(byPath.body.id)}/drive/root:/Brief`);
    expect(viaSite.body.id).toBe(made.body.id);
  });

  it('quota counts versions and the recycle bin, and its state follows the use', async () => {
    h = await harness({ profile: 'business' });
    await h.admin('/seed', { items: [{ path: 'a.bin', size: 600 }] });
    await h.admin('/change', { op: 'edit', path: 'a.bin', size: 500 });
    let q = (await h.graph<{ quota: { used: number; deleted: number; state: string } }>('/me/drive')).body.quota;
    expect(q.used).toBe(1100);
    const a = await h.graph<Item>('/me/drive/root:/a.bin');
    await h.graph(`/me/drive/items/${a.body.id}`, { method: 'DELETE' });
    q = (await h.graph<{ quota: { used: number; deleted: number; state: string } }>('/me/drive')).body.quota;
    expect(q).toMatchObject({ used: 1100, deleted: 1100, state: 'normal' });
    await h.admin('/accounts/alex@contoso.onmicrosoft.com', { quotaTotal: 1150 }, 'PATCH');
    q = (await h.graph<{ quota: { used: number; deleted: number; state: string } }>('/me/drive')).body.quota;
    expect(q.state).toBe('nearing');
  });
});
