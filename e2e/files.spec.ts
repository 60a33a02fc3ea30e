import { expect, test } from './fixtures.js';
import { signIn } from './ui.js';

test('browse the drive and make a share link in one click', async ({ page, host, emulator }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Trips/Lisbon.jpg', content: 'jpeg bytes' }, { path: 'notes.txt', content: 'hi' }] }) });
  await signIn(page, host.url);

  const files = page.getByRole('region', { name: 'Files' });
  await expect(files.getByTestId('entry')).toHaveCount(2);
  await files.getByRole('button', { name: 'Trips', exact: true }).click();
  await expect(files.getByText('Lisbon.jpg')).toBeVisible();
  await files.getByRole('button', { name: 'Share Lisbon.jpg' }).click();
  // Personal drives make 1drv.ms links (the emulator mirrors the real service's link shapes).
  await expect(files.getByRole('textbox', { name: 'Link to Lisbon.jpg' })).toHaveValue(/^https:\/\/1drv\.ms\//);
});

test('a link the drive cannot make is refused with the reason', async ({ page, host, emulator }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'notes.txt', content: 'hi' }] }) });
  await signIn(page, host.url);
  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('combobox', { name: 'Link scope' }).selectOption('organization');
  await files.getByRole('button', { name: 'Share notes.txt' }).click();
  await expect(files.getByRole('alert')).toContainText('Organization links exist only on OneDrive for Business');
});
