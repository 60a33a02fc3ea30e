import { afterEach, describe, expect, it } from 'vitest';
import { harness, rawGet, type Harness, type Item, type Page } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

const seedTree = (x: Harness) => x.admin('/seed', {
  items: [
    { path: 'Docs/Report 2024.txt', content: 'hello' },
    { path: 'Docs/Sub/deep.bin', size: 10 },
    { path: 'Notes/My Notebook', package: 'oneNote' },
  ],
});

describe.each(['personal', 'business'] as const)('items on %s', (profile) => {
  it('finds an item by id, by root path with and without a trailing colon, and relative to a folder', async () => {
    h = await harness({ profile });
    await seedTree(h);
    const drive = (await h.graph<{ id: string }>('/me/drive')).body.id;
    const byPath = await h.graph<Item>('/me/drive/root:/docs/report%202024.TXT');
    expect(byPath.status).toBe(200);
    expect(byPath.body).toMatchObject({ name: 'Report 2024.txt', size: 5 });
    expect(byPath.body.file?.hashes.quickXorHash).toHaveLength(28);
    const docs = await h.graph<Item>(`/drives/${drive}/root:/Docs:`);
    expect(byPath.body.parentReference).toMatchObject({ id: docs.body.id, driveId: drive });
    expect(byPath.body.parentReference.path).toMatch(/root:\/Docs$/);
    expect((await h.graph<Item>(`/drives/${drive}/items/${encodeURIComponent(docs.body.id)}:/Sub/deep.bin:`)).body.size).toBe(10);
    expect((await h.graph<Item>(`/drives/${drive}/items/${docs.body.id}:`)).body.id).toBe(docs.body.id);
    expect((await h.graph<Item>(`/me/drive/items/${byPath.body.id}`)).body.name).toBe('Report 2024.txt');
    const kids = await h.graph<Page>(`/drives/${drive}/root:/Docs:/children`);
    expect(kids.body.value.map((i) => i.name).sort()).toEqual(['Report 2024.txt', 'Sub']);
    const missing = await h.graph<{ error: { code: string } }>('/me/drive/root:/Docs/nope.txt');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('itemNotFound');
    expect((await h.graph('/me/drive/items/NOPE!1')).status).toBe(404);
  });

  it('percent-encodes parentReference.path as the docs say, switchable off', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'My Files/x.txt', content: 'x' }] });
    expect((await h.graph<Item>('/me/drive/root:/My Files/x.txt')).body.parentReference.path).toMatch(/root:\/My%20Files$/);
    await h.admin('/settings', { parentPathEncoded: false });
    expect((await h.graph<Item>('/me/drive/root:/My Files/x.txt')).body.parentReference.path).toMatch(/root:\/My Files$/);
  });

  it('shows a OneNote notebook as a package with neither file nor folder facet', async () => {
    h = await harness({ profile });
    await seedTree(h);
    const nb = await h.graph<Item>('/me/drive/root:/Notes/My Notebook');
    expect(nb.body.package).toEqual({ type: 'oneNote' });
    expect(nb.body).not.toHaveProperty('file');
    expect(nb.body).not.toHaveProperty('folder');
  });

  it('pages children with $top and an absolute nextLink built from Host and X-Forwarded-Proto', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: Array.from({ length: 5 }, (_, i) => ({ path: `many/f${i}.txt`, content: `${i}` })) });
    const headers = { host: 'graph.microsoft.com', 'x-forwarded-proto': 'https', authorization: `Bearer ${h.token}` };
    const first = await rawGet<Page>(`${h.emulator.graphUrl}/me/drive/root:/many:/children?$top=2`, headers);
    expect(first.body.value).toHaveLength(2);
    const next = first.body['@odata.nextLink']!;
    expect(next.startsWith('https://graph.microsoft.com/v1.0/me/drive/root:/many:/children?')).toBe(true);
    const names = first.body.value.map((i) => i.name);
    let link: string | undefined = next.replace('https://graph.microsoft.com', h.emulator.origin);
    while (link) {
      const page: { body: Page } = await h.graph<Page>(link);
      names.push(...page.body.value.map((i) => i.name));
      link = page.body['@odata.nextLink']?.replace(/^http:\/\/[^/]+/, h.emulator.origin);
    }
    expect(names.sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt']);
  });

  it('refuses invalid names and too-long paths with the service error body', async () => {
    h = await harness({ profile });
    const bad = await h.graph<{ error: { code: string; message: string; innerError: { code: string; 'request-id': string } } }>(
      '/me/drive/root/children', { body: { name: 'a?b', folder: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalidRequest', innerError: { code: 'nameContainsInvalidCharacters' } });
    expect(bad.body.error.innerError['request-id']).toBeTruthy();
    for (const name of ['trailing.', 'trailing ', ' leading', 'CON', 'desktop.ini', '~$lock.docx', 'x_vti_y']) {
      expect((await h.graph('/me/drive/root/children', { body: { name, folder: {} } })).status, name).toBe(400);
    }
    const long = await h.graph<{ error: { innerError: { code: string } } }>('/me/drive/root/children', { body: { name: 'n'.repeat(401), folder: {} } });
    expect(long.body.error.innerError.code).toBe('pathIsTooLong');
    const tilde = await h.graph('/me/drive/root/children', { body: { name: '~tilde', folder: {} } });
    expect(tilde.status).toBe(profile === 'business' ? 400 : 201);
  });

  it('makes folders, with the profile\'s answer when the name is taken', async () => {
    h = await harness({ profile });
    const made = await h.graph<Item>('/me/drive/root/children', { body: { name: 'Photos', folder: {}, '@microsoft.graph.conflictBehavior': 'fail' } });
    expect(made.status).toBe(201);
    const again = await h.graph<Item & { error?: { code: string } }>('/me/drive/root/children', { body: { name: 'PHOTOS', folder: {}, '@microsoft.graph.conflictBehavior': 'fail' } });
    if (profile === 'personal') {
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(made.body.id);
    } else {
      expect(again.status).toBe(409);
      expect(again.body.error?.code).toBe('nameAlreadyExists');
    }
    const renamed = await h.graph<Item>('/me/drive/root/children', { body: { name: 'Photos', folder: {}, '@microsoft.graph.conflictBehavior': 'rename' } });
    expect(renamed.body.name).toBe('Photos 1');
    // The OneDrive API's spelling of the annotation (rclone's, abraunegg's) works the same.
    const named = await h.graph<Item>('/me/drive/root/children', { body: { name: 'Photos', folder: {}, '@name.conflictBehavior': 'rename' } });
    expect(named.body.name).toBe('Photos 2');
    const query = await h.graph<Item>('/me/drive/root/children?@name.conflictBehavior=rename', { body: { name: 'Photos', folder: {} } });
    expect(query.body.name).toBe('Photos 3');
    const root = await h.graph<Item>('/me/drive/root');
    expect(root.body.folder?.childCount).toBe(4);
  });

  it('answers only the $select-ed properties', async () => {
    h = await harness({ profile });
    await seedTree(h);
    const r = await h.graph<Record<string, unknown>>('/me/drive/root:/Docs:/children?$select=name,size');
    for (const it of (r.body as unknown as Page).value) expect(Object.keys(it).sort()).toEqual(['id', 'name', 'size']);
  });

  it('answers 304 to If-None-Match with the current eTag', async () => {
    h = await harness({ profile });
    await seedTree(h);
    const a = await h.graph<Item>('/me/drive/root:/Docs');
    expect((await h.graph('/me/drive/root:/Docs', { headers: { 'if-none-match': a.body.eTag } })).status).toBe(304);
  });
});

it('fails to list a folder over the item limit, as the service does near 100,000', async () => {
  h = await harness({ profile: 'personal' });
  await h.admin('/settings', { folderListLimit: 3 });
  await h.admin('/seed', { items: Array.from({ length: 4 }, (_, i) => ({ path: `big/${i}`, size: 1 })) });
  expect((await h.graph('/me/drive/root:/big:/children')).status).toBe(500);
});
