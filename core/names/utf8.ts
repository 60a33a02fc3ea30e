/**
 * Byte-level UTF-8 as Go reads it, because rclone's encoder works on Go strings: a name is split into "runes",
 * and every byte that does not start a well-formed sequence (overlong forms, surrogates, values past U+10FFFF,
 * truncated sequences, stray continuation bytes) is one invalid rune of width 1.
 *
 * A name is an array of numbers: a code point (>= 0) or an invalid byte b stored as -(b + 1).
 */
export type Runes = number[];

export function isInvalidByte(r: number): boolean {
  return r < 0;
}

export function invalidByteValue(r: number): number {
  return -r - 1;
}

function cont(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** Splits bytes into runes; never throws. */
export function toRunes(bytes: Uint8Array): Runes {
  const out: Runes = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      out.push(b0);
      i += 1;
      continue;
    }
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const b3 = bytes[i + 3];
    if (b0 >= 0xc2 && b0 <= 0xdf && cont(b1)) {
      out.push(((b0 & 0x1f) << 6) | (b1! & 0x3f));
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef && b1 !== undefined && cont(b2) && secondByteOk3(b0, b1)) {
      out.push(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2! & 0x3f));
      i += 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4 && b1 !== undefined && cont(b2) && cont(b3) && secondByteOk4(b0, b1)) {
      out.push(((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2! & 0x3f) << 6) | (b3! & 0x3f));
      i += 4;
    } else {
      out.push(-b0 - 1);
      i += 1;
    }
  }
  return out;
}

/** E0 must not be overlong, ED must not encode a surrogate. */
function secondByteOk3(b0: number, b1: number): boolean {
  if (b0 === 0xe0) return b1 >= 0xa0 && b1 <= 0xbf;
  if (b0 === 0xed) return b1 >= 0x80 && b1 <= 0x9f;
  return cont(b1);
}

/** F0 must not be overlong, F4 must stay at or below U+10FFFF. */
function secondByteOk4(b0: number, b1: number): boolean {
  if (b0 === 0xf0) return b1 >= 0x90 && b1 <= 0xbf;
  if (b0 === 0xf4) return b1 >= 0x80 && b1 <= 0x8f;
  return cont(b1);
}

/** Appends runes back as bytes; invalid runes go back as the raw byte they came from. */
export function fromRunes(runes: Runes): Buffer {
  const out: number[] = [];
  for (const r of runes) {
    if (r < 0) out.push(-r - 1);
    else if (r < 0x80) out.push(r);
    else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
    else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
    else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  }
  return Buffer.from(out);
}

/** Strings become UTF-8 the way Node writes them (a lone surrogate becomes U+FFFD, as Go would store it). */
export function toBytes(name: string | Uint8Array): Uint8Array {
  return typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  return toRunes(bytes).every((r) => r >= 0);
}
