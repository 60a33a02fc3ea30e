import { afterEach, describe, expect, it } from 'vitest';
import { harness, rawGet, type Harness, type Item, type Page } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

/** Follows nextLinks to the deltaLink; the links point at the test's own origin. */
async function drain(x: Harness, first: string): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  const items: Item[] = [];
  let link: string | undefined = first;
  let pages = 0;
  for (;;) {
    const page: { status: number; body: Page } = await x.graph<Page>(link);
    expect(page.status).toBe(200);
    pages++;
    items.push(...page.body.value);
    if (page.body['@odata.nextLink']) { link = page.body['@odata.nextLink']; continue; }
    return { items, deltaLink: page.body['@odata.deltaLink']!, pages };
  }
}

describe.each(['personal', 'business'] as const)('delta on %s', (profile) => {
  it('enumerates everything without tombstones, then only changes with their ancestors', async () => {
    h = await harness({ profile, pageSize: 2 });
    await h.admin('/seed', { items: [{ path: 'a/b/c.txt', content: 'c' }, { path: 'a/d.txt', content: 'd' }, { path: 'gone.txt', content: 'g' }, { path: 'x', folder: true }] });
    // Deleted before the first enumeration: it must not appear at all.
    await h.admin('/change', { op: 'delete', path: 'x' });
    const first = await drain(h, '/me/drive/root/delta');
    expect(first.pages).toBeGreaterThan(1);
    const names = new Set(first.items.map((i) => i.name));
    expect([...names].sort()).toEqual(['a', 'b', 'c.txt', 'd.txt', 'gone.txt', 'root']);
    expect(first.items.some((i) => i.deleted)).toBe(false);
    expect(first.items.every((i) => i.parentReference.path === undefined)).toBe(true);

    await h.admin('/change', { changes: [{ op: 'edit', path: 'a/b/c.txt', content: 'cc' }, { op: 'delete', path: 'gone.txt' }] });
    const second = await drain(h, first.deltaLink);
    const byName = second.items.filter((i) => !i.deleted).map((i) => i.name).sort();
    expect(byName).toEqual(['a', 'b', 'c.txt', 'root']); // c.txt with its ancestors
    const tomb = second.items.find((i) => i.deleted)!;
    expect(tomb.id).toBe(first.items.find((i) => i.name === 'gone.txt')!.id);
    if (profile === 'business') {
      expect(tomb).not.toHaveProperty('name');
      expect(tomb.size).toBe(0);
    } else {
      expect(tomb).not.toHaveProperty('size');
    }
    expect(tomb).not.toHaveProperty('cTag');
    const third = await drain(h, second.deltaLink);
    expect(third.items).toEqual([]);
  });

  it('token=latest starts from now; a forgotten token answers 410 resyncRequired with a Location', async () => {
    h = await harness({ profile });
    await h.admin('/seed', { items: [{ path: 'old.txt', content: 'o' }] });
    const latest = await h.graph<Page>('/me/drive/root/delta?token=latest');
    expect(latest.body.value).toEqual([]);
    await h.admin('/change', { op: 'create', path: 'new.txt', content: 'n' });
    const after = await drain(h, latest.body['@odata.deltaLink']!);
    expect(after.items.map((i) => i.name).sort()).toEqual(['new.txt', 'root']);
    await h.admin('/delta/forget', {});
    const gone = await h.graph<{ error: { code: string; innerError: { code: string } } }>(after.deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: 'resyncRequired', innerError: { code: 'resyncChangesApplyDifferences' } });
    expect(gone.headers.get('location')).toMatch(/\/root\/delta$/);
  });

  it('fails with 500 cannotSnapshotTree while the fault is on', async () => {
    h = await harness({ profile });
    await h.admin('/settings', { cannotSnapshotTree: 1 });
    const failed = await h.graph<{ error: { innerError: { code: string } } }>('/me/drive/root/delta');
    expect(failed.status).toBe(500);
    expect(failed.body.error.innerError.code).toBe('cannotSnapshotTree');
    expect((await h.graph('/me/drive/root/delta')).status).toBe(200);
  });

  it('builds delta links from the Host and X-Forwarded-Proto the client used', async () => {
    h = await harness({ profile });
    const r = await rawGet<Page>(`${h.emulator.graphUrl}/me/drive/root/delta`, { host: 'graph.microsoft.com', 'x-forwarded-proto': 'https', authorization: `Bearer ${h.token}` });
    expect(r.body['@odata.deltaLink']).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/me\/drive\/root\/delta\?token=/);
  });
});

describe('delta differences between profiles', () => {
  it('business can be switched to give delta items a parentReference.path (unclear in the real service)', async () => {
    h = await harness({ profile: 'business' });
    await h.admin('/seed', { items: [{ path: 'w/sub/f.txt', content: 'f' }] });
    expect((await drain(h, '/me/drive/root/delta')).items.every((i) => i.parentReference.path === undefined)).toBe(true);
    await h.admin('/settings', { deltaParentPath: true });
    const f = (await drain(h, '/me/drive/root/delta')).items.find((i) => i.name === 'f.txt')!;
    expect(f.parentReference.path).toMatch(/root:\/w\/sub$/);
  });

  it('business allows delta only on the root', async () => {
    h = await harness({ profile: 'business' });
    await h.admin('/seed', { items: [{ path: 'f', folder: true }] });
    expect((await h.graph('/me/drive/root:/f:/delta')).status).toBe(400);
  });

  it('personal allows delta on a folder and shows childCount 0 there (the service bug)', async () => {
    h = await harness({ profile: 'personal' });
    await h.admin('/seed', { items: [{ path: 'f/g/h.txt', content: 'h' }, { path: 'other.txt', content: 'o' }] });
    const r = await drain(h, '/me/drive/root:/f:/delta');
    expect(r.items.map((i) => i.name).sort()).toEqual(['f', 'g', 'h.txt']);
    expect(r.items.find((i) => i.name === 'g')!.folder).toEqual({ childCount: 0 });
    expect((await h.graph<Item>('/me/drive/root:/f/g')).body.folder).toEqual({ childCount: 1 });
  });

  it('personal folder delta: what moves out is told as deleted, a folder moving in brings its contents', async () => {
    h = await harness({ profile: 'personal' });
    await h.admin('/seed', { items: [{ path: 'A/x.txt', content: 'x' }, { path: 'B/sub/deep/y.txt', content: 'y' }] });
    const start = await drain(h, '/me/drive/root:/A:/delta');
    await h.admin('/change', { changes: [{ op: 'move', path: 'A/x.txt', to: 'B' }, { op: 'move', path: 'B/sub', to: 'A' }] });
    const next = await drain(h, start.deltaLink);
    const x = next.items.find((i) => i.id === start.items.find((s) => s.name === 'x.txt')!.id)!;
    expect(x.deleted).toBeDefined();
    expect(next.items.filter((i) => !i.deleted).map((i) => i.name).sort()).toEqual(['A', 'deep', 'sub', 'y.txt']);
  });

  it('can shuffle the order of a page', async () => {
    h = await harness({ profile: 'personal' });
    await h.admin('/seed', { items: Array.from({ length: 30 }, (_, i) => ({ path: `s/${String(i).padStart(2, '0')}`, size: 1 })) });
    await h.admin('/settings', { deltaShuffle: true });
    const orders = new Set<string>();
    for (let i = 0; i < 4; i++) orders.add((await drain(h, '/me/drive/root/delta')).items.map((x) => x.name).join(','));
    expect(orders.size).toBeGreaterThan(1);
  });
});
