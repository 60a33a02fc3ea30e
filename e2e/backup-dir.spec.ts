import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { signIn } from './ui.js';

test('backup folder: set when adding a pair (one inside it is refused), changed on the pair; a replaced file lands there', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Reports/q3.txt', content: 'draft' }] }) });
  await signIn(page, host.url);
  const remoteFiles = async (folder: string) => ((await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string; size?: number }[] })
    .items.filter((i) => i.kind === 'file' && i.path?.startsWith(`/${folder}/`)).map((i) => `${i.path} ${i.size}`).sort();

  const files = page.getByRole('region', { name: 'Files' });
  const pairs = page.getByRole('region', { name: 'Synced folders' });
  const local = join(stateDir, 'Reports here');
  await files.getByRole('button', { name: 'Reports', exact: true }).click();
  await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
  await files.getByRole('textbox', { name: 'Backup folder on OneDrive' }).fill('/Reports/old');
  await files.getByRole('button', { name: 'Sync', exact: true }).click();
  await expect(pairs.getByRole('alert')).toContainText("The backup folder /Reports/old is inside the pair's folder /Reports");
  await expect(pairs.getByTestId('pair')).toHaveCount(0);

  await files.getByRole('textbox', { name: 'Backup folder on OneDrive' }).fill('/Report backups');
  await files.getByRole('button', { name: 'Sync', exact: true }).click();
  const pair = pairs.getByTestId('pair').filter({ hasText: local });
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  await expect(pair).toContainText('Replaced files kept in /Report backups');
  await expect(pairs.getByRole('alert')).toHaveCount(0);

  await writeFile(join(local, 'q3.txt'), 'final version');
  await pair.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => remoteFiles('Report backups')).toEqual(['/Report backups/q3.txt 5']);

  // Changed on the pair: refused inside it, then another folder; the next replace goes there.
  await pair.getByRole('button', { name: 'Backup folder' }).click();
  const field = pair.getByRole('textbox', { name: 'Backup folder on OneDrive' });
  await expect(field).toHaveValue('/Report backups');
  await field.fill('Reports/Archive');
  await pair.getByRole('button', { name: 'Save' }).click();
  await expect(pairs.getByRole('alert')).toContainText("inside the pair's folder /Reports");
  await expect(pair).toContainText('Replaced files kept in /Report backups');
  await pair.getByRole('button', { name: 'Backup folder' }).click();
  await field.fill('/Old reports');
  await pair.getByRole('button', { name: 'Save' }).click();
  await expect(pair).toContainText('Replaced files kept in /Old reports');
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  await writeFile(join(local, 'q3.txt'), 'final, really');
  await pair.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => remoteFiles('Old reports')).toEqual(['/Old reports/q3.txt 13']);

  // Emptied: none; the setting is gone from the pair after a reload too.
  await pair.getByRole('button', { name: 'Backup folder' }).click();
  await field.fill('');
  await pair.getByRole('button', { name: 'Save' }).click();
  await expect(pair).not.toContainText('Replaced files kept in');
  await page.reload();
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  await expect(pair).not.toContainText('Replaced files kept in');
  expect(await readFile(join(local, 'q3.txt'), 'utf8')).toBe('final, really');
});
