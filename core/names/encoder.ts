/**
 * rclone's restricted-name encoding (lib/encoder's MultiEncoder), reimplemented to give byte-for-byte the same
 * names, so a drive synced by rclone and by Stratus shows the same files.
 *
 * What it does, per flag set: characters a remote forbids become a look-alike (fullwidth twin, or a Unicode
 * "SYMBOL FOR" control picture); a name that already contains such a look-alike gets the quote rune U+201B in
 * front of it so decoding can tell the two apart; NUL, U+2400 and U+201B themselves are always handled that way.
 * Leading and trailing rules apply once per end; InvalidUtf8 writes each bad byte as U+201B and two hex digits.
 *
 * One rclone quirk is kept on purpose, for compatibility: a name ending in U+201B followed by a trailing-encoded
 * character (`a‛ ` → `a‛‛␠`) decodes to something else (`a‛␠`). `roundTrips()` tells such names apart, so the sync
 * engine can ask the user to rename them instead of looping.
 */
import { parseEncoding } from './flags.js';
import type { EncodingError, EncodingFlag } from './flags.js';
import { ONEDRIVE_DEFAULT_ENCODING } from './flags.js';
import { fromRunes, invalidByteValue, isInvalidByte, toBytes, toRunes } from './utf8.js';
import type { Runes } from './utf8.js';

const QUOTE = 0x201b; // SINGLE HIGH-REVERSED-9 QUOTATION MARK
const SYM_NUL = 0x2400; // SYMBOL FOR NULL; U+2400 + c is the picture of control character c
const FULL = 0xfee0; // printable ASCII + this = its FULLWIDTH form
const SYM_SPACE = 0x2420;
const SYM_DEL = 0x2421;
const FULL_STOP = '.'.charCodeAt(0) + FULL;
const FULL_TILDE = '~'.charCodeAt(0) + FULL;
const CRLFHTVT = [0x09, 0x0a, 0x0b, 0x0d];

const FULLWIDTH_FLAGS: Partial<Record<EncodingFlag, string>> = {
  Slash: '/', LtGt: '<>', SquareBracket: '[]', Semicolon: ';', DoubleQuote: '"', SingleQuote: "'", BackQuote: '`',
  Dollar: '$', Colon: ':', Question: '?', Asterisk: '*', Pipe: '|', Hash: '#', Percent: '%', BackSlash: '\\',
};

/** One end rule: the raw character and what it becomes when it is the first (or last) rune. */
interface EndRule { raw: number; enc: number }

export class NameEncoder {
  private readonly raw: boolean;
  private readonly has: (f: EncodingFlag) => boolean;
  private readonly encodeMap = new Map<number, number>();
  private readonly decodeMap = new Map<number, number>();
  private readonly leading: EndRule[][] = [];
  private readonly trailing: EndRule[][] = [];
  /** ASCII characters that send a string down the slow path (anything special anywhere, or at an end). */
  private readonly asciiSpecial = new Uint8Array(128);
  private readonly asciiLeading = new Uint8Array(128);
  private readonly asciiTrailing = new Uint8Array(128);

  constructor(readonly flags: ReadonlySet<EncodingFlag>) {
    this.raw = flags.size === 1 && flags.has('Raw');
    this.has = (f) => flags.has(f);
    for (const [flag, chars] of Object.entries(FULLWIDTH_FLAGS)) {
      if (this.has(flag as EncodingFlag)) for (const c of chars) this.map(c.charCodeAt(0), c.charCodeAt(0) + FULL);
    }
    if (this.has('CrLf')) for (const c of [0x0d, 0x0a]) this.map(c, SYM_NUL + c);
    if (this.has('Del')) this.map(0x7f, SYM_DEL);
    if (this.has('Ctl')) for (let c = 1; c <= 0x1f; c++) this.map(c, SYM_NUL + c);
    const ends = (list: EndRule[][], table: Uint8Array, side: 'Left' | 'Right') => {
      if (this.has(`${side}Space`)) list.push([{ raw: 0x20, enc: SYM_SPACE }]);
      if (side === 'Left' && this.has('LeftPeriod')) list.push([{ raw: 0x2e, enc: FULL_STOP }]);
      if (side === 'Left' && this.has('LeftTilde')) list.push([{ raw: 0x7e, enc: FULL_TILDE }]);
      if (side === 'Right' && this.has('RightPeriod')) list.push([{ raw: 0x2e, enc: FULL_STOP }]);
      if (this.has(`${side}CrLfHtVt`)) list.push(CRLFHTVT.map((c) => ({ raw: c, enc: SYM_NUL + c })));
      for (const rule of list) for (const { raw } of rule) table[raw] = 1;
    };
    ends(this.leading, this.asciiLeading, 'Left');
    ends(this.trailing, this.asciiTrailing, 'Right');
    this.asciiSpecial[0] = 1;
  }

  static fromSpec(spec: string): { ok: true; encoder: NameEncoder } | { ok: false; error: EncodingError } {
    const parsed = parseEncoding(spec);
    return parsed.ok ? { ok: true, encoder: new NameEncoder(parsed.flags) } : parsed;
  }

  private map(raw: number, enc: number): void {
    this.encodeMap.set(raw, enc);
    this.decodeMap.set(enc, raw);
    if (raw < 128) this.asciiSpecial[raw] = 1;
  }

  /** The encoded name as bytes (exact even when InvalidUtf8 is off and the name is not valid UTF-8). */
  encodeBytes(name: string | Uint8Array): Buffer {
    if (this.raw) return Buffer.from(toBytes(name));
    return fromRunes(this.encodeRunes(toRunes(toBytes(name))));
  }

  /** The encoded name as text, ready for Graph. Without InvalidUtf8, bad bytes show as U+FFFD. */
  encode(name: string | Uint8Array): string {
    if (typeof name === 'string' && this.encodeIsIdentity(name)) return name;
    return this.encodeBytes(name).toString('utf8');
  }

  /** The original name as bytes: what to create on a local disk (may be invalid UTF-8 on purpose). */
  decodeBytes(name: string | Uint8Array): Buffer {
    if (this.raw) return Buffer.from(toBytes(name));
    return fromRunes(this.decodeRunes(toRunes(toBytes(name))));
  }

  /** The original name as text; bytes that are not valid UTF-8 show as U+FFFD (use decodeBytes for disk). */
  decode(name: string | Uint8Array): string {
    if (typeof name === 'string' && !someMayNeedWork(name)) return name;
    return this.decodeBytes(name).toString('utf8');
  }

  /** Encodes each `/`-separated part of a path. */
  encodePath(path: string): string {
    return path.split('/').map((p) => this.encode(p)).join('/');
  }

  decodePath(path: string): string {
    return path.split('/').map((p) => this.decode(p)).join('/');
  }

  /** True when decode(encode(name)) gives the name back byte for byte. */
  roundTrips(name: string | Uint8Array): boolean {
    const bytes = toBytes(name);
    if (typeof name === 'string' && Buffer.from(bytes).toString('utf8') !== name) return false; // lone surrogate
    return this.decodeBytes(this.encodeBytes(bytes)).equals(bytes);
  }

  private encodeIsIdentity(name: string): boolean {
    const n = name.length;
    if (n === 0) return true;
    if (this.raw) return true;
    if (this.has('Dot') && (name === '.' || name === '..')) return false;
    if (this.asciiLeading[name.charCodeAt(0)] || this.asciiTrailing[name.charCodeAt(n - 1)]) return false;
    for (let i = 0; i < n; i++) {
      const c = name.charCodeAt(i);
      if (c < 0x80 ? this.asciiSpecial[c] : mayNeedWork(c)) return false;
    }
    return true;
  }

  private encodeRunes(rs: Runes): Runes {
    if (rs.length === 0) return rs;
    if (this.has('Dot')) {
      const dot = dotForm(rs);
      if (dot === '.') return [FULL_STOP];
      if (dot === '..') return [FULL_STOP, FULL_STOP];
      if (dot === '．') return [QUOTE, FULL_STOP];
      if (dot === '．．') return [QUOTE, FULL_STOP, QUOTE, FULL_STOP];
    }
    let prefix: Runes = [];
    for (const rule of this.leading) {
      const first = rs[0]!;
      const hit = rule.find((x) => x.raw === first || x.enc === first);
      if (hit) {
        prefix = hit.raw === first ? [hit.enc] : [QUOTE, hit.enc];
        rs = rs.slice(1);
        break;
      }
    }
    let suffix: Runes = [];
    if (rs.length > 0) {
      for (const rule of this.trailing) {
        const last = rs[rs.length - 1]!;
        const hit = rule.find((x) => x.raw === last || x.enc === last);
        if (hit) {
          suffix = hit.raw === last ? [hit.enc] : [QUOTE, hit.enc];
          rs = rs.slice(0, -1);
          break;
        }
      }
    }
    const out: Runes = prefix;
    const invalidUtf8 = this.has('InvalidUtf8');
    for (const r of rs) {
      if (r === 0) out.push(SYM_NUL);
      else if (r === SYM_NUL || r === QUOTE) out.push(QUOTE, r);
      else if (isInvalidByte(r)) {
        if (invalidUtf8) {
          const hex = invalidByteValue(r).toString(16).toUpperCase().padStart(2, '0');
          out.push(QUOTE, hex.charCodeAt(0), hex.charCodeAt(1));
        } else out.push(r);
      } else {
        const enc = this.encodeMap.get(r);
        if (enc !== undefined) out.push(enc);
        else if (this.decodeMap.has(r)) out.push(QUOTE, r);
        else out.push(r);
      }
    }
    for (const r of suffix) out.push(r);
    return out;
  }

  private decodeRunes(rs: Runes): Runes {
    if (this.has('Dot')) {
      const dot = dotForm(rs);
      if (dot === '．') return [0x2e];
      if (dot === '．．') return [0x2e, 0x2e];
      if (dot === '‛．') return [FULL_STOP];
      if (dot === '‛．‛．') return [FULL_STOP, FULL_STOP];
    }
    let prefix: Runes = [];
    const first = rs[0];
    const direct = this.leading.flat().find((x) => x.enc === first);
    if (direct) {
      prefix = [direct.raw];
      rs = rs.slice(1);
    } else if (first === QUOTE) {
      const quoted = this.leading.flat().find((x) => x.enc === rs[1]);
      if (quoted) {
        prefix = [quoted.enc];
        rs = rs.slice(2);
      }
    }
    let suffix: Runes = [];
    const hit = this.trailing.flat().find((x) => x.enc === rs[rs.length - 1]);
    if (hit) {
      rs = rs.slice(0, -1);
      // rclone checks only the rune before, not whether that quote was itself quoted (see the header).
      if (rs[rs.length - 1] === QUOTE) {
        suffix = [hit.enc];
        rs = rs.slice(0, -1);
      } else suffix = [hit.raw];
    }
    const out: Runes = prefix;
    const invalidUtf8 = this.has('InvalidUtf8');
    let unquote = false;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i]!;
      if (r === QUOTE && !unquote) {
        unquote = true;
        continue;
      }
      const quoted = unquote;
      unquote = false;
      if (r === SYM_NUL) out.push(quoted ? r : 0);
      else if (r === QUOTE) out.push(r);
      else if (this.decodeMap.has(r)) out.push(quoted ? r : this.decodeMap.get(r)!);
      else {
        if (quoted) {
          const byte = invalidUtf8 ? hexPair(r, rs[i + 1]) : -1;
          if (byte >= 0) {
            out.push(-byte - 1);
            i++;
            continue;
          }
          out.push(QUOTE);
        }
        out.push(r);
      }
    }
    if (unquote) out.push(QUOTE);
    for (const r of suffix) out.push(r);
    return out;
  }
}

/**
 * Whether a non-ASCII UTF-16 unit can take part in any encoding or decoding rule: the control pictures, the
 * quote, the fullwidth forms, and surrogates (a lone one becomes U+FFFD on the way to UTF-8). Anything else is
 * copied unchanged, which lets the common name skip the byte-level path.
 */
function mayNeedWork(c: number): boolean {
  return (c >= SYM_NUL && c <= SYM_DEL) || c === QUOTE || (c >= 0xff01 && c <= 0xff5e) || (c >= 0xd800 && c <= 0xdfff);
}

/** For decoding: only non-ASCII look-alikes change, so a string with none of them decodes to itself. */
function someMayNeedWork(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && mayNeedWork(c)) return true;
  }
  return false;
}

/** '.', '..', '．', '．．', '‛．' or '‛．‛．' when the whole name is one of those; otherwise undefined. */
function dotForm(rs: Runes): string | undefined {
  if (rs.length > 4 || rs.some((r) => r !== 0x2e && r !== FULL_STOP && r !== QUOTE)) return undefined;
  return String.fromCodePoint(...rs);
}

function hexValue(r: number | undefined): number {
  if (r === undefined) return -1;
  if (r >= 0x30 && r <= 0x39) return r - 0x30;
  if (r >= 0x41 && r <= 0x46) return r - 0x37;
  if (r >= 0x61 && r <= 0x66) return r - 0x57;
  return -1;
}

/** The byte written as two hex digits (either case, as rclone's parser takes), or -1. */
function hexPair(a: number, b: number | undefined): number {
  const hi = hexValue(a);
  const lo = hexValue(b);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

const parsedDefault = parseEncoding(ONEDRIVE_DEFAULT_ENCODING);
if (!parsedDefault.ok) throw new Error(parsedDefault.error.message);

/** rclone's onedrive backend default encoding. */
export const onedriveEncoder = new NameEncoder(parsedDefault.flags);
