import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultBandwidth } from '../core/graph/bandwidth.js';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('choose a OneDrive folder, keep it in sync with a folder here, and see it arrive', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Documents/plan.txt', content: 'the plan' }] }) });
  await signIn(page, host.url);
  const local = join(stateDir, 'My Documents');
  const pair = await syncFolder(page, 'Documents', local);
  await expect(pair).toContainText(`${local} ⇄ /Documents`);
  expect(await readFile(join(local, 'plan.txt'), 'utf8')).toBe('the plan');

  // A speed limit for every transfer of every account, at once.
  await page.getByRole('combobox', { name: 'Transfer speed limit' }).selectOption('1M:4M');
  await expect.poll(() => defaultBandwidth.for('any account').current()).toEqual({ up: 1024 ** 2, down: 4 * 1024 ** 2 });
  await page.getByRole('combobox', { name: 'Transfer speed limit' }).selectOption('off');
  await expect.poll(() => defaultBandwidth.for('any account').current()).toEqual({ up: null, down: null });

  await page.getByRole('combobox', { name: 'Pause syncing' }).selectOption('2');
  await expect(pair.getByTestId('pair-state')).toContainText('Paused until');
  await page.getByRole('button', { name: 'Resume syncing' }).click();
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
});

test("download only: OneDrive's files arrive, and a file made here stays here", async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Photos/beach.jpg', content: 'jpeg bytes' }] }) });
  const local = join(stateDir, 'Photos here');
  await mkdir(local);
  await writeFile(join(local, 'local-only.txt'), 'stays on this computer');
  await signIn(page, host.url);

  const pair = await syncFolder(page, 'Photos', local, 'download-only');
  await expect(pair).toContainText(`${local} ← /Photos`);
  expect(await readFile(join(local, 'beach.jpg'), 'utf8')).toBe('jpeg bytes');
  const tree = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string }[] };
  expect(tree.items.map((i) => i.path).filter((p) => p?.startsWith('/Photos/'))).toEqual(['/Photos/beach.jpg']);
});
