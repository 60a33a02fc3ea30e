// Bandwidth limits at the transport: upload bodies and download bodies against the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/server.js';
import { AccountBandwidth, parseBwLimit } from './bandwidth.js';
import { GraphClient } from './client.js';
import { Pacer } from './pacer.js';
import { emulatorTokens } from './test/harness.js';

const MiB = 1024 * 1024;
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(concurrency = 8) {
  emulator = await startEmulator({ profile: 'personal' });
  const bandwidth = new AccountBandwidth();
  const client = new GraphClient({
    accountId: 'acct', tokens: emulatorTokens(emulator).provider, baseUrl: emulator.graphUrl,
    pacer: new Pacer('acct', { minSpacingMs: 0, concurrency }), bandwidth, timeoutMs: 5000,
  });
  return { client, bandwidth };
}

/** One whole-file chunk to a fresh upload session; resolves with the seconds the PUT took. */
async function upload(client: GraphClient, name: string, bytes: Uint8Array, onBodySent?: (n: number) => void): Promise<number> {
  const s = await client.json<{ uploadUrl: string }>('POST', `/me/drive/root:/${name}:/createUploadSession`, { json: {} });
  const started = performance.now();
  const item = await client.json<{ id: string; size: number }>('PUT', s.uploadUrl, {
    auth: false, body: bytes, headers: { 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` }, onBodySent,
  });
  expect(item.size).toBe(bytes.length);
  return (performance.now() - started) / 1000;
}

async function download(client: GraphClient, name: string): Promise<{ secs: number; bytes: number }> {
  const started = performance.now();
  const res = await client.stream('GET', `/me/drive/root:/${name}:/content`);
  let bytes = 0;
  for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) bytes += c.length;
  return { secs: (performance.now() - started) / 1000, bytes };
}

describe('bandwidth limits on the wire', () => {
  it('paces an upload body to the limit and reports its bytes as they go', async () => {
    const { client, bandwidth } = await setup();
    bandwidth.set(parseBwLimit('2M:off'));
    const sent: number[] = [];
    const secs = await upload(client, 'up.bin', new Uint8Array(MiB).fill(3), (n) => sent.push(n));
    const expected = (MiB - bandwidth.up.burst) / (2 * MiB);
    expect(secs).toBeGreaterThan(expected * 0.95);
    expect(secs).toBeLessThan(expected * 1.5 + 0.2);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(MiB);
  });

  it('paces a download body; two downloads of the account share the budget', async () => {
    const { client, bandwidth } = await setup();
    await upload(client, 'a.bin', new Uint8Array(MiB).fill(1));
    await upload(client, 'b.bin', new Uint8Array(MiB).fill(2));
    bandwidth.set(parseBwLimit('off:4M'));
    const [a, b] = await Promise.all([download(client, 'a.bin'), download(client, 'b.bin')]);
    expect(a.bytes + b.bytes).toBe(2 * MiB);
    const expected = (2 * MiB - bandwidth.down.burst) / (4 * MiB);
    const last = Math.max(a.secs, b.secs);
    expect(last).toBeGreaterThan(expected * 0.95);
    expect(last).toBeLessThan(expected * 1.5 + 0.2);
    // Shared in turns: the first to finish is not done long before the other.
    expect(Math.min(a.secs, b.secs)).toBeGreaterThan(expected * 0.7);
  });

  it('API calls of the account get through while limited uploads fill the pacer', async () => {
    const { client, bandwidth } = await setup(2);
    bandwidth.set(parseBwLimit('32k:off'));
    const ac = new AbortController();
    // Each 256 KiB takes about 8 s at 32 KiB/s: without a slot left over, the listing would wait that long.
    const uploads = ['u1.bin', 'u2.bin'].map(async (name) => {
      const s = await client.json<{ uploadUrl: string }>('POST', `/me/drive/root:/${name}:/createUploadSession`, { json: {} });
      return client.json('PUT', s.uploadUrl, { auth: false, body: new Uint8Array(256 * 1024), signal: ac.signal, headers: { 'content-range': `bytes 0-${256 * 1024 - 1}/${256 * 1024}` } }).catch((e: unknown) => e);
    });
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    await client.json('GET', '/me/drive/root/children');
    expect(performance.now() - started).toBeLessThan(1500);
    ac.abort();
    for (const e of await Promise.all(uploads)) expect(e).toMatchObject({ kind: 'cancelled' });
  });

  it('off moves bytes at full speed, and a body that is not file content is never paced', async () => {
    const { client, bandwidth } = await setup();
    bandwidth.set(parseBwLimit('off'));
    expect(await upload(client, 'fast.bin', new Uint8Array(4 * MiB))).toBeLessThan(1);
    expect((await download(client, 'fast.bin')).secs).toBeLessThan(1);
    bandwidth.set(parseBwLimit('16k'));
    // JSON requests and answers read with json() pass the 16 KiB/s limit untouched.
    const started = performance.now();
    for (let i = 0; i < 5; i++) await client.json('GET', '/me/drive/root/children');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
