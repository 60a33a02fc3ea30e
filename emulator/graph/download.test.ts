import { afterEach, describe, expect, it } from 'vitest';
import { bytes, startKit, type Kit } from './content.testkit.js';

let kit: Kit | undefined;
afterEach(async () => { await kit?.e.close(); kit = undefined; });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function file(k: Kit, name: string, data: Buffer): Promise<Json> {
  const r = await k.put(name, data);
  expect(r.status).toBe(201);
  return (await r.json()) as Json;
}

describe.each(['personal', 'business'] as const)('downloads on %s', (profile) => {
  it('answers GET content with 302 to a URL that needs no Authorization, also given on the item', async () => {
    kit = await startKit(profile);
    const data = bytes(100_000, 3);
    const item = await file(kit, 'd.bin', data);
    const r = await kit.g(`/me/drive/items/${encodeURIComponent(item.id)}/content`);
    expect(r.status).toBe(302);
    const location = r.headers.get('location')!;
    const got = await fetch(location);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe('100000');
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    const again = await kit.json<Json>(`/me/drive/items/${encodeURIComponent(item.id)}`);
    expect(again['@microsoft.graph.downloadUrl']).toMatch(/\/_download\?/);
    const byPath = await kit.g('/me/drive/root:/d.bin:/content');
    expect(byPath.status).toBe(302);
  });

  it('honours Range (206), refuses an unsatisfiable one (416) and answers If-None-Match with 304', async () => {
    kit = await startKit(profile);
    const data = bytes(10_000, 5);
    const item = await file(kit, 'r.bin', data);
    const url = item['@microsoft.graph.downloadUrl'] as string;
    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/10000');
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(100, 200))).toBe(true);
    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(9990))).toBe(true);
    const open = await fetch(url, { headers: { range: 'bytes=9000-' } });
    expect((await open.arrayBuffer()).byteLength).toBe(1000);
    const bad = await fetch(url, { headers: { range: 'bytes=20000-' } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */10000');
    const etag = (await fetch(url, { method: 'HEAD' })).headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const viaGraph = await kit.g(`/me/drive/items/${encodeURIComponent(item.id)}/content`, { headers: { 'if-none-match': item.cTag ?? item.eTag } });
    expect(viaGraph.status).toBe(304);
  });

  it('refuses a tampered or expired download URL', async () => {
    kit = await startKit(profile);
    const item = await file(kit, 't.bin', bytes(10));
    const url = new URL(item['@microsoft.graph.downloadUrl'] as string);
    url.searchParams.set('item', 'someone-elses');
    expect((await fetch(url)).status).toBe(401);
    await kit.admin('/content/settings', { downloadUrlLifetimeMs: -1000 });
    const stale = (await kit.json<Json>(`/me/drive/items/${encodeURIComponent(item.id)}`))['@microsoft.graph.downloadUrl'] as string;
    expect((await fetch(stale)).status).toBe(401);
  });

  it('answers 403 with X-Virus-Infected for a malware-flagged file', async () => {
    kit = await startKit(profile);
    const item = await file(kit, 'evil.exe', bytes(10));
    expect((await kit.admin('/content/malware', { id: item.id })).status).toBe(200);
    const r = await kit.g(`/me/drive/items/${encodeURIComponent(item.id)}/content`);
    expect(r.status).toBe(403);
    expect(r.headers.get('x-virus-infected')).toBeTruthy();
    expect(await r.json()).toMatchObject({ error: { code: 'malwareDetected' } });
    expect((await fetch(item['@microsoft.graph.downloadUrl'] as string)).status).toBe(403);
    await file(kit, 'also-evil.exe', bytes(10));
    expect(await (await kit.admin('/content/malware', { path: '/also-evil.exe' })).json()).toMatchObject({ infected: true });
    expect((await kit.g('/me/drive/root:/also-evil.exe:/content')).status).toBe(403);
    await kit.admin('/content/malware', { path: '/also-evil.exe', infected: false });
    expect((await kit.g('/me/drive/root:/also-evil.exe:/content')).status).toBe(302);
  });

  it('refuses to download a folder, and answers 404 for a missing file', async () => {
    kit = await startKit(profile);
    expect((await kit.g('/me/drive/root/content')).status).toBe(400);
    const missing = await kit.g('/me/drive/root:/nothing-here.txt:/content');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'itemNotFound' } });
  });
});

describe('downloads under faults and pace', () => {
  it('drops a download mid-body when a rule says so, then serves it whole', async () => {
    kit = await startKit('personal');
    const data = bytes(200_000);
    const item = await file(kit, 'cut.bin', data);
    await kit.admin('/faults', { path: '/_download', drop: 'response', count: 1 });
    const cut = await fetch(item['@microsoft.graph.downloadUrl'] as string);
    expect(cut.status).toBe(200);
    await expect(cut.arrayBuffer()).rejects.toThrow();
    const whole = await fetch(item['@microsoft.graph.downloadUrl'] as string);
    expect(Buffer.from(await whole.arrayBuffer()).equals(data)).toBe(true);
  });

  it('paces download bodies to the bandwidth cap', async () => {
    kit = await startKit('personal');
    const data = bytes(600_000);
    const item = await file(kit, 'slow.bin', data);
    await fetch(`${kit.e.adminUrl}/pace`, { method: 'PUT', body: JSON.stringify({ downloadBytesPerSecond: 1_000_000 }) });
    const t = performance.now();
    const got = Buffer.from(await (await fetch(item['@microsoft.graph.downloadUrl'] as string)).arrayBuffer());
    expect(got.equals(data)).toBe(true);
    // 600 kB at 1 MB/s: 0.6 s less the first 64 KiB slice.
    expect(performance.now() - t).toBeGreaterThanOrEqual(450);
  });
});
