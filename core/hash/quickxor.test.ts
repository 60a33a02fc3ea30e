import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QuickXorHash, quickXorHash } from './quickxor.js';

/** The definition, bit by bit, with nothing clever: the fast version must agree with it. */
function referenceQuickXor(data: Uint8Array): string {
  const bits = new Uint8Array(160);
  for (let i = 0; i < data.length; i++) {
    for (let b = 0; b < 8; b++) {
      if ((data[i]! >> b) & 1) bits[(i * 11 + b) % 160]! ^= 1;
    }
  }
  const state = new Uint8Array(20);
  for (let k = 0; k < 160; k++) if (bits[k]) state[k >> 3]! |= 1 << (k & 7);
  let len = BigInt(data.length);
  for (let k = 12; k < 20; k++) {
    state[k]! ^= Number(len & 0xffn);
    len >>= 8n;
  }
  return Buffer.from(state).toString('base64');
}

const vectors: [string, string][] = [
  ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ['Sg==', 'SgAAAAAAAAAAAAAAAQAAAAAAAAA='],
  ['tbQ=', 'taAFAAAAAAAAAAAAAgAAAAAAAAA='],
  ['2fuxhBJXtpWFe8dOfdGeHw==', 'O9tHLAghgSvYohKFyMMxnNCHaHg='],
];

describe('QuickXorHash', () => {
  it.each(vectors)('hashes the documented vector %s', (input, expected) => {
    const data = Buffer.from(input, 'base64');
    expect(quickXorHash(data)).toBe(expected);
    expect(referenceQuickXor(data)).toBe(expected);
  });

  it('agrees with the bit-by-bit definition on random data of many lengths', () => {
    const lengths = [1, 3, 4, 5, 159, 160, 161, 319, 320, 321, 481, 1000, 4096, 40_961, 100_003];
    for (const len of lengths) {
      const data = randomBytes(len);
      expect(quickXorHash(data), `length ${len}`).toBe(referenceQuickXor(data));
    }
  });

  it('gives the same hash however the input is cut into pieces', () => {
    const data = randomBytes(200_000);
    const oneShot = quickXorHash(data);
    const pieceSizes = [1, 2, 3, 7, 11, 159, 160, 161, 333, 4099, 65_537];
    for (const size of pieceSizes) {
      const h = new QuickXorHash();
      for (let i = 0; i < data.length; i += size) h.update(data.subarray(i, i + size));
      expect(h.digest(), `pieces of ${size}`).toBe(oneShot);
    }
    const h = new QuickXorHash();
    let i = 0;
    while (i < data.length) {
      const size = 1 + Math.floor(Math.random() * 5000);
      h.update(data.subarray(i, i + size));
      i += size;
    }
    expect(h.digest(), 'random piece sizes').toBe(oneShot);
  });

  it('reads buffers at every byte alignment correctly', () => {
    const backing = randomBytes(5000);
    for (let offset = 0; offset < 8; offset++) {
      const view = new Uint8Array(backing.buffer, backing.byteOffset + offset, 4000);
      const copy = Uint8Array.from(view);
      expect(quickXorHash(view), `offset ${offset}`).toBe(referenceQuickXor(copy));
    }
  });

  it('can digest midway and keep going', () => {
    const data = randomBytes(1000);
    const h = new QuickXorHash().update(data.subarray(0, 400));
    expect(h.digest()).toBe(referenceQuickXor(data.subarray(0, 400)));
    h.update(data.subarray(400));
    expect(h.digest()).toBe(referenceQuickXor(data));
  });

  it('puts lengths beyond 32 bits into the high length bytes', () => {
    // Hashing 4 GiB is too slow for a unit test; set the counter the way update() would leave it.
    const h = new QuickXorHash();
    (h as unknown as { length: number }).length = 2 ** 32 + 5;
    const bytes = h.digestBytes();
    expect([...bytes.subarray(12)]).toEqual([5, 0, 0, 0, 1, 0, 0, 0]);
  });
});
