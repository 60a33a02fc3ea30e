// rclone's --checkers: how many files the scan hashes at once. Counted on the file system the engine reads.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onedriveEncoder } from '../../names/encoder.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import type { LocalFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { MemoryDrive } from '../remote/index.js';
import { syncOnce } from './sync-once.js';

let base: string;
let journal: Journal;
beforeEach(async () => { base = await mkdtemp(join(tmpdir(), 'stratus-checkers-')); });
afterEach(async () => { journal.close(); await rm(base, { recursive: true, force: true }); });

/** The most reads of file contents in flight at once during one first pass over 40 files. */
async function peakReads(checkers?: number): Promise<number> {
  const root = join(base, `pair-${checkers ?? 'default'}`);
  await mkdir(root);
  for (let i = 0; i < 40; i++) await writeFile(join(root, `f${i}.txt`), `file ${i}`);
  const inner = new NodeFs(root, new FreedesktopTrash(join(base, 'data')));
  let now = 0;
  let peak = 0;
  const fs = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'readSmall' || typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        peak = Math.max(peak, ++now);
        try {
          await new Promise((r) => setTimeout(r, 2));
          return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          now--;
        }
      };
    },
  }) as LocalFs;
  const drive = new MemoryDrive();
  journal?.close();
  journal = new Journal(join(base, `j-${checkers ?? 'default'}.db`));
  journal.putPair({ pairId: 'p', driveId: drive.driveId, remoteRootId: drive.rootId, localRoot: root });
  const r = await syncOnce({
    pairId: 'p', fs, remote: drive, journal, transfers: 4, now: () => Date.now(), decode: (n) => onedriveEncoder.decode(n),
    options: defaultOptions(onedriveNameRules, 'laptop', Date.now()), ...(checkers ? { checkers } : {}),
  });
  expect(r.report?.failed).toEqual([]);
  return peak;
}

describe('checkers', () => {
  it('caps the files hashed at once; without the option the scan reads many at once', async () => {
    expect(await peakReads(2)).toBe(2);
    expect(await peakReads()).toBeGreaterThan(8);
  });
});
