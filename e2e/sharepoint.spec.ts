import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { signIn } from './ui.js';

test.use({ profile: 'business' });

test('a work account finds a SharePoint library by site name, browses it and keeps a folder of it in sync', async ({ page, host, emulator, stateDir }) => {
  const drives = (await (await fetch(`${emulator.adminUrl}/drives`)).json()) as { value: { id: string; name: string; driveType: string; siteId?: string }[] };
  const campaigns = drives.value.find((d) => d.driveType === 'documentLibrary' && d.name === 'Campaigns')!;
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ drive: campaigns.id, items: [{ path: 'Spring/brief.txt', content: 'the spring brief' }] }) });

  await signIn(page, host.url);

  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('textbox', { name: 'SharePoint site' }).fill('market');
  await files.getByRole('button', { name: 'Find', exact: true }).click();
  await files.getByRole('combobox', { name: 'Drive' }).selectOption({ label: 'Marketing — Campaigns' });
  await files.getByRole('button', { name: 'Spring', exact: true }).click();
  await expect(files).toContainText('brief.txt');

  const local = join(stateDir, 'Spring campaign');
  await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
  await files.getByRole('button', { name: 'Sync', exact: true }).click();
  const pair = page.getByRole('region', { name: 'Synced folders' }).getByTestId('pair');
  await expect(pair).toContainText(`${local} ⇄ /Spring`);
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  expect(await readFile(join(local, 'brief.txt'), 'utf8')).toBe('the spring brief');

  await files.getByRole('textbox', { name: 'SharePoint site' }).fill('nothing like it');
  await files.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(files.getByRole('alert')).toContainText('No SharePoint site matching "nothing like it"');
});
