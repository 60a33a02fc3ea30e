import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../server.js';
import { parseArgs } from '../options.js';
import { FaultRules } from './rules.js';

let emulator: Emulator | undefined;
afterEach(async () => { await emulator?.close(); emulator = undefined; });

async function start(): Promise<{ e: Emulator; auth: Record<string, string> }> {
  const e = await startEmulator({ profile: 'personal' });
  emulator = e;
  const r = await fetch(`${e.adminUrl}/tokens`, { method: 'POST', body: '{}' });
  const token = ((await r.json()) as { access_token: string }).access_token;
  return { e, auth: { authorization: `Bearer ${token}` } };
}

async function addRule(e: Emulator, rule: unknown): Promise<Response> {
  return fetch(`${e.adminUrl}/faults`, { method: 'POST', body: JSON.stringify(rule) });
}

const openid = (e: Emulator) => `${e.origin}/common/v2.0/.well-known/openid-configuration`;
const tokenUrl = (e: Emulator) => `${e.origin}/common/oauth2/v2.0/token`;

describe('fault rules', () => {
  it('answers 429 with Retry-After and a Graph error body, a set number of times, then lets requests through', async () => {
    const { e, auth } = await start();
    expect((await addRule(e, { method: 'GET', path: '/v1.0/me/drive', status: 429, retryAfter: 7, count: 2 })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${e.graphUrl}/me/drive`, { headers: auth });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(await r.json()).toMatchObject({ error: { code: 'activityLimitReached', innerError: { code: 'throttledRequest' } } });
    }
    expect((await fetch(`${e.graphUrl}/me/drive`, { headers: auth })).status).toBe(200);
    expect(((await (await fetch(`${e.adminUrl}/faults`)).json()) as { value: unknown[] }).value).toEqual([]);
  });

  it('matches by method, glob and regex, skips the first matches when asked, and is cleared from the admin API', async () => {
    const { e, auth } = await start();
    await addRule(e, { method: 'POST', path: '/v1.0/**', status: 500 });
    await addRule(e, { regex: '^/v1\\.0/me/dr', status: 503, skip: 1 });
    expect((await fetch(`${e.graphUrl}/me/drive`, { headers: auth })).status).toBe(200);
    const second = await fetch(`${e.graphUrl}/me/drive`, { headers: auth });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ error: { code: 'serviceNotAvailable' } });
    const list = (await (await fetch(`${e.adminUrl}/faults`)).json()) as { value: Array<{ id: number; seen: number; fired: number }> };
    expect(list.value.map((r) => [r.seen, r.fired])).toEqual([[0, 0], [2, 1]]);
    await fetch(`${e.adminUrl}/faults/${list.value[1]!.id}`, { method: 'DELETE' });
    expect((await fetch(`${e.graphUrl}/me/drive`, { headers: auth })).status).toBe(200);
    await fetch(`${e.adminUrl}/faults`, { method: 'DELETE' });
    expect(((await (await fetch(`${e.adminUrl}/faults`)).json()) as { value: unknown[] }).value).toEqual([]);
  });

  it('refuses a rule it cannot apply, saying why', async () => {
    const { e } = await start();
    const r = await addRule(e, { path: '/v1.0/**', probability: 2, status: 500 });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: { message: expect.stringMatching(/probability/) } });
    expect((await addRule(e, { path: '/x' })).status).toBe(400);
    expect((await addRule(e, { regex: '(', status: 500 })).status).toBe(400);
  });

  it('fires with the given probability', () => {
    const rules = new FaultRules();
    rules.add({ status: 500, probability: 0.5 });
    const rolls = [0.1, 0.9, 0.49, 0.5];
    expect(rolls.map((x) => rules.match('GET', '/a', () => x)?.status)).toEqual([500, undefined, 500, undefined]);
  });

  it('slows a request down by delayMs', async () => {
    const { e, auth } = await start();
    await addRule(e, { path: '/v1.0/me/drive', delayMs: 150, count: 1 });
    const t = performance.now();
    expect((await fetch(`${e.graphUrl}/me/drive`, { headers: auth })).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('drops the connection after sending part of the answer', async () => {
    const { e } = await start();
    const whole = await (await fetch(openid(e))).text();
    await addRule(e, { path: '/common/v2.0/**', drop: 'response', count: 1 });
    const r = await fetch(openid(e));
    expect(r.status).toBe(200);
    await expect(r.text()).rejects.toThrow();
    expect((await fetch(openid(e))).ok).toBe(true);
    expect(whole.length).toBeGreaterThan(100);
  });

  it('drops the connection after reading part of the request body, and at once with drop "now"', async () => {
    const { e } = await start();
    await addRule(e, { method: 'POST', path: '/common/oauth2/v2.0/token', drop: 'request', afterBytes: 1000, count: 1 });
    const body = `grant_type=client_credentials&pad=${'x'.repeat(300_000)}`;
    await expect(fetch(tokenUrl(e), { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).rejects.toThrow();
    await addRule(e, { path: '/common/**', drop: 'now', count: 1 });
    await expect(fetch(openid(e))).rejects.toThrow();
    expect((await fetch(openid(e))).ok).toBe(true);
  });
});

describe('pace', () => {
  it('caps request bodies to the set bandwidth and sets the per-request latency', async () => {
    const { e } = await start();
    const set = await fetch(`${e.adminUrl}/pace`, { method: 'PUT', body: JSON.stringify({ uploadBytesPerSecond: 500_000, latencyMs: 20 }) });
    expect(await set.json()).toEqual({ latencyMs: 20, uploadBytesPerSecond: 500_000, downloadBytesPerSecond: null });
    const body = `grant_type=client_credentials&pad=${'x'.repeat(400_000)}`;
    const t = performance.now();
    const r = await fetch(tokenUrl(e), { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await r.arrayBuffer();
    // 400 kB at 500 kB/s: 0.8 s, less what the socket buffered before the hook ran (about 128 kB).
    expect(performance.now() - t).toBeGreaterThanOrEqual(450);
    await fetch(`${e.adminUrl}/pace`, { method: 'PUT', body: JSON.stringify({ bytesPerSecond: 0, latencyMs: 0 }) });
    const t2 = performance.now();
    await (await fetch(tokenUrl(e), { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).arrayBuffer();
    expect(performance.now() - t2).toBeLessThan(300);
  });
  it('starts with the bandwidth cap given on the command line', async () => {
    expect(parseArgs(['--bandwidth', '1000000']).bandwidth).toBe(1_000_000);
    emulator = await startEmulator({ bandwidth: 250_000 });
    expect(await (await fetch(`${emulator.adminUrl}/pace`)).json()).toMatchObject({ uploadBytesPerSecond: 250_000, downloadBytesPerSecond: 250_000 });
  });
});

describe('request log', () => {
  it('records method, path, status and time, never tokens', async () => {
    const { e, auth } = await start();
    await fetch(`${e.adminUrl}/requests`, { method: 'DELETE' });
    await fetch(`${e.graphUrl}/me/drive?access_token=sekrit`, { headers: auth });
    await addRule(e, { path: '/v1.0/me/drive', status: 503, count: 1 });
    await fetch(`${e.graphUrl}/me/drive`, { headers: auth });
    const log = ((await (await fetch(`${e.adminUrl}/requests`)).json()) as { value: Array<Record<string, unknown>> }).value;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: 'GET', path: '/v1.0/me/drive?access_token=%5Bredacted%5D', status: 200 });
    expect(log[1]).toMatchObject({ status: 503, fault: expect.any(Number) });
    expect(JSON.stringify(log)).not.toContain('sekrit');
    expect(JSON.stringify(log)).not.toContain(auth.authorization!.slice(7));
    const since = ((await (await fetch(`${e.adminUrl}/requests?since=${log[0]!.seq as number}`)).json()) as { value: unknown[] }).value;
    expect(since).toHaveLength(1);
  });
});
