import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';

test('the activity list shows what was synced and says why a file was not', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Work/from-the-web.txt', content: 'hello' }] }) });
  const local = join(stateDir, 'Work here');
  await mkdir(local);
  await writeFile(join(local, 'notes.txt'), 'written here');
  // Two names OneDrive cannot tell apart: one of them must wait for a rename, with the reason shown.
  await writeFile(join(local, 'Budget.xlsx'), 'one');
  await writeFile(join(local, 'budget.xlsx'), 'two');

  await page.goto(host.url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  await (await popup).getByRole('button', { name: 'Accept' }).click();
  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('button', { name: 'Work', exact: true }).click();
  await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
  await files.getByRole('button', { name: 'Sync', exact: true }).click();

  const activity = page.getByRole('region', { name: 'Activity' }).getByTestId('activity');
  await expect(activity.filter({ hasText: 'Uploaded notes.txt' })).toHaveCount(1);
  await expect(activity.filter({ hasText: 'Downloaded from-the-web.txt' })).toHaveCount(1);
  const skipped = activity.filter({ hasText: 'Not synced' });
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toContainText(/only by upper\/lower case.+Rename it/);
  await expect(skipped).toHaveClass(/attention/);
});
