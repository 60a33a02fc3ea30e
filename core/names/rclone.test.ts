// Cross-check with rclone itself: rclone's local backend takes the same `encoding` option, so copying between two
// local folders, one with no encoding and one with the onedrive flags, makes rclone encode and decode names.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NameEncoder, onedriveEncoder as od } from './encoder.js';
import { ONEDRIVE_DEFAULT_ENCODING } from './flags.js';
import { randomNameBytes } from './test/random-names.js';

const execFileP = promisify(execFile);
let dir: string;
let config: string;
const standard = new NameEncoder(new Set(['Slash', 'Ctl', 'Del', 'Dot'] as const));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-names-rclone-'));
  config = join(dir, 'rclone.conf');
  // "None" is the closest rclone 1.60 has to no encoding (it has no "Raw"): it still quotes ‛ and ␀.
  await writeFile(config, `[plain]\ntype = local\nencoding = None\n\n[od]\ntype = local\nencoding = ${ONEDRIVE_DEFAULT_ENCODING}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rcloneCopy(from: string, to: string): Promise<void> {
  await execFileP('rclone', ['--config', config, '-q', 'copy', from, to]);
}

/** Directory entries as raw bytes, sorted, in hex for readable diffs. */
async function listHex(path: string): Promise<string[]> {
  const names = await readdir(Buffer.from(path), { encoding: 'buffer' });
  return names.map((n) => n.toString('hex')).sort();
}

async function createAll(path: string, names: Buffer[]): Promise<void> {
  await mkdir(path);
  for (const n of names) await writeFile(Buffer.concat([Buffer.from(path + '/'), n]), '');
}

/** Names a Linux folder can hold and a local remote can list. */
function usableLocally(n: Buffer): boolean {
  return n.length > 0 && n.length <= 200 && !n.includes(0x2f) && !n.includes(0) && n.toString() !== '.' && n.toString() !== '..';
}

function unique(names: Buffer[]): Buffer[] {
  return [...new Map(names.map((n) => [n.toString('hex'), n])).values()];
}

describe('agreement with rclone', () => {
  it('encodes the way rclone does', async () => {
    // Names with ‛ or ␀ are left out here only because rclone's own "None" side would quote them first.
    const names = unique(Array.from({ length: 400 }, () => randomNameBytes(10, { exclude: ['‛', '␀'] })).filter(usableLocally));
    const src = join(dir, 'src');
    await createAll(src, names);
    await rcloneCopy(`plain:${src}`, `od:${join(dir, 'enc')}`);
    expect(await listHex(join(dir, 'enc'))).toEqual(names.map((n) => od.encodeBytes(n).toString('hex')).sort());
  });

  it('decodes the way rclone does, quirk included', async () => {
    const wild = unique([
      ...Array.from({ length: 400 }, () => randomNameBytes(10)),
      ...['x‛‛␠', '‛‛．', 'a‛ff', '‛41‛4g', 'end‛', '‛‛', '‛␀', '␀', '～x', '‛～x', '␠␠'].map((s) => Buffer.from(s)),
    ].filter(usableLocally));
    const src = join(dir, 'wild');
    await createAll(src, wild);
    // `lsf` prints each decoded name in rclone's "Standard" encoding (Slash,Ctl,Del,Dot), one per line.
    const { stdout } = await execFileP('rclone', ['--config', config, '-q', 'lsf', `od:${src}`], { encoding: 'buffer' });
    const lines: string[] = [];
    for (let at = 0; at < stdout.length;) {
      const nl = stdout.indexOf(0x0a, at);
      lines.push(stdout.subarray(at, nl).toString('hex'));
      at = nl + 1;
    }
    const expected = wild.map((w) => standard.encodeBytes(od.decodeBytes(w)).toString('hex'));
    expect(lines.sort()).toEqual(expected.sort());
    expect(lines).toContain(Buffer.from('x‛‛␠').toString('hex')); // x‛‛␠ decodes to x‛␠, quoted again by Standard
  });
});
