import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultBandwidth } from '../core/graph/bandwidth.js';
import { expect, test } from './fixtures.js';

test('choose a OneDrive folder, keep it in sync with a folder here, and see it arrive', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Documents/plan.txt', content: 'the plan' }] }) });
  await page.goto(host.url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  await (await popup).getByRole('button', { name: 'Accept' }).click();

  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('button', { name: 'Documents', exact: true }).click();
  const local = join(stateDir, 'My Documents');
  await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
  await files.getByRole('button', { name: 'Sync', exact: true }).click();

  const pair = page.getByRole('region', { name: 'Synced folders' }).getByTestId('pair');
  await expect(pair).toContainText(`${local} ⇄ /Documents`);
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
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
  await page.goto(host.url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  await (await popup).getByRole('button', { name: 'Accept' }).click();

  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('button', { name: 'Photos', exact: true }).click();
  await expect(files).toContainText('Keep /Photos in sync with');
  await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
  await files.getByRole('combobox', { name: 'Direction' }).selectOption('download-only');
  await files.getByRole('button', { name: 'Sync', exact: true }).click();

  const pair = page.getByRole('region', { name: 'Synced folders' }).getByTestId('pair');
  await expect(pair).toContainText(`${local} ← /Photos`);
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  expect(await readFile(join(local, 'beach.jpg'), 'utf8')).toBe('jpeg bytes');
  const tree = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string }[] };
  expect(tree.items.map((i) => i.path).filter((p) => p?.startsWith('/Photos/'))).toEqual(['/Photos/beach.jpg']);
});
