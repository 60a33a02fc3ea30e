import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/server.js';
import { GraphClient } from './client.js';
import { Pacer } from './pacer.js';
import type { ThrottleEvent } from './pacer.js';
import { addFault, emulatorTokens, expireTokens, faults, graphFailure, requestLog } from './test/harness.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(opts: { retries?: number; timeoutMs?: number } = {}) {
  emulator = await startEmulator({ profile: 'personal' });
  const tokens = emulatorTokens(emulator);
  const pacer = new Pacer('acct', { concurrency: 4, minSpacingMs: 0 });
  const client = new GraphClient({
    accountId: 'acct', tokens: tokens.provider, baseUrl: emulator.graphUrl, pacer,
    maxRetries: opts.retries ?? 4, backoffBaseMs: 20, timeoutMs: opts.timeoutMs ?? 5000,
  });
  return { e: emulator, client, tokens, pacer };
}

describe('GraphClient', () => {
  it('pauses the whole account on a 429 storm, says "throttled until", then succeeds', async () => {
    const { e, client, pacer } = await setup();
    await addFault(e, { method: 'GET', path: '/v1.0/me/drive', status: 429, retryAfter: 1, count: 2 });
    const events: ThrottleEvent[] = [];
    client.onThrottle((ev) => events.push(ev));
    const started = Date.now();
    const first = client.json<{ id: string }>('GET', '/me/drive');
    // A second request of the same account, to a path that is not faulted, must wait out the pause too.
    await new Promise((r) => setTimeout(r, 100));
    expect(pacer.throttledUntil()).toBeInstanceOf(Date);
    const second = client.json<{ id: string }>('GET', '/me/drive', { query: { select: 'id' } });
    const [a, b] = await Promise.all([first, second]);
    expect(a.id).toBeTruthy();
    expect(b.id).toBe(a.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(events[0]?.message).toMatch(/^throttled until \d\d:\d\d:\d\d UTC$/);
    expect(events[0]?.until).toBeInstanceOf(Date);
    const log = await requestLog(e);
    const throttled = log.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    // Nothing reached the server while the account was paused, not even the request that was not throttled.
    const firstThrottle = Date.parse(throttled[0]!.time);
    for (const r of log.slice(1)) expect(Date.parse(r.time)).toBeGreaterThanOrEqual(firstThrottle + 900);
  });

  it('retries 500 and 503 with backoff and succeeds', async () => {
    const { e, client } = await setup();
    await addFault(e, { path: '/v1.0/me/drive', status: 500, count: 1 });
    await addFault(e, { path: '/v1.0/me/drive', status: 503, retryAfter: 0, count: 1 });
    const d = await client.json<{ id: string }>('GET', '/me/drive');
    expect(d.id).toBeTruthy();
    expect((await requestLog(e)).map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('gives up on a storm that outlasts its retries with a throttled error', async () => {
    const { e, client } = await setup({ retries: 2 });
    await addFault(e, { path: '/v1.0/me/drive', status: 429, retryAfter: 0 });
    const err = await graphFailure(client.json('GET', '/me/drive'));
    expect(err.kind).toBe('throttled');
    expect(err.status).toBe(429);
    expect((await faults(e))[0]!.fired).toBe(3);
  });

  it('does not retry a full quota (507) and says what to do', async () => {
    const { e, client } = await setup();
    await addFault(e, { path: '/v1.0/me/drive', status: 507 });
    const err = await graphFailure(client.json('GET', '/me/drive', { item: '/big.iso' }));
    expect(err.kind).toBe('quota');
    expect(err.code).toBe('quotaLimitReached');
    expect(err.message).toMatch(/full.*free some space/);
    expect((await faults(e))[0]!.fired).toBe(1);
  });

  it('refreshes an expired access token once and retries', async () => {
    const { e, client, tokens } = await setup();
    await client.json('GET', '/me/drive');
    await expireTokens(e);
    const d = await client.json<{ id: string }>('GET', '/me/drive');
    expect(d.id).toBeTruthy();
    expect(tokens.calls.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  it('refreshes only once: a token that stays expired is an auth error', async () => {
    const { e, client, tokens } = await setup();
    await client.json('GET', '/me/drive');
    const stale = new GraphClient({
      accountId: 'acct', baseUrl: e.graphUrl, pacer: client.pacer,
      tokens: async (id, o) => {
        const t = await tokens.provider(id, o);
        await expireTokens(e);
        return t;
      },
    });
    const err = await graphFailure(stale.json('GET', '/me/drive'));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(tokens.calls.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  it('hands a token provider\'s reconnect error on as a reconnect error', async () => {
    const { e } = await setup();
    const client = new GraphClient({
      accountId: 'acct', baseUrl: e.graphUrl, pacer: new Pacer('x'),
      tokens: async () => {
        throw Object.assign(new Error('Sign in again to reconnect this account.'), { kind: 'reconnect' });
      },
    });
    const err = await graphFailure(client.json('GET', '/me/drive'));
    expect(err.kind).toBe('reconnect');
    expect(err.message).toMatch(/Sign in again/);
  });

  it('retries a dropped connection, and reports a network error when drops go on', async () => {
    const { e, client } = await setup({ retries: 2 });
    await addFault(e, { path: '/v1.0/me/drive', drop: 'now', count: 1 });
    expect((await client.json<{ id: string }>('GET', '/me/drive')).id).toBeTruthy();
    await addFault(e, { path: '/v1.0/me/drive', drop: 'now' });
    const err = await graphFailure(client.json('GET', '/me/drive'));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/Could not reach OneDrive/);
  });

  it('times out a request that gets no answer', async () => {
    const { e, client } = await setup({ retries: 0, timeoutMs: 150 });
    await addFault(e, { path: '/v1.0/me/drive', delayMs: 1500, count: 1 });
    const err = await graphFailure(client.json('GET', '/me/drive'));
    expect(err.kind).toBe('timeout');
  });

  it('stops at once when the caller aborts', async () => {
    const { e, client } = await setup();
    await addFault(e, { path: '/v1.0/me/drive', delayMs: 1500, count: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await graphFailure(client.json('GET', '/me/drive', { signal: ac.signal }));
    expect(err.kind).toBe('cancelled');
  });

  it('maps a missing item to not-found with the item named', async () => {
    const { client } = await setup();
    const err = await graphFailure(client.json('GET', '/me/drive/root:/no/such/thing.txt', { item: '/no/such/thing.txt' }));
    expect(err.kind).toBe('not-found');
    expect(err.message).toContain('"/no/such/thing.txt"');
  });
});
