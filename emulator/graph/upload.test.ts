import { request } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytes, startKit, type Kit } from './content.testkit.js';
import { QuickXor } from './quickxor.js';
import { startEmulator } from '../server.js';

let kit: Kit | undefined;
afterEach(async () => { await kit?.e.close(); kit = undefined; });

const UNIT = 327_680;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function session(k: Kit, path: string, item: Json = {}, extra: Json = {}): Promise<Json> {
  const r = await k.g(`/me/drive/root:/${path}:/createUploadSession`, { method: 'POST', body: JSON.stringify({ item, ...extra }) });
  expect(r.status).toBe(200);
  return (await r.json()) as Json;
}

/** A Graph call as the TLS proxy forwards it: Host graph.microsoft.com, X-Forwarded-Proto https (fetch cannot set Host). */
function viaProxy(k: Kit, path: string, method: string, body?: string): Promise<Json> {
  return new Promise<Json>((resolve, reject) => {
    const req = request(new URL(`${k.e.graphUrl}${path}`), {
      method,
      headers: { host: 'graph.microsoft.com', 'x-forwarded-proto': 'https', authorization: `Bearer ${k.token}`, 'content-type': 'application/json' },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve(JSON.parse(text) as Json));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function chunk(url: string, data: Buffer, start: number, end: number, total = data.length): Promise<Response> {
  return fetch(url, { method: 'PUT', body: data.subarray(start, end + 1), headers: { 'content-range': `bytes ${start}-${end}/${total}` } });
}

describe.each(['personal', 'business'] as const)('uploads on %s', (profile) => {
  it('creates a file by path (201) and replaces it by id (200, same id), hashing with quickXorHash', async () => {
    kit = await startKit(profile);
    const first = await kit.put('notes.txt', 'first');
    expect(first.status).toBe(201);
    const made = (await first.json()) as Json;
    expect(made.file.hashes.quickXorHash).toBe(new QuickXor().update(Buffer.from('first')).digest());
    expect(made.file.hashes.sha1Hash).toBeUndefined();
    const data = bytes(5000);
    const again = await kit.g(`/me/drive/items/${encodeURIComponent(made.id)}/content`, { method: 'PUT', body: data });
    expect(again.status).toBe(200);
    const replaced = (await again.json()) as Json;
    expect(replaced).toMatchObject({ id: made.id, size: 5000 });
    expect(replaced.file.hashes.quickXorHash).toBe(new QuickXor().update(data).digest());
    expect(replaced.cTag).not.toBe(made.cTag);
    const failing = await kit.put('notes.txt', 'x', '?@microsoft.graph.conflictBehavior=fail');
    expect(failing.status).toBe(409);
    expect(await failing.json()).toMatchObject({ error: { code: 'nameAlreadyExists' } });
  });

  it('makes missing folders along the path of a simple upload, but not of an upload session', async () => {
    kit = await startKit(profile);
    const r = await kit.g(`/me/drive/root:/new/deeper/${encodeURIComponent('f.txt')}:/content`, { method: 'PUT', body: 'x' });
    expect(r.status).toBe(201);
    expect(await kit.json<Json>('/me/drive/root:/new/deeper')).toMatchObject({ name: 'deeper', folder: expect.any(Object) });
    const s = await kit.g('/me/drive/root:/absent/g.txt:/createUploadSession', { method: 'POST', body: '{}' });
    expect(s.status).toBe(404);
  });

  it('uploads a session in 320 KiB chunks: 202 with nextExpectedRanges, GET status, 201 with fileSystemInfo applied, no Authorization on chunks', async () => {
    kit = await startKit(profile);
    const data = bytes(2 * UNIT + 1234, 7);
    const mtime = '2021-03-04T05:06:07Z';
    const s = await session(kit, 'big.bin', { fileSystemInfo: { createdDateTime: mtime, lastModifiedDateTime: mtime } });
    expect(s.nextExpectedRanges).toEqual(['0-']);
    const r1 = await chunk(s.uploadUrl, data, 0, 2 * UNIT - 1);
    expect(r1.status).toBe(202);
    const open = profile === 'personal' ? `${2 * UNIT}-` : `${2 * UNIT}-${data.length - 1}`;
    expect(await r1.json()).toMatchObject({ nextExpectedRanges: [open], expirationDateTime: expect.any(String) });
    expect(await (await fetch(s.uploadUrl)).json()).toMatchObject({ nextExpectedRanges: [open] });
    const r2 = await chunk(s.uploadUrl, data, 2 * UNIT, data.length - 1);
    expect(r2.status).toBe(201);
    const item = (await r2.json()) as Json;
    expect(item).toMatchObject({ name: 'big.bin', size: data.length, fileSystemInfo: { lastModifiedDateTime: expect.stringMatching(/^2021-03-04T05:06:07(\.000)?Z$/) } });
    expect(item.file.hashes.quickXorHash).toBe(new QuickXor().update(data).digest());
    const down = await fetch(item['@microsoft.graph.downloadUrl']);
    expect(Buffer.from(await down.arrayBuffer()).equals(data)).toBe(true);
  });

  it('refuses chunks that break the rules: size, order, overlap, total; cancels with DELETE', async () => {
    kit = await startKit(profile);
    const data = bytes(3 * UNIT);
    const s = await session(kit, 'rules.bin');
    const odd = await chunk(s.uploadUrl, data, 0, 1000);
    expect(odd.status).toBe(400);
    expect((await chunk(s.uploadUrl, data, UNIT, 2 * UNIT - 1)).status).toBe(416);
    expect((await chunk(s.uploadUrl, data, 0, UNIT - 1)).status).toBe(202);
    const overlap = await chunk(s.uploadUrl, data, 0, UNIT - 1);
    expect(overlap.status).toBe(416);
    expect(await overlap.json()).toMatchObject({ error: { code: 'invalidRange', innerError: { code: 'fragmentOverlap' } } });
    const ahead = await chunk(s.uploadUrl, data, 2 * UNIT, 3 * UNIT - 1);
    expect(await ahead.json()).toMatchObject({ error: { innerError: { code: 'fragmentOutOfOrder' } } });
    expect((await chunk(s.uploadUrl, data, UNIT, 2 * UNIT - 1, data.length + 1)).status).toBe(400);
    const noRange = await fetch(s.uploadUrl, { method: 'PUT', body: data.subarray(UNIT, 2 * UNIT) });
    expect(noRange.status).toBe(400);
    expect((await fetch(s.uploadUrl, { method: 'DELETE' })).status).toBe(204);
    expect((await chunk(s.uploadUrl, data, UNIT, 2 * UNIT - 1)).status).toBe(404);
    expect((await kit.g('/me/drive/root:/rules.bin')).status).toBe(404);
  });

  it('keeps upload and download capabilities out of the request log', async () => {
    kit = await startKit(profile);
    const s = await session(kit, 'secret.txt');
    const item = (await (await chunk(s.uploadUrl, Buffer.from('hi'), 0, 1)).json()) as Json;
    await fetch(item['@microsoft.graph.downloadUrl'] as string);
    const log = JSON.stringify(await (await kit.admin('/requests')).json());
    expect(log).toContain('/_upload/[redacted]');
    expect(log).not.toContain(new URL(s.uploadUrl as string).pathname.split('/').pop());
    expect(log).not.toContain(new URL(item['@microsoft.graph.downloadUrl'] as string).searchParams.get('tempauth'));
  });

  it('refuses a fragment of 60 MiB or more with 413 before reading it', async () => {
    kit = await startKit(profile);
    const s = await session(kit, 'huge.bin');
    const r = await fetch(s.uploadUrl, { method: 'PUT', body: 'x', headers: { 'content-range': `bytes 0-${60 * 1024 * 1024 - 1}/${100 * 1024 * 1024}` } });
    expect(r.status).toBe(413);
  });

  it('holds a deferCommit session after the last byte until it is POSTed', async () => {
    kit = await startKit(profile);
    const s = await session(kit, 'later.txt', {}, { deferCommit: true });
    const last = await chunk(s.uploadUrl, Buffer.from('done'), 0, 3);
    expect(last.status).toBe(202);
    expect((await kit.g('/me/drive/root:/later.txt')).status).toBe(404);
    const commit = await fetch(s.uploadUrl, { method: 'POST' });
    expect(commit.status).toBe(201);
    expect(await commit.json()).toMatchObject({ name: 'later.txt', size: 4 });
  });

  it('keeps nothing of a chunk whose connection drops mid-body, so the client can resend it', async () => {
    kit = await startKit(profile);
    const data = bytes(3 * UNIT, 9);
    const s = await session(kit, 'dropped.bin');
    expect((await chunk(s.uploadUrl, data, 0, UNIT - 1)).status).toBe(202);
    await kit.admin('/faults', { method: 'PUT', path: '/_upload/*', drop: 'request', afterBytes: 100_000, count: 1 });
    await expect(chunk(s.uploadUrl, data, UNIT, 2 * UNIT - 1)).rejects.toThrow();
    expect(await (await fetch(s.uploadUrl)).json()).toMatchObject({ nextExpectedRanges: [expect.stringMatching(new RegExp(`^${UNIT}-`))] });
    expect((await chunk(s.uploadUrl, data, UNIT, 2 * UNIT - 1)).status).toBe(202);
    const done = await chunk(s.uploadUrl, data, 2 * UNIT, 3 * UNIT - 1);
    expect(done.status).toBe(201);
    expect(((await done.json()) as Json).file.hashes.quickXorHash).toBe(new QuickXor().update(data).digest());
  });

  it('answers 404 once the admin expires the session, and for a made-up upload URL', async () => {
    kit = await startKit(profile);
    const data = bytes(UNIT * 2);
    const s = await session(kit, 'exp.bin');
    expect((await chunk(s.uploadUrl, data, 0, UNIT - 1)).status).toBe(202);
    expect(((await (await kit.admin('/content/uploads')).json()) as Json).value).toHaveLength(1);
    expect((await kit.admin('/content/uploads/expire', {})).status).toBe(200);
    const late = await chunk(s.uploadUrl, data, UNIT, 2 * UNIT - 1);
    expect(late.status).toBe(404);
    expect((await fetch(`${kit.e.origin}/_upload/nonsense`)).status).toBe(404);
  });

  it('applies conflictBehavior at commit: fail gives 409 nameAlreadyExists when the name was taken meanwhile, rename picks a free name', async () => {
    kit = await startKit(profile);
    const data = bytes(1000);
    const failing = await session(kit, 'race.txt', { '@microsoft.graph.conflictBehavior': 'fail' });
    const renaming = await session(kit, 'race.txt', { '@microsoft.graph.conflictBehavior': 'rename' });
    expect((await kit.put('race.txt', 'someone else')).status).toBe(201);
    const lost = await chunk(failing.uploadUrl, data, 0, 999);
    expect(lost.status).toBe(409);
    expect(await lost.json()).toMatchObject({ error: { code: 'nameAlreadyExists' } });
    const renamed = await chunk(renaming.uploadUrl, data, 0, 999);
    expect(renamed.status).toBe(201);
    expect(((await renamed.json()) as Json).name).toBe('race 1.txt');
  });

  it('replaces an existing file through a session by default, keeping its id (200) and adding a version', async () => {
    kit = await startKit(profile);
    const made = (await (await kit.put('doc.txt', 'v1')).json()) as Json;
    const s = await session(kit, 'doc.txt');
    const done = await chunk(s.uploadUrl, Buffer.from('version two'), 0, 10);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ id: made.id, size: 11 });
    const versions = await kit.json<{ value: Json[] }>(`/me/drive/items/${encodeURIComponent(made.id)}/versions`);
    expect(versions.value).toHaveLength(2);
  });

  it('answers 507 quotaLimitReached when the quota is spent, for sessions and simple uploads', async () => {
    kit = await startKit(profile);
    expect((await kit.admin('/content/quota', { total: 2000 })).status).toBe(200);
    expect((await kit.put('small.txt', bytes(1500))).status).toBe(201);
    const simple = await kit.put('more.txt', bytes(1000));
    expect(simple.status).toBe(507);
    expect(await simple.json()).toMatchObject({ error: { code: 'quotaLimitReached' } });
    const s = await session(kit, 'more.bin');
    expect((await chunk(s.uploadUrl, bytes(1000), 0, 999)).status).toBe(507);
    const drive = await kit.json<Json>('/me/drive');
    expect(drive.quota).toMatchObject({ total: 2000, used: 1500 });
  });

  it('names the real service\'s upload and download hosts when reached as graph.microsoft.com, and serves them by path', async () => {
    kit = await startKit(profile);
    const s = await viaProxy(kit, '/me/drive/root:/p.txt:/createUploadSession', 'POST', '{}');
    const upload = new URL(s.uploadUrl as string);
    if (profile === 'personal') expect(upload.href).toMatch(/^https:\/\/[a-z]+\.up\.1drv\.com\/up\/[A-Za-z0-9_-]{43}$/);
    else expect(upload.href).toMatch(/^https:\/\/contoso-my\.sharepoint\.com\/personal\/[^/]+\/_api\/v2\.0\/drive\/uploadSession\/[A-Za-z0-9_-]{43}$/);
    // The proxy brings every host back to the emulator: the same path on our origin is the same session.
    const done = await fetch(`${kit.e.origin}${upload.pathname}`, { method: 'PUT', body: 'hi', headers: { 'content-range': 'bytes 0-1/2' } });
    expect(done.status).toBe(201);
    const item = await viaProxy(kit, '/me/drive/root:/p.txt', 'GET');
    const download = new URL(item['@microsoft.graph.downloadUrl'] as string);
    expect(download.hostname).toBe(profile === 'personal' ? 'public.files.1drv.com' : 'contoso-my.sharepoint.com');
    expect(await (await fetch(`${kit.e.origin}${download.pathname}${download.search}`)).text()).toBe('hi');
  });

  it('answers 401 to a chunk that carries Authorization when that switch is on', async () => {
    kit = await startKit(profile);
    await kit.admin('/content/settings', { refuseTokenOnUploadUrl: true });
    const s = await session(kit, 'tok.txt');
    const withToken = await fetch(s.uploadUrl, { method: 'PUT', body: 'hi', headers: { 'content-range': 'bytes 0-1/2', authorization: `Bearer ${kit.token}` } });
    expect(withToken.status).toBe(401);
    expect((await chunk(s.uploadUrl, Buffer.from('hi'), 0, 1)).status).toBe(201);
  });

  it('reads conflictBehavior in the OneDrive spelling (@name.conflictBehavior) too', async () => {
    kit = await startKit(profile);
    await kit.put('n.txt', 'one');
    const s = await session(kit, 'n.txt', { '@name.conflictBehavior': 'rename' });
    const r = await chunk(s.uploadUrl, Buffer.from('two'), 0, 2);
    expect(((await r.json()) as Json).name).toBe('n 1.txt');
    expect((await kit.put('n.txt', 'x', '?@name.conflictBehavior=fail')).status).toBe(409);
  });

  it('refuses an invalid name before any byte is sent', async () => {
    kit = await startKit(profile);
    const r = await kit.g(`/me/drive/root:/${encodeURIComponent('bad|name.txt')}:/createUploadSession`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(400);
  });
});

describe('legacy SHA1 on personal', () => {
  it('adds sha1Hash (upper-case hex) when the switch is on, for simple and session uploads', async () => {
    kit = await startKit('personal');
    kit.e.context.store.settings.legacySha1 = true;
    const simple = (await (await kit.put('s.txt', 'abc')).json()) as Json;
    expect(simple.file.hashes.sha1Hash).toBe('A9993E364706816ABA3E25717850C26C9CD0D89D');
    const s = await session(kit, 't.txt');
    const done = (await (await chunk(s.uploadUrl, Buffer.from('abc'), 0, 2)).json()) as Json;
    expect(done.file.hashes.sha1Hash).toBe('A9993E364706816ABA3E25717850C26C9CD0D89D');
  });
});

describe('SharePoint rewriting Office files (officeRewrite)', () => {
  const sum = (d: string | Buffer) => new QuickXor().update(typeof d === 'string' ? Buffer.from(d) : d).digest();

  it('answer: a business upload of an Office file is stored with bytes added and answered so; other files and personal drives are kept as sent', async () => {
    kit = await startKit('business');
    expect(((await (await kit.admin('/settings', { officeRewrite: 'answer' })).json()) as Json).officeRewrite).toBe('answer');
    const doc = (await (await kit.put('plan.docx', 'v1')).json()) as Json;
    expect(doc.size).toBeGreaterThan(2);
    expect(doc.file.hashes.quickXorHash).not.toBe(sum('v1'));
    const stored = Buffer.from(await (await fetch((await kit.json<Json>(`/me/drive/items/${doc.id}`))['@microsoft.graph.downloadUrl'])).arrayBuffer());
    expect(stored.subarray(0, 2).toString()).toBe('v1');
    expect(doc.file.hashes.quickXorHash).toBe(sum(stored));
    // Sent back as stored, it is kept: SharePoint does not rewrite a file it already processed.
    expect(((await (await kit.put('plan.docx', stored)).json()) as Json).size).toBe(stored.length);
    expect(((await (await kit.put('notes.txt', 'v1')).json()) as Json).size).toBe(2);
    await kit.e.close();
    kit = await startKit('personal');
    await kit.admin('/settings', { officeRewrite: 'answer' });
    expect(((await (await kit.put('plan.docx', 'v1')).json()) as Json).size).toBe(2);
  });

  it('after: the answer shows what was sent; the rewrite follows as a new version with the same modification time', async () => {
    kit = await startKit('business');
    await kit.admin('/settings', { officeRewrite: 'after' });
    const s = await session(kit, 'deck.pptx', { fileSystemInfo: { lastModifiedDateTime: '2026-01-02T03:04:05Z' } });
    const answer = (await (await chunk(s.uploadUrl, Buffer.from('slides'), 0, 5)).json()) as Json;
    expect(answer.size).toBe(6);
    const now = await kit.json<Json>(`/me/drive/items/${answer.id}`);
    expect(now.size).toBeGreaterThan(6);
    expect(now.eTag).not.toBe(answer.eTag);
    expect(now.fileSystemInfo.lastModifiedDateTime).toBe('2026-01-02T03:04:05Z');
  });
});

describe('uploads under --data', () => {
  it('keep their bytes as blob files and survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stratus-upload-'));
    try {
      kit = await startKit('personal', { dataDir: dir });
      const data = bytes(UNIT + 10, 4);
      const s = await session(kit, 'kept.bin');
      expect((await chunk(s.uploadUrl, data, 0, UNIT - 1)).status).toBe(202);
      const made = (await (await chunk(s.uploadUrl, data, UNIT, data.length - 1)).json()) as Json;
      await kit.e.close();
      kit = undefined;
      expect((await readdir(join(dir, 'blobs'))).length).toBe(1);
      const again = await startEmulator({ profile: 'personal', dataDir: dir });
      try {
        const token = ((await (await fetch(`${again.adminUrl}/tokens`, { method: 'POST', body: '{}' })).json()) as Json).access_token as string;
        const item = (await (await fetch(`${again.graphUrl}/me/drive/items/${encodeURIComponent(made.id as string)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
        expect(item.file.hashes.quickXorHash).toBe(made.file.hashes.quickXorHash);
        const got = Buffer.from(await (await fetch(item['@microsoft.graph.downloadUrl'] as string)).arrayBuffer());
        expect(got.equals(data)).toBe(true);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
