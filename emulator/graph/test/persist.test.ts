import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { harness, type Harness, type Item, type Page } from './helpers.js';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it.each(['personal', 'business'] as const)('keeps the %s drive, its ids and its delta position across a restart with --data', async (profile) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-emu-'));
  dirs.push(dataDir);
  h = await harness({ profile, dataDir });
  await h.admin('/seed', { items: [{ path: 'kept/a.txt', content: 'alpha', mtime: '2022-03-04T05:06:07Z' }] });
  const before = (await h.graph<Item>('/me/drive/root:/kept/a.txt')).body;
  const delta = await h.graph<Page>('/me/drive/root/delta?token=latest');
  await h.close();

  h = await harness({ profile, dataDir });
  const after = await h.graph<Item>('/me/drive/root:/KEPT/a.txt');
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ id: before.id, eTag: before.eTag, size: 5, file: { hashes: { quickXorHash: before.file!.hashes.quickXorHash } } });
  // A token from before the restart still works and sees only what changed since.
  await h.admin('/change', { op: 'create', path: 'kept/b.txt', content: 'beta' });
  const changes = await h.graph<Page>(delta.body['@odata.deltaLink']!.replace(/^http:\/\/[^/]+/, h.emulator.origin));
  expect(changes.body.value.map((i) => i.name).sort()).toEqual(['b.txt', 'kept', 'root']);
  const made = await h.graph<Item>('/me/drive/root/children', { body: { name: 'new', folder: {} } });
  expect(made.body.id).not.toBe(before.id);
});
