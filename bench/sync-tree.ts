// The trees the sync benchmark moves: N files of 1-64 KB in folders of 100, made on disk or seeded remotely.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PER_FOLDER = 100;

/** Sizes from a fixed sequence so two runs move the same bytes: 1 KB to 64 KB. */
export function sizeOf(i: number): number {
  return 1024 + ((i * 7919) % (63 * 1024 + 1));
}

export function pathOf(i: number): string {
  return `d${Math.floor(i / PER_FOLDER)}/f${i % PER_FOLDER}.bin`;
}

/** Writes `count` files of random bytes under `root`; returns the total bytes. */
export async function writeLocalTree(root: string, count: number): Promise<number> {
  let bytes = 0;
  for (let d = 0; d * PER_FOLDER < count; d++) {
    await mkdir(join(root, `d${d}`), { recursive: true });
    const n = Math.min(PER_FOLDER, count - d * PER_FOLDER);
    await Promise.all(Array.from({ length: n }, (_, k) => {
      const i = d * PER_FOLDER + k;
      bytes += sizeOf(i);
      return writeFile(join(root, pathOf(i)), randomBytes(sizeOf(i)));
    }));
  }
  return bytes;
}

/** Seed entries for items [from, to) of the same shape of tree under `folder`, random bytes as base64. */
export function remoteTree(folder: string, from: number, to: number): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = [];
  for (let i = from; i < to; i++) items.push({ path: `${folder}/${pathOf(i)}`, base64: randomBytes(sizeOf(i)).toString('base64') });
  return items;
}

export function treeBytes(count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += sizeOf(i);
  return bytes;
}

/** A tiny text per item, the same on both sides: for the 100,000-item pair, where only the count matters. */
export function smallText(i: number): string {
  return `item ${i}\n`;
}

export async function writeSmallLocal(root: string, count: number): Promise<void> {
  for (let d = 0; d * PER_FOLDER < count; d++) {
    await mkdir(join(root, `d${d}`), { recursive: true });
    const n = Math.min(PER_FOLDER, count - d * PER_FOLDER);
    await Promise.all(Array.from({ length: n }, (_, k) => writeFile(join(root, pathOf(d * PER_FOLDER + k)), smallText(d * PER_FOLDER + k))));
  }
}

export function smallRemote(folder: string, from: number, to: number): Array<Record<string, unknown>> {
  return Array.from({ length: to - from }, (_, k) => ({ path: `${folder}/${pathOf(from + k)}`, content: smallText(from + k) }));
}
