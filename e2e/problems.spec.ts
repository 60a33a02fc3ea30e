import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('a file that cannot sync is listed with why, and leaves the list once renamed', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Reports/q3.txt', content: 'draft' }] }) });
  await signIn(page, host.url);
  const local = join(stateDir, 'Reports here');
  await mkdir(local, { recursive: true });
  await writeFile(join(local, 'CON'), 'a name Windows and OneDrive reserve');
  const pair = await syncFolder(page, 'Reports', local);

  const card = page.getByRole('region', { name: 'Not syncing' });
  await expect(card.getByRole('heading')).toHaveText('Not syncing (1)');
  await expect(card.getByTestId('problem')).toHaveCount(1);
  await expect(card.getByTestId('problem')).toContainText('/Reports/CON');
  await expect(card.getByTestId('problem')).toContainText('reserved by Windows and OneDrive refuses it. Rename it.');
  await expect(page.getByTestId('engine-state')).toHaveText('1 file not syncing');

  await rename(join(local, 'CON'), join(local, 'CON notes.txt'));
  await pair.getByRole('button', { name: 'Sync now' }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('engine-state')).toHaveText('Up to date');
  await expect.poll(async () => ((await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string }[] })
    .items.some((i) => i.path === '/Reports/CON notes.txt')).toBe(true);
});
