import { afterEach, describe, expect, it } from 'vitest';
import { startKit, type Kit } from './content.testkit.js';

let kit: Kit | undefined;
afterEach(async () => { await kit?.e.close(); kit = undefined; });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function fileWithLinkRoute(k: Kit): Promise<{ id: string; link: (body: Json) => Promise<Response> }> {
  const item = (await (await k.put('share.txt', 'hello')).json()) as Json;
  const path = `/me/drive/items/${encodeURIComponent(item.id as string)}`;
  return {
    id: item.id as string,
    link: (body) => k.g(`${path}/createLink`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('share links on personal', () => {
  it('makes a 1drv.ms view link (201), gives the same link again (200), and an edit link with the write role', async () => {
    kit = await startKit('personal');
    const f = await fileWithLinkRoute(kit);
    const first = await f.link({ type: 'view', scope: 'anonymous' });
    expect(first.status).toBe(201);
    const perm = (await first.json()) as Json;
    expect(perm).toMatchObject({ roles: ['read'], hasPassword: false, link: { type: 'view', scope: 'anonymous', webUrl: expect.stringMatching(/^https:\/\/1drv\.ms\/u\/s!/) } });
    const again = await f.link({ type: 'view' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Json).id).toBe(perm.id);
    const edit = (await (await f.link({ type: 'edit', scope: 'anonymous' })).json()) as Json;
    expect(edit.roles).toEqual(['write']);
  });

  it('makes embed links with webHtml, and refuses business-only scopes', async () => {
    kit = await startKit('personal');
    const f = await fileWithLinkRoute(kit);
    const embed = await f.link({ type: 'embed' });
    expect(embed.status).toBe(201);
    expect(await embed.json()).toMatchObject({ link: { type: 'embed', webHtml: expect.stringContaining('<iframe') } });
    expect((await f.link({ type: 'view', scope: 'organization' })).status).toBe(400);
    expect((await f.link({ type: 'view', scope: 'users' })).status).toBe(400);
    expect((await f.link({ type: 'share' })).status).toBe(400);
  });

  it('refuses a password or an expiry on a free account (accessDenied) and accepts them on a paid one', async () => {
    kit = await startKit('personal');
    const f = await fileWithLinkRoute(kit);
    const free = await f.link({ type: 'view', expirationDateTime: inAnHour() });
    expect(free.status).toBe(403);
    expect(await free.json()).toMatchObject({ error: { code: 'accessDenied' } });
    expect((await f.link({ type: 'view', password: 'pw' })).status).toBe(403);
    expect((await kit.admin('/content/accounts', { paidPersonal: true })).status).toBe(200);
    const expiry = inAnHour();
    const paid = await f.link({ type: 'view', password: 'pw', expirationDateTime: expiry });
    expect(paid.status).toBe(201);
    const perm = (await paid.json()) as Json;
    expect(perm).toMatchObject({ hasPassword: true, expirationDateTime: expiry });
    expect(JSON.stringify(perm)).not.toContain('"pw"');
  });
});

describe('share links on business', () => {
  it('makes anonymous and organization links with SharePoint URLs, refuses embed and passwords, accepts an expiry', async () => {
    kit = await startKit('business');
    const f = await fileWithLinkRoute(kit);
    const anon = await f.link({ type: 'view', scope: 'anonymous' });
    expect(anon.status).toBe(201);
    expect(await anon.json()).toMatchObject({ link: { webUrl: expect.stringMatching(/^https:\/\/contoso-my\.sharepoint\.com\/:t:\/g\/personal\/[^/]+\/\S+$/) } });
    const org = await f.link({ type: 'edit', scope: 'organization' });
    expect(org.status).toBe(201);
    expect(await org.json()).toMatchObject({ roles: ['write'], link: { scope: 'organization' } });
    expect((await f.link({ type: 'embed' })).status).toBe(400);
    expect((await f.link({ type: 'view', password: 'pw' })).status).toBe(400);
    expect((await f.link({ type: 'view', scope: 'anonymous', expirationDateTime: inAnHour() })).status).toBe(201);
  });

  it('refuses anonymous links when the admin switch forbids them', async () => {
    kit = await startKit('business');
    const f = await fileWithLinkRoute(kit);
    await kit.admin('/content/settings', { anonymousLinksDisabled: true });
    const r = await f.link({ type: 'view', scope: 'anonymous' });
    expect(r.status).toBe(400);
    expect((await f.link({ type: 'view', scope: 'organization' })).status).toBe(201);
  });
});

describe.each(['personal', 'business'] as const)('permissions on %s', (profile) => {
  it('lists the links, shows them in the admin tree, and removes one', async () => {
    kit = await startKit(profile);
    const f = await fileWithLinkRoute(kit);
    const perm = (await (await f.link({ type: 'view' })).json()) as Json;
    const path = `/me/drive/items/${encodeURIComponent(f.id)}/permissions`;
    expect((await kit.json<{ value: Json[] }>(path)).value.map((p) => p.id)).toEqual([perm.id]);
    const tree = JSON.stringify(await (await kit.admin('/tree')).json());
    expect(tree).toContain(perm.link.webUrl as string);
    expect((await kit.g(`${path}/${perm.id as string}`, { method: 'DELETE' })).status).toBe(204);
    expect((await kit.json<{ value: Json[] }>(path)).value).toEqual([]);
    expect((await kit.g(`${path}/${perm.id as string}`)).status).toBe(404);
  });
});
