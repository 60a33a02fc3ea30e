/**
 * QuickXorHash, the content hash OneDrive reports for every file (`file.hashes.quickXorHash`, base64).
 *
 * Definition: a 160-bit state; byte i of the input is XORed in at bit offset (i * 11) mod 160, wrapping past bit
 * 159 to bit 0; at the end the input length (64-bit little-endian) is XORed into bytes 12..19.
 *
 * Why it is fast: the offset of byte i depends only on i mod 160, so every byte at the same position mod 160 can
 * be XORed together first ("folded") and spread into the state with shifts only once, at digest(). Folding is a
 * plain XOR of 160-byte blocks, done 32 bits at a time over an aligned view of the caller's buffer. XOR is bytewise,
 * so folding as native-endian words and reading the result back as bytes through the same memory is exact on
 * any endianness.
 */

const WIDTH_BYTES = 160; // positions mod 160 that share a bit offset
const WORDS = WIDTH_BYTES / 4;
const STATE_BYTES = 20;
/** Fold at most this many bytes per pass, so the five passes below stay inside the CPU cache. */
const SLAB_BLOCKS = 256;

export class QuickXorHash {
  /** XOR of every input byte, by stream position mod 160. */
  private readonly fold = new Uint32Array(WORDS);
  private readonly foldBytes = new Uint8Array(this.fold.buffer);
  /** Scratch fold for one update call, at buffer-relative positions; merged by rotation into `fold`. */
  private readonly scratch = new Uint32Array(WORDS);
  private readonly scratchBytes = new Uint8Array(this.scratch.buffer);
  /** Stream position mod 160 of the next byte. */
  private pos = 0;
  /** Total bytes hashed; exact up to 2^53, far beyond OneDrive's 250 GB limit. */
  private length = 0;

  update(data: Uint8Array): this {
    const n = data.length;
    this.length += n;
    // Bytewise until the caller's buffer is 4-byte aligned, so the middle can be read as Uint32 words.
    const head = Math.min(n, (4 - (data.byteOffset & 3)) & 3);
    this.updateBytes(data, 0, head);
    const blocks = Math.floor((n - head) / WIDTH_BYTES);
    if (blocks > 0) {
      const words = new Uint32Array(data.buffer, data.byteOffset + head, blocks * WORDS);
      if (this.pos === 0) {
        foldWords(words, this.fold);
      } else {
        this.scratch.fill(0);
        foldWords(words, this.scratch);
        this.mergeScratch();
      }
    }
    this.updateBytes(data, head + blocks * WIDTH_BYTES, n);
    return this;
  }

  /** The 20-byte hash of everything so far. Does not end the hash: more updates may follow. */
  digestBytes(): Uint8Array {
    const state = new Uint8Array(STATE_BYTES);
    const fb = this.foldBytes;
    for (let j = 0; j < WIDTH_BYTES; j++) {
      const b = fb[j]!;
      if (b === 0) continue;
      const bit = (j * 11) % 160;
      const at = bit >> 3;
      const v = b << (bit & 7);
      state[at]! ^= v & 0xff;
      state[(at + 1) % STATE_BYTES]! ^= v >> 8;
    }
    const lo = this.length % 0x1_0000_0000;
    const hi = Math.floor(this.length / 0x1_0000_0000);
    for (let k = 0; k < 4; k++) {
      state[12 + k]! ^= (lo >>> (8 * k)) & 0xff;
      state[16 + k]! ^= (hi >>> (8 * k)) & 0xff;
    }
    return state;
  }

  /** Base64, as Graph shows it (28 characters). */
  digest(): string {
    return Buffer.from(this.digestBytes()).toString('base64');
  }

  private updateBytes(data: Uint8Array, from: number, to: number): void {
    const fb = this.foldBytes;
    let pos = this.pos;
    for (let i = from; i < to; i++) {
      fb[pos]! ^= data[i]!;
      if (++pos === WIDTH_BYTES) pos = 0;
    }
    this.pos = pos;
  }

  /** Scratch byte j was at stream position pos + j (mod 160). */
  private mergeScratch(): void {
    const fb = this.foldBytes;
    const sb = this.scratchBytes;
    const split = WIDTH_BYTES - this.pos;
    for (let j = 0; j < split; j++) fb[this.pos + j]! ^= sb[j]!;
    for (let j = split; j < WIDTH_BYTES; j++) fb[j - split]! ^= sb[j]!;
  }
}

/**
 * XORs every 40-word block of `words` into `acc`. Eight accumulators live in locals at a time (five passes over
 * each slab) because V8 keeps locals in registers but not typed-array cells; this is where the speed comes from.
 */
function foldWords(words: Uint32Array, acc: Uint32Array): void {
  const total = words.length;
  const slab = SLAB_BLOCKS * WORDS;
  for (let start = 0; start < total; start += slab) {
    const end = Math.min(total, start + slab);
    for (let g = 0; g < WORDS; g += 8) {
      let a0 = acc[g]!, a1 = acc[g + 1]!, a2 = acc[g + 2]!, a3 = acc[g + 3]!;
      let a4 = acc[g + 4]!, a5 = acc[g + 5]!, a6 = acc[g + 6]!, a7 = acc[g + 7]!;
      for (let i = start + g; i < end; i += WORDS) {
        a0 ^= words[i]!; a1 ^= words[i + 1]!; a2 ^= words[i + 2]!; a3 ^= words[i + 3]!;
        a4 ^= words[i + 4]!; a5 ^= words[i + 5]!; a6 ^= words[i + 6]!; a7 ^= words[i + 7]!;
      }
      acc[g] = a0; acc[g + 1] = a1; acc[g + 2] = a2; acc[g + 3] = a3;
      acc[g + 4] = a4; acc[g + 5] = a5; acc[g + 6] = a6; acc[g + 7] = a7;
    }
  }
}

/** One-shot convenience. */
export function quickXorHash(data: Uint8Array): string {
  return new QuickXorHash().update(data).digest();
}
