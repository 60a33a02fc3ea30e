import { afterEach, describe, expect, it } from 'vitest';
import { harness, rawRequest, type Harness, type Item } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

type Err = { error: { code: string; innerError?: { code?: string } } };

describe.each(['personal', 'business'] as const)('changing items on %s', (profile) => {
  it('renames and moves with PATCH, keeping the id; If-Match with an old eTag answers 412', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'a/file.txt', content: 'x' }, { path: 'b', folder: true }] });
    const f = (await h.graph<Item>('/me/drive/root:/a/file.txt')).body;
    const b = (await h.graph<Item>('/me/drive/root:/b')).body;
    const moved = await h.graph<Item>(`/me/drive/items/${f.id}`, { method: 'PATCH', body: { name: 'renamed.txt', parentReference: { id: b.id } } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: f.id, name: 'renamed.txt', parentReference: { id: b.id } });
    expect(moved.body.eTag).not.toBe(f.eTag);
    expect(moved.body.cTag).toBe(f.cTag); // cTag follows content only
    expect((await h.graph('/me/drive/root:/a/file.txt')).status).toBe(404);
    const stale = await h.graph<Err>(`/me/drive/items/${f.id}`, { method: 'PATCH', body: { name: 'again.txt' }, headers: { 'if-match': f.eTag } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('resourceModified');
    const fresh = await h.graph<Item>(`/me/drive/items/${f.id}`, { method: 'PATCH', body: { name: 'again.txt' }, headers: { 'if-match': moved.body.eTag } });
    expect(fresh.status).toBe(200);
  });

  it('sets fileSystemInfo by path, refuses "root" as a parent id and case-insensitive clashes', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'x.txt', content: 'x' }, { path: 'Y.txt', content: 'y' }, { path: 'd', folder: true }] });
    const set = await h.graph<Item>('/me/drive/root:/x.txt:', { method: 'PATCH', body: { fileSystemInfo: { createdDateTime: '2020-05-06T07:08:09Z', lastModifiedDateTime: '2020-05-06T07:08:09Z' } } });
    expect(set.body.fileSystemInfo.lastModifiedDateTime.replace('.000', '')).toBe('2020-05-06T07:08:09Z');
    const x = set.body;
    expect((await h.graph<Err>(`/me/drive/items/${x.id}`, { method: 'PATCH', body: { parentReference: { id: 'root' } } })).status).toBe(400);
    const clash = await h.graph<Err>(`/me/drive/items/${x.id}`, { method: 'PATCH', body: { name: 'y.TXT' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('nameAlreadyExists');
    // Changing only the case of its own name is fine.
    expect((await h.graph<Item>(`/me/drive/items/${x.id}`, { method: 'PATCH', body: { name: 'X.txt' } })).body.name).toBe('X.txt');
    const d = (await h.graph<Item>('/me/drive/root:/d')).body;
    expect((await h.graph(`/me/drive/items/${d.id}`, { method: 'PATCH', body: { parentReference: { id: d.id } } })).status).toBe(400);
  });

  it('deletes to the recycle bin; business also deletes permanently, personal refuses', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'gone/a.txt', content: 'aaa' }, { path: 'purged.txt', content: 'pp' }] });
    const gone = (await h.graph<Item>('/me/drive/root:/gone')).body;
    expect((await h.graph(`/me/drive/items/${gone.id}`, { method: 'DELETE', headers: { 'if-match': '"nope"' } })).status).toBe(412);
    expect((await h.graph(`/me/drive/items/${gone.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.graph(`/me/drive/items/${gone.id}`)).status).toBe(404);
    const tree = await h.admin<{ recycleBin: Array<{ id: string; name: string }> }>('/tree');
    expect(tree.body.recycleBin.map((i) => i.name)).toEqual(['gone']);
    const root = (await h.graph<Item>('/me/drive/root')).body;
    expect((await h.graph(`/me/drive/items/${root.id}`, { method: 'DELETE' })).status).toBe(403);
    const p = (await h.graph<Item>('/me/drive/root:/purged.txt')).body;
    const purge = await h.graph(`/me/drive/items/${p.id}/permanentDelete`, { method: 'POST' });
    expect(purge.status).toBe(profile === 'business' ? 204 : 400);
    const after = await h.admin<{ recycleBin: unknown[]; quota: { used: number } }>('/tree');
    expect(after.body.recycleBin).toHaveLength(1);
    expect(after.body.quota.used).toBe(profile === 'business' ? 3 : 5);
  });

  it('copies with respond-async: 202, a monitor URL that needs no token, then the copy exists', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'src/one.txt', content: 'one', mtime: '2021-02-03T04:05:06Z' }, { path: 'src/sub/two.txt', content: 'two' }, { path: 'dst', folder: true }] });
    const src = (await h.graph<Item>('/me/drive/root:/src')).body;
    const dst = (await h.graph<Item>('/me/drive/root:/dst')).body;
    const started = await h.graph(`/me/drive/items/${src.id}/copy?@microsoft.graph.conflictBehavior=replace`, {
      body: { parentReference: { driveId: '', id: dst.id }, name: 'copied' }, headers: { prefer: 'respond-async' },
    });
    expect(started.status).toBe(202);
    const monitor = started.headers.get('location')!;
    const status = await (await fetch(monitor)).json() as { status: string; resourceId: string };
    expect(status.status).toBe('completed');
    const copy = await h.graph<Item>('/me/drive/root:/dst/copied/sub/two.txt');
    expect(copy.body.size).toBe(3);
    const top = await h.graph<Item>(`/me/drive/items/${status.resourceId}`);
    expect(top.body.name).toBe('copied');
    expect((await h.graph<Item>('/me/drive/root:/dst/copied/one.txt')).body.fileSystemInfo.lastModifiedDateTime).toMatch(/^2021-02-03T04:05:06/);
  });

  it('puts the copy monitor on the real service\'s host when reached as graph.microsoft.com', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'one.txt', content: 'one' }] });
    const one = (await h.graph<Item>('/me/drive/root:/one.txt')).body;
    const viaProxy = await rawRequest(`${h.emulator.graphUrl}/me/drive/items/${one.id}/copy`, {
      method: 'POST', body: { name: 'two.txt' },
      headers: { host: 'graph.microsoft.com', 'x-forwarded-proto': 'https', authorization: `Bearer ${h.token}`, prefer: 'respond-async' },
    });
    expect(viaProxy.status).toBe(202);
    const location = new URL(viaProxy.headers.get('location')!);
    expect(location.origin).toBe(profile === 'business' ? 'https://contoso-my.sharepoint.com' : 'https://api.onedrive.com');
    // The proxy forwards every host to the emulator, which routes the monitor by path, without a token.
    const status = await (await fetch(`${h.emulator.origin}${location.pathname}`)).json() as { status: string };
    expect(status.status).toBe('completed');
  });
});

describe('restore from the recycle bin', () => {
  it('personal: brings a deleted folder back with its id and contents, and delta shows it again', async () => {
    h = await harness({ profile: 'personal' });
    await h.admin('/seed', { items: [{ path: 'keep/inner.txt', content: 'abc' }] });
    const keep = (await h.graph<Item>('/me/drive/root:/keep')).body;
    await h.graph(`/me/drive/items/${keep.id}`, { method: 'DELETE' });
    const token = (await h.graph<{ '@odata.deltaLink': string }>('/me/drive/root/delta?token=latest')).body['@odata.deltaLink'];
    const back = await h.graph<Item>(`/me/drive/items/${keep.id}/restore`, { body: {} });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: keep.id, name: 'keep' });
    expect((await h.graph<Item>('/me/drive/root:/keep/inner.txt')).body.size).toBe(3);
    const tree = await h.admin<{ recycleBin: unknown[]; quota: { deleted: number } }>('/tree');
    expect(tree.body).toMatchObject({ recycleBin: [], quota: { deleted: 0 } });
    const changes = await h.graph<{ value: Item[] }>(token);
    expect(changes.body.value.map((i) => i.name).sort()).toEqual(['inner.txt', 'keep', 'root']);
    expect((await h.graph(`/me/drive/items/${keep.id}/restore`, { body: {} })).status).toBe(404);
  });

  it('business: not offered', async () => {
    h = await harness({ profile: 'business' });
    await h.admin('/seed', { items: [{ path: 'x.txt', content: 'x' }] });
    const x = (await h.graph<Item>('/me/drive/root:/x.txt')).body;
    await h.graph(`/me/drive/items/${x.id}`, { method: 'DELETE' });
    expect((await h.graph(`/me/drive/items/${x.id}/restore`, { body: {} })).status).toBe(400);
  });
});
