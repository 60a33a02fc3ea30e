import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('the activity list shows what was synced and says why a file was not', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Work/from-the-web.txt', content: 'hello' }] }) });
  const local = join(stateDir, 'Work here');
  await mkdir(local);
  await writeFile(join(local, 'notes.txt'), 'written here');
  // Two names OneDrive cannot tell apart: one of them must wait for a rename, with the reason shown.
  await writeFile(join(local, 'Budget.xlsx'), 'one');
  await writeFile(join(local, 'budget.xlsx'), 'two');

  await signIn(page, host.url);
  await syncFolder(page, 'Work', local);

  const activity = page.getByRole('region', { name: 'Activity' }).getByTestId('activity');
  await expect(activity.filter({ hasText: 'Uploaded notes.txt' })).toHaveCount(1);
  await expect(activity.filter({ hasText: 'Downloaded from-the-web.txt' })).toHaveCount(1);
  const skipped = activity.filter({ hasText: 'Not synced' });
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toContainText(/only by upper\/lower case.+Rename it/);
  await expect(skipped).toHaveClass(/attention/);
  // The file browser, opened on /Work before the sync, follows it: what went up is listed without a click.
  await expect(page.getByRole('region', { name: 'Files' }).getByTestId('entry').filter({ hasText: 'notes.txt' })).toHaveCount(1);
});
