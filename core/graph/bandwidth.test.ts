import { describe, expect, it } from 'vitest';
import { BandwidthRegistry, TokenBucket, formatBwLimit, parseBwLimit } from './bandwidth.js';
import { isGraphError } from './errors.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** Takes `total` bytes in `piece`-sized steps, like a transfer; resolves with the seconds it took. */
async function transfer(bucket: TokenBucket, total: number, piece = 16 * KiB): Promise<number> {
  const started = performance.now();
  for (let sent = 0; sent < total; sent += piece) await bucket.take(Math.min(piece, total - sent));
  return (performance.now() - started) / 1000;
}

describe('parseBwLimit (rclone --bwlimit)', () => {
  it('reads one rate for both ways, UP:DOWN, off, and KiB/s for a bare number', () => {
    expect(parseBwLimit('10M')).toEqual({ up: 10 * MiB, down: 10 * MiB });
    expect(parseBwLimit('512k')).toEqual({ up: 512 * KiB, down: 512 * KiB });
    expect(parseBwLimit('512')).toEqual({ up: 512 * KiB, down: 512 * KiB });
    expect(parseBwLimit('1.5MiB')).toEqual({ up: 1.5 * MiB, down: 1.5 * MiB });
    expect(parseBwLimit('off')).toEqual({ up: null, down: null });
    expect(parseBwLimit('0')).toEqual({ up: null, down: null });
    expect(parseBwLimit('1M:off')).toEqual({ up: MiB, down: null });
    expect(parseBwLimit('4M:8M')).toEqual({ up: 4 * MiB, down: 8 * MiB });
  });

  it('refuses anything else with a message that shows the form', () => {
    for (const bad of ['fast', '10X', '1M:2M:3M', '', '08:00,512k', '-1M', ':']) {
      let err: unknown;
      try {
        parseBwLimit(bad);
      } catch (e) {
        err = e;
      }
      expect(isGraphError(err), bad).toBe(true);
      expect((err as Error).message).toBe(`--bwlimit takes a rate like 10M or 512k, or UP:DOWN (e.g. 1M:off); got "${bad}".`);
    }
  });

  it('prints back what it reads', () => {
    for (const text of ['off', '4Mi:8Mi', '512Ki', '1Mi:off']) expect(formatBwLimit(parseBwLimit(text))).toBe(text);
  });
});

describe('TokenBucket', () => {
  it('keeps a transfer at the set rate (within 15%)', async () => {
    const bucket = new TokenBucket(2 * MiB);
    const secs = await transfer(bucket, MiB);
    // One burst (0.1 s worth) goes at once; the rest at the rate.
    const expected = (MiB - bucket.burst) / (2 * MiB);
    expect(secs).toBeGreaterThan(expected * 0.95);
    expect(secs).toBeLessThan(expected * 1.15 + 0.05);
  });

  it('shares one budget between two transfers, in turns', async () => {
    const bucket = new TokenBucket(2 * MiB);
    const started = performance.now();
    const done: number[] = [];
    await Promise.all([0, 1].map(async () => {
      await transfer(bucket, 512 * KiB);
      done.push((performance.now() - started) / 1000);
    }));
    const expected = (MiB - bucket.burst) / (2 * MiB);
    // Together they move 1 MiB at 2 MiB/s, and neither finishes long before the other.
    expect(done[1]!).toBeGreaterThan(expected * 0.95);
    expect(done[1]!).toBeLessThan(expected * 1.15 + 0.05);
    expect(done[0]!).toBeGreaterThan(expected * 0.85);
  });

  it('is unlimited when off, and a change applies to a transfer already waiting', async () => {
    const bucket = new TokenBucket(null);
    expect(await transfer(bucket, 64 * MiB, MiB)).toBeLessThan(0.05);
    bucket.setRate(64 * KiB);
    const slow = transfer(bucket, MiB, 64 * KiB);
    await new Promise((r) => setTimeout(r, 100));
    bucket.setRate(null);
    // At 64 KiB/s the MiB would take 16 s; lifting the limit lets it finish at once.
    expect(await slow).toBeLessThan(0.3);
  });

  it('a take larger than the burst still holds the average rate', async () => {
    const bucket = new TokenBucket(MiB);
    // 256 KiB pieces against a 102 KiB burst: each leaves the bucket in debt that the next waits out.
    const secs = await transfer(bucket, 768 * KiB, 256 * KiB);
    expect(secs).toBeGreaterThan(0.45);
    expect(secs).toBeLessThan(0.75);
  });

  it('an aborted take leaves the queue and rejects as cancelled', async () => {
    const bucket = new TokenBucket(16 * KiB);
    await bucket.take(16 * KiB);
    const ac = new AbortController();
    const waiting = bucket.take(16 * KiB, ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('one account has one budget per direction, whoever asks', () => {
    const reg = new BandwidthRegistry();
    reg.for('a').set(parseBwLimit('1M:2M'));
    expect(reg.for('a').up.rate).toBe(MiB);
    expect(reg.for('a').down.rate).toBe(2 * MiB);
    expect(reg.for('b').current()).toEqual({ up: null, down: null });
    reg.setAll(parseBwLimit('512k'));
    expect(reg.for('a').current()).toEqual({ up: 512 * KiB, down: 512 * KiB });
    expect(reg.for('later').current()).toEqual({ up: 512 * KiB, down: 512 * KiB });
    expect(reg.for('later').up).not.toBe(reg.for('a').up);
  });
});
