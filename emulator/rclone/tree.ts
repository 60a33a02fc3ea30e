import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** One file of the local tree rclone uploads: its path (with `/`), its bytes and its mtime. */
export interface TreeFile {
  path: string;
  bytes: Buffer;
  mtime: Date;
}

/** 1.1 MB: four chunks at --onedrive-chunk-size 320k, the last one short. */
export const BIG_FILE_SIZE = 1_100_000;

/** Bytes that do not compress or repeat, so a misplaced chunk changes the hash. */
function pseudoRandom(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * The names OneDrive refuses as they are, each of which rclone must encode on the way up and decode on the
 * way down: `? * : | " < >`, a trailing dot, a trailing space, a leading space and a leading tilde, in files
 * and in folders, plus an empty file (rclone's single-request upload) and a file of several chunks.
 */
export function conformanceTree(): TreeFile[] {
  const base = Date.UTC(2021, 2, 4, 5, 6, 7);
  const files: [string, Buffer][] = [
    ['plain.txt', Buffer.from('hello from stratus\n')],
    ['big.bin', pseudoRandom(BIG_FILE_SIZE, 0x5eed)],
    ['empty.txt', Buffer.alloc(0)],
    ['what? *star* a:b|c "q" <x>.txt', Buffer.from('restricted characters\n')],
    ['trailing dot.', Buffer.from('a trailing dot\n')],
    ['trailing space ', Buffer.from('a trailing space\n')],
    [' leading space.txt', Buffer.from('a leading space\n')],
    ['~tilde.txt', Buffer.from('a leading tilde\n')],
    ['sub dir./inner:file.txt', Buffer.from('inside a folder with a trailing dot\n')],
    ['sub dir./deeper /x|y.txt', pseudoRandom(4000, 7)],
  ];
  return files.map(([path, bytes], i) => ({ path, bytes, mtime: new Date(base + i * 3_600_000) }));
}

export async function writeTree(root: string, files: TreeFile[]): Promise<void> {
  for (const f of files) {
    const full = join(root, f.path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, f.bytes);
    await utimes(full, f.mtime, f.mtime);
  }
}

/** Every file under root, keyed by its `/` path, with its bytes and mtime. */
export async function readTree(root: string): Promise<Map<string, { bytes: Buffer; mtime: Date }>> {
  const out = new Map<string, { bytes: Buffer; mtime: Date }>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(relative(root, full).split('\\').join('/'), { bytes: await readFile(full), mtime: (await stat(full)).mtime });
    }
  };
  await walk(root);
  return out;
}
