// Random names heavy in everything the encoder treats specially, as bytes (so invalid UTF-8 is possible).
const special = [
  ...'/<>":?*|\\ .~\t\r\n\x01\x1f\x7f#%$;[]\'`abcXYZ09AFaf',
  '／', '＜', '＞', '＂', '：', '？', '＊', '｜', '＼', '．', '～', '␀', '␁', '␍', '␟', '␠', '␡', '‛', '\u{fffd}',
  'é', '日本', '😀', 'ß',
];

export function randomInt(n: number): number {
  return Math.floor(Math.random() * n);
}

/** A name of 0..maxParts pieces; each piece a special character, a random code point, or an invalid byte. */
export function randomNameBytes(maxParts = 8, opts: { invalidBytes?: boolean; exclude?: string[] } = {}): Buffer {
  const parts: Buffer[] = [];
  const len = randomInt(maxParts + 1);
  while (parts.length < len) {
    const pick = randomInt(10);
    let piece: Buffer;
    if (pick < 7) piece = Buffer.from(special[randomInt(special.length)]!, 'utf8');
    else if (pick < 9) piece = Buffer.from(String.fromCodePoint(0x20 + randomInt(0x2fff)), 'utf8');
    else if (opts.invalidBytes !== false) piece = Buffer.from([0x80 + randomInt(0x80)]);
    else continue;
    const text = piece.toString('utf8');
    if (opts.exclude?.some((x) => text.includes(x))) continue;
    if (text >= '\u{d800}' && text <= '\u{dfff}') continue;
    parts.push(piece);
  }
  return Buffer.concat(parts);
}
