import { createHash } from 'node:crypto';

const WIDTH = 160;
const SHIFT = 11;

/**
 * QuickXorHash as OneDrive computes it (the emulator keeps its own copy so it never depends on the client
 * code it is meant to check). Streaming: feed any number of chunks, then digest once.
 */
export class QuickXor {
  private readonly cells = new Uint8Array(WIDTH / 8);
  private length = 0;
  private shift = 0;

  update(data: Uint8Array): this {
    const cells = this.cells;
    let bit = this.shift;
    for (let i = 0; i < data.length; i++) {
      const byteIndex = bit >> 3;
      const offset = bit & 7;
      const v = data[i]! << offset;
      cells[byteIndex]! ^= v & 0xff;
      // Bits that run past byte 19 wrap around to byte 0.
      cells[(byteIndex + 1) % cells.length]! ^= v >> 8;
      bit = (bit + SHIFT) % WIDTH;
    }
    this.shift = bit;
    this.length += data.length;
    return this;
  }

  /** As update() with `n` zero bytes, without touching them (sparse seeded files). */
  updateZeros(n: number): this {
    this.shift = (this.shift + (n % WIDTH) * SHIFT) % WIDTH;
    this.length += n;
    return this;
  }

  /** Base64 digest, 28 characters. */
  digest(): string {
    const out = Uint8Array.from(this.cells);
    let len = BigInt(this.length);
    for (let i = 0; i < 8; i++) {
      out[WIDTH / 8 - 8 + i]! ^= Number(len & 0xffn);
      len >>= 8n;
    }
    return Buffer.from(out).toString('base64');
  }
}

export function quickXorOf(data: Uint8Array): string {
  return new QuickXor().update(data).digest();
}

/** The hash of `size` zero bytes costs nothing: zeros leave the cells alone, only the length counts. */
export function quickXorOfZeros(size: number): string {
  return new QuickXor().updateZeros(size).digest();
}

export function sha1Of(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex').toUpperCase();
}
