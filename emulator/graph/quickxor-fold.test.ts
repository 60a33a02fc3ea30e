import { describe, expect, it } from 'vitest';
import { bytes } from './content.testkit.js';
import { QuickXor } from './quickxor.js';
import { FoldingQuickXor } from './quickxor-fold.js';

describe('FoldingQuickXor', () => {
  it('gives the documented QuickXorHash vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
      ['Sg==', 'SgAAAAAAAAAAAAAAAQAAAAAAAAA='],
      ['tbQ=', 'taAFAAAAAAAAAAAAAgAAAAAAAAA='],
      ['2fuxhBJXtpWFe8dOfdGeHw==', 'O9tHLAghgSvYohKFyMMxnNCHaHg='],
    ];
    for (const [input, hash] of vectors) expect(new FoldingQuickXor().update(Buffer.from(input, 'base64')).digest()).toBe(hash);
  });

  it('matches the byte-by-byte reference for any length and any split, aligned or not', () => {
    const data = bytes(3 * 1024 * 1024 + 1234, 11);
    for (const length of [0, 1, 159, 160, 161, 4099, 1_048_321, data.length]) {
      const whole = data.subarray(0, length);
      const want = new QuickXor().update(whole).digest();
      expect(new FoldingQuickXor().update(whole).digest()).toBe(want);
      // Odd-sized pieces starting at odd offsets, as network chunks arrive.
      const h = new FoldingQuickXor();
      for (let at = 0, step = 1; at < length; at += step, step = (step * 7 + 3) % 70_001 + 1) h.update(whole.subarray(at, Math.min(length, at + step)));
      expect(h.digest()).toBe(want);
    }
  });
});
