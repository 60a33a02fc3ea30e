import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultBandwidth } from '../core/graph/bandwidth.js';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('the window says what is synced and where: no "Up to date" before anything is, sections with headings, a synced folder shown instead of a second pair', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [
    { path: 'Reports/q3.txt', content: 'draft' }, { path: 'Reports/2026/a.txt', content: 'a' }, { path: 'Notes.txt', content: 'n' },
  ] }) });
  // The size of the desktop window (electron/windows.ts).
  await page.setViewportSize({ width: 420, height: 560 });
  await page.goto(host.url);
  const state = page.getByTestId('engine-state');
  await expect(state).toHaveText('Not signed in');

  await signIn(page, host.url);
  await expect(state).toHaveText('No folders synced yet');
  for (const name of ['Account', 'Synced folders', 'Files on OneDrive']) await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Synced folders' })).toContainText('Nothing is synced yet');

  const local = join(stateDir, 'Reports here');
  const pair = await syncFolder(page, 'Reports', local);
  await expect(state).toHaveText('Up to date');
  // The same control height and a select as wide as its choice, not as its longest option.
  const speed = await page.getByRole('combobox', { name: 'Transfer speed limit' }).boundingBox();
  const pause = await page.getByRole('combobox', { name: 'Pause syncing' }).boundingBox();
  expect(speed!.width).toBeLessThan(140);
  expect(speed!.height).toBe(pause!.height);
  expect(speed!.y).toBe(pause!.y);
  expect(speed!.height).toBe((await pair.getByRole('button', { name: 'Sync now' }).boundingBox())!.height + 2);

  // The line beside the name follows the folders: a paused folder is not "Up to date".
  await page.getByRole('combobox', { name: 'Pause syncing' }).selectOption('2');
  await expect(state).toHaveText('Paused');
  await page.getByRole('button', { name: 'Resume syncing' }).click();
  await expect(state).toHaveText('Up to date');

  // The folder just paired: where it lives here, and no form inviting a second pair of it.
  const files = page.getByRole('region', { name: 'Files' });
  const here = files.getByTestId('synced-here');
  await expect(here).toContainText(`/Reports is synced with ${local}`);
  await expect(here).toContainText('Up to date');
  await expect(files.getByRole('textbox', { name: 'Folder on this computer' })).toHaveCount(0);
  // A folder inside it is synced too, at its place in the pair's folder.
  await files.getByRole('button', { name: '2026', exact: true }).click();
  await expect(here).toContainText(`/Reports/2026 is synced as part of /Reports, in ${join(local, '2026')}`);
  await expect(files.getByRole('textbox', { name: 'Folder on this computer' })).toHaveCount(0);
  // The top is not synced: the form is back, empty, and names the pair already inside it; the folder is marked.
  await files.getByRole('button', { name: 'OneDrive', exact: true }).click();
  await expect(files.getByRole('textbox', { name: 'Folder on this computer' })).toHaveValue('');
  await expect(files).toContainText(`Already synced inside it: /Reports (with ${local})`);
  await expect(files.getByTestId('entry').filter({ hasText: 'Reports' })).toContainText('synced');
  await expect(files.getByTestId('entry').filter({ hasText: 'Notes.txt' })).not.toContainText('synced');

  // Stopping asks first, says the files stay, and then they do, on both sides.
  await pair.getByRole('button', { name: 'Stop syncing' }).click();
  const ask = pair.getByRole('group', { name: 'Stop syncing this folder' });
  await expect(ask).toContainText('Their files stay where they are');
  await ask.getByRole('button', { name: 'Keep syncing' }).click();
  await expect(ask).toHaveCount(0);
  await pair.getByRole('button', { name: 'Stop syncing' }).first().click();
  await ask.getByRole('button', { name: 'Stop syncing' }).click();
  await expect(page.getByRole('region', { name: 'Synced folders' }).getByTestId('pair')).toHaveCount(0);
  await expect(state).toHaveText('No folders synced yet');
  await expect(files.getByTestId('entry').filter({ hasText: 'Reports' })).not.toContainText('synced');
  expect(await readFile(join(local, 'q3.txt'), 'utf8')).toBe('draft');
  const tree = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string }[] };
  expect(tree.items.filter((i) => i.kind === 'file' && i.path?.startsWith('/Reports/')).map((i) => i.path).sort()).toEqual(['/Reports/2026/a.txt', '/Reports/q3.txt']);
});

test('a folder shows while its first sync runs, with a bar of its progress, gone once it is up to date', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Big/readme.txt', content: 'hi' }] }) });
  const local = join(stateDir, 'Big here');
  await mkdir(local);
  await writeFile(join(local, 'video.bin'), Buffer.alloc(2 * 1024 * 1024, 7));
  // Slow uploads (in this process's service) so the transfer lasts long enough to be seen.
  defaultBandwidth.setAll({ up: 512 * 1024, down: null });
  try {
    await signIn(page, host.url);
    const files = page.getByRole('region', { name: 'Files' });
    await files.getByRole('button', { name: 'Big', exact: true }).click();
    await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
    await files.getByRole('button', { name: 'Sync', exact: true }).click();
    // The pair shows while its first sync runs (addPair answers only once that pass is over).
    const pair = page.getByRole('region', { name: 'Synced folders' }).getByTestId('pair');
    await expect(files.getByTestId('synced-here')).toContainText(`/Big is synced with ${local}`);
    const bar = pair.getByRole('progressbar', { name: 'Syncing Big here' });
    await expect(bar).toBeVisible();
    await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    await expect(pair.getByTestId('pair-state')).toHaveText('Up to date', { timeout: 20_000 });
    await expect(bar).toHaveCount(0);
  } finally {
    defaultBandwidth.setAll({ up: null, down: null });
  }
});

test('a large delete waits with words for the app, not the command line; Sync now after putting files back, or Delete them', async ({ page, host, emulator, stateDir }) => {
  const names = Array.from({ length: 12 }, (_, i) => `f${i}.txt`);
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: names.map((n) => ({ path: `Old/${n}`, content: n })) }) });
  await signIn(page, host.url);
  const local = join(stateDir, 'Old here');
  const pair = await syncFolder(page, 'Old', local);
  const remote = async () => ((await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string }[] })
    .items.filter((i) => i.kind === 'file' && i.path?.startsWith('/Old/')).length;

  for (const n of names) await rm(join(local, n));
  await pair.getByRole('button', { name: 'Sync now' }).click();
  const state = pair.getByTestId('pair-state');
  await expect(state).toHaveText('This sync would delete 12 of 12 items. It is on hold until you confirm.');
  await expect(page.getByTestId('engine-state')).toHaveText('Waiting for your confirmation');
  await expect(pair).toContainText('Nothing is deleted until you choose');
  // Put back: Sync now finds nothing to delete.
  for (const n of names) await writeFile(join(local, n), n);
  await pair.getByRole('button', { name: 'Sync now' }).click();
  await expect(state).toHaveText('Up to date');
  expect(await remote()).toBe(12);
  // Deleted again, and confirmed this time.
  for (const n of names) await rm(join(local, n));
  await pair.getByRole('button', { name: 'Sync now' }).click();
  await pair.getByRole('button', { name: 'Delete them' }).click();
  await expect(state).toHaveText('Up to date');
  await expect.poll(remote).toBe(0);
});
