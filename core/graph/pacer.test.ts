import { describe, expect, it } from 'vitest';
import { GraphError } from './errors.js';
import { Pacer, PacerRegistry } from './pacer.js';

describe('Pacer', () => {
  it('never lets more than `concurrency` requests run at once', async () => {
    const pacer = new Pacer('a', { concurrency: 2, minSpacingMs: 0 });
    let running = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 6 }, async () => {
      const release = await pacer.acquire();
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      release();
    }));
    expect(peak).toBe(2);
  });

  it('does not space pre-authenticated transfers, yet holds them in a throttling pause and under the concurrency limit', async () => {
    const pacer = new Pacer('a', { concurrency: 3, minSpacingMs: 200 });
    const t0 = Date.now();
    const releases = await Promise.all([pacer.acquire(), pacer.acquire(undefined, false), pacer.acquire(undefined, false)]);
    // Two transfers started beside an API call without waiting out its 200 ms spacing.
    expect(Date.now() - t0).toBeLessThan(150);
    let fourth = false;
    const pending = pacer.acquire(undefined, false).then((r) => { fourth = true; return r; });
    await new Promise((r) => setTimeout(r, 30));
    expect(fourth).toBe(false); // the limit of 3 holds for transfers too
    releases.forEach((r) => r());
    (await pending)();
    pacer.pauseUntil(Date.now() + 120);
    const paused = Date.now();
    (await pacer.acquire(undefined, false))();
    expect(Date.now() - paused).toBeGreaterThanOrEqual(110);
  });

  it('spaces request starts by at least minSpacingMs', async () => {
    const pacer = new Pacer('a', { concurrency: 10, minSpacingMs: 30 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 4 }, async () => {
      const release = await pacer.acquire();
      starts.push(Date.now());
      release();
    }));
    starts.sort((x, y) => x - y);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(28);
  });

  it('holds every request during a pause and tells listeners when it starts and ends', async () => {
    const pacer = new Pacer('a', { minSpacingMs: 0 });
    const messages: string[] = [];
    pacer.onThrottle((e) => messages.push(e.message));
    const t0 = Date.now();
    pacer.pauseUntil(t0 + 150);
    pacer.pauseUntil(t0 + 50); // an earlier end never shortens the pause
    (await pacer.acquire())();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
    await new Promise((r) => setTimeout(r, 20));
    expect(messages[0]).toMatch(/^throttled until /);
    expect(messages.at(-1)).toBe('no longer throttled');
    expect(pacer.throttledUntil()).toBeUndefined();
  });

  it('gives up waiting when aborted', async () => {
    const pacer = new Pacer('a');
    pacer.pauseUntil(Date.now() + 10_000);
    const err = await pacer.acquire(AbortSignal.timeout(30)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).kind).toBe('cancelled');
  });

  it('drops a waiter that gives up, so the next release goes to one still waiting', async () => {
    const pacer = new Pacer('a', { concurrency: 1, minSpacingMs: 0 });
    const hold = await pacer.acquire();
    const ac = new AbortController();
    const quitter = pacer.acquire(ac.signal).catch((e: unknown) => e);
    const patient = pacer.acquire();
    ac.abort();
    expect(((await quitter) as GraphError).kind).toBe('cancelled');
    hold();
    const release = await patient;
    release();
  });

  it('uploads held back by a bandwidth limit never take the last slot: API calls still get through', async () => {
    const pacer = new Pacer('a', { concurrency: 3, minSpacingMs: 0 });
    const uploads = [await pacer.acquire(undefined, false, true), await pacer.acquire(undefined, false, true)];
    let third = false;
    const waiting = pacer.acquire(undefined, false, true).then((r) => { third = true; return r; });
    // The API call takes the slot the third upload may not.
    const api = await pacer.acquire();
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    api();
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false); // still two uploads in flight: the free slot stays for API calls
    uploads[0]!();
    (await waiting)();
    expect(third).toBe(true);
    uploads[1]!();
    // Behind a waiting upload, an API call is not stuck when the slot it may take frees up.
    const one = new Pacer('b', { concurrency: 2, minSpacingMs: 0 });
    const [u, x] = [await one.acquire(undefined, false, true), await one.acquire()];
    const queuedUpload = one.acquire(undefined, false, true);
    const queuedApi = one.acquire();
    x();
    (await queuedApi)();
    u();
    (await queuedUpload)();
  });

  it('hands out one pacer per account', () => {
    const reg = new PacerRegistry();
    expect(reg.for('x')).toBe(reg.for('x'));
    expect(reg.for('x')).not.toBe(reg.for('y'));
  });
});
