import { afterEach, describe, expect, it } from 'vitest';
import { startKit, type Kit } from './content.testkit.js';

let kit: Kit | undefined;
afterEach(async () => { await kit?.e.close(); kit = undefined; });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function threeVersions(k: Kit): Promise<{ id: string; path: string }> {
  const item = (await (await k.put('v.txt', 'one')).json()) as Json;
  await k.put('v.txt', 'two!');
  await k.put('v.txt', 'three');
  const id = item.id as string;
  return { id, path: `/me/drive/items/${encodeURIComponent(id)}` };
}

describe.each(['personal', 'business'] as const)('versions on %s', (profile) => {
  it('lists every content version newest first, the current one included, and counts them in the quota', async () => {
    kit = await startKit(profile);
    const { path } = await threeVersions(kit);
    const list = await kit.json<{ value: Json[] }>(`${path}/versions`);
    expect(list.value.map((v) => v.size)).toEqual([5, 4, 3]);
    expect(list.value[0]).toMatchObject({ id: expect.any(String), lastModifiedDateTime: expect.any(String), lastModifiedBy: { user: expect.any(Object) } });
    const drive = await kit.json<Json>('/me/drive');
    expect(drive.quota.used).toBe(12);
    const old = await kit.g(`${path}/versions/${encodeURIComponent(list.value[2]!.id)}/content`);
    expect(old.status).toBe(302);
    expect(await (await fetch(old.headers.get('location')!)).text()).toBe('one');
  });

  it('restores an old version as the current content', async () => {
    kit = await startKit(profile);
    const { path } = await threeVersions(kit);
    const list = await kit.json<{ value: Json[] }>(`${path}/versions`);
    const r = await kit.g(`${path}/versions/${encodeURIComponent(list.value[2]!.id)}/restoreVersion`, { method: 'POST' });
    expect(r.status).toBe(204);
    const item = await kit.json<Json>(path);
    expect(item.size).toBe(3);
    expect(await (await fetch(item['@microsoft.graph.downloadUrl'] as string)).text()).toBe('one');
    expect((await kit.json<{ value: Json[] }>(`${path}/versions`)).value).toHaveLength(4);
  });

  it(profile === 'business' ? 'deletes old versions and frees their quota' : 'refuses to delete versions ("API not found")', async () => {
    kit = await startKit(profile);
    const { path } = await threeVersions(kit);
    const list = await kit.json<{ value: Json[] }>(`${path}/versions`);
    const r = await kit.g(`${path}/versions/${encodeURIComponent(list.value[1]!.id)}`, { method: 'DELETE' });
    if (profile === 'business') {
      expect(r.status).toBe(204);
      expect((await kit.json<{ value: Json[] }>(`${path}/versions`)).value.map((v) => v.size)).toEqual([5, 3]);
      expect((await kit.json<Json>('/me/drive')).quota.used).toBe(8);
    } else {
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ error: { message: 'API not found' } });
      expect((await kit.json<{ value: Json[] }>(`${path}/versions`)).value).toHaveLength(3);
    }
  });

  it(profile === 'business' ? 'makes a version when fileSystemInfo changes' : 'makes no version when only fileSystemInfo changes', async () => {
    kit = await startKit(profile);
    const { path } = await threeVersions(kit);
    const r = await kit.g(path, {
      method: 'PATCH', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileSystemInfo: { lastModifiedDateTime: '2020-05-05T05:05:05Z' } }),
    });
    expect(r.status).toBe(200);
    const count = (await kit.json<{ value: Json[] }>(`${path}/versions`)).value.length;
    expect(count).toBe(profile === 'business' ? 4 : 3);
  });

  it('answers 404 for an unknown version', async () => {
    kit = await startKit(profile);
    const { path } = await threeVersions(kit);
    expect((await kit.g(`${path}/versions/99.0`)).status).toBe(404);
  });
});
