import { describe, expect, it } from 'vitest';
import { NameEncoder, onedriveEncoder as od } from './encoder.js';
import { ONEDRIVE_DEFAULT_ENCODING, parseEncoding } from './flags.js';
import { randomNameBytes } from './test/random-names.js';

// From graph-onedrive-facts.md, "rclone's restricted-name mapping", and rclone's lib/encoder behaviour.
const table: [string, string][] = [
  ['a/b', 'a／b'], ['a<b>c', 'a＜b＞c'], ['say "hi"', 'say ＂hi＂'], ['a:b', 'a：b'], ['why?', 'why？'],
  ['*.txt', '＊.txt'], ['a|b', 'a｜b'], ['a\\b', 'a＼b'], ['del\x7f', 'del␡'], ['ctl\x01\x1f', 'ctl␁␟'],
  ['nul\x00', 'nul␀'], [' lead', '␠lead'], ['trail ', 'trail␠'], ['~tilde', '～tilde'], ['dot.', 'dot．'],
  ['.', '．'], ['..', '．．'], ['a？b', 'a‛？b'], ['‛', '‛‛'], ['␀', '‛␀'], ['‛FF', '‛‛FF'],
  ['．', '‛．'], ['．．', '‛．‛．'], ['␠x', '‛␠x'], ['x␠', 'x‛␠'], ['～x', '‛～x'], ['x．', 'x‛．'],
  // One leading rule and one trailing rule: space wins over tilde and over period.
  [' ~x', '␠~x'], ['x. ', 'x.␠'], [' ', '␠'], ['  ', '␠␠'], [' . ', '␠.␠'], ['~', '～'],
  // Only the ends are special; the middle keeps spaces, tildes and periods.
  ['a b~c.d', 'a b~c.d'], ['x~', 'x~'], ['...', '..．'],
  // Characters the default set does not touch.
  ['#%$;[]\'`', '#%$;[]\'`'], ['日本語 😀', '日本語 😀'], ['\u{fffd}', '\u{fffd}'], ['', ''],
];

describe('onedrive default encoding (rclone compatible)', () => {
  it.each(table)('encodes %j as %j and back', (raw, encoded) => {
    expect(od.encode(raw)).toBe(encoded);
    expect(od.decode(encoded)).toBe(raw);
  });

  it('writes each invalid UTF-8 byte as U+201B and two uppercase hex digits, and reads it back', () => {
    const raw = Buffer.from([0x61, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x62]); // bad byte, bad pair, surrogate
    expect(od.encode(raw)).toBe('a‛FF‛C3(‛ED‛A0‛80b');
    expect(od.decodeBytes('a‛FF‛C3(‛ED‛A0‛80b').equals(raw)).toBe(true);
    expect(od.decodeBytes('‛ff').equals(Buffer.from([0xff]))).toBe(true); // lowercase is read too
    expect(od.decode('‛G1 ‛')).toBe('‛G1 ‛'); // not hex: the quote stays
  });

  it('encodes paths part by part', () => {
    expect(od.encodePath('a:b/ c/d.')).toBe('a：b/␠c/d．');
    expect(od.decodePath('a：b/␠c/d．')).toBe('a:b/ c/d.');
  });

  it('round-trips random names, except the two documented rclone quirks', () => {
    const QUOTE = '‛';
    const failures: string[] = [];
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not survive
    const forbidden = /["*:<>?/\\|\x00-\x1f\x7f]|^[ ~]|[ .]$/;
    for (let i = 0; i < 5000; i++) {
      const name = randomNameBytes(8);
      const text = name.toString('utf8');
      const back = od.decodeBytes(od.encodeBytes(name));
      // rclone's decoder reads `‛` + trailing `␠`/`．` as a quoted symbol even when that `‛` was itself quoted.
      // And "．." becomes "．．" (only the final dot is swapped), which is how the Dot rule writes "..".
      const quirk = (/‛[ .]$/u.test(text) && name.subarray(-4, -1).toString('utf8') === QUOTE) || text === '．.';
      const enc = od.encode(name);
      if (back.equals(name) === quirk) failures.push(`round trip ${name.toString('hex')}`);
      if (od.roundTrips(name) === quirk) failures.push(`roundTrips() ${name.toString('hex')}`);
      // Encoded names never contain a character OneDrive forbids, and are valid UTF-8.
      if (forbidden.test(enc)) failures.push(`forbidden character left in ${JSON.stringify(enc)}`);
      if (!Buffer.from(enc, 'utf8').equals(od.encodeBytes(name))) failures.push(`not UTF-8: ${name.toString('hex')}`);
      // The string shortcuts must agree with the byte-level path.
      if (od.encode(text) !== od.encodeBytes(text).toString('utf8')) failures.push(`encode(string) ${name.toString('hex')}`);
      if (od.decode(text) !== od.decodeBytes(text).toString('utf8')) failures.push(`decode(string) ${name.toString('hex')}`);
    }
    expect(failures).toEqual([]);
  });

  it('says which strings cannot round-trip', () => {
    expect(od.roundTrips('a‛ ')).toBe(false);
    expect(od.roundTrips('．.')).toBe(false); // rclone writes it "．．", which reads back as ".."
    expect(od.encode('．.')).toBe('．．');
    expect(od.roundTrips('a\ud800b')).toBe(false); // a lone surrogate has no UTF-8 form
    expect(od.roundTrips('ordinary name.txt')).toBe(true);
  });
});

describe('encoding option', () => {
  it('parses the default flag list', () => {
    const r = parseEncoding(ONEDRIVE_DEFAULT_ENCODING);
    expect(r.ok && r.flags.size).toBe(16);
  });

  it('names an unknown flag in a clear error', () => {
    const r = parseEncoding('Slash, Colonn,Dot');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('unknown-encoding-flag');
      expect(r.error.flag).toBe('Colonn');
      expect(r.error.message).toContain('"Colonn"');
      expect(r.error.message).toContain('LeftTilde');
    }
    const empty = parseEncoding('Slash,,Dot');
    expect(!empty.ok && empty.error.message).toContain('empty name');
  });

  it('None still protects NUL and the quote characters, as rclone does; Raw changes nothing', () => {
    const none = NameEncoder.fromSpec('None');
    expect(none.ok).toBe(true);
    if (!none.ok) return;
    expect(none.encoder.encode('a:b ‛\x00')).toBe('a:b ‛‛␀');
    const raw = NameEncoder.fromSpec('Raw');
    expect(raw.ok && raw.encoder.encode('a:b ‛\x00')).toBe('a:b ‛\x00');
  });

  it('applies the flags it is given and no others', () => {
    const r = NameEncoder.fromSpec('Hash,Percent,LeftPeriod,CrLf,RightCrLfHtVt,SquareBracket,Semicolon');
    if (!r.ok) throw new Error(r.error.message);
    const e = r.encoder;
    expect(e.encode('.a#b%c[d];\r\nx\t')).toBe('．a＃b％c［d］；␍␊x␉');
    expect(e.decode('．a＃b％c［d］；␍␊x␉')).toBe('.a#b%c[d];\r\nx\t');
    expect(e.encode('a:b?')).toBe('a:b?');
  });
});
