// The steps most specs share, written once: sign in through the emulator's consent page, and pair a OneDrive
// folder with a folder here from the file browser.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.js';

export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  await (await popup).getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('account')).toHaveCount(1);
}

/** Opens `folder` (top level) in the file browser, syncs it with `local`, and returns the pair's row once it is up to date. */
export async function syncFolder(page: Page, folder: string, local: string, direction?: 'two-way' | 'upload-only' | 'download-only'): Promise<Locator> {
  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('button', { name: folder, exact: true }).click();
  await expect(files).toContainText(`Keep /${folder} in sync with`);
  await files.getByRole('textbox', { name: 'Folder on this computer' }).fill(local);
  if (direction) await files.getByRole('combobox', { name: 'Direction' }).selectOption(direction);
  await files.getByRole('button', { name: 'Sync', exact: true }).click();
  const pair = page.getByRole('region', { name: 'Synced folders' }).getByTestId('pair').filter({ hasText: local });
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  return pair;
}
