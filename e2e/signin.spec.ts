import { expect, test } from './fixtures.js';

test('signing in through the browser adds the account, and signing out removes it', async ({ page, host }) => {
  await page.goto(host.url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  // The real sign-in: msal-node's loopback and PKCE, the emulator's consent page, form_post back to msal.
  const consent = await popup;
  await expect(consent.getByRole('heading', { name: 'Permissions requested' })).toBeVisible();
  await consent.getByRole('radio', { name: 'sam@outlook.com' }).check();
  await consent.getByRole('button', { name: 'Accept' }).click();

  const account = page.getByTestId('account');
  await expect(account).toHaveCount(1);
  await expect(account).toContainText('Sam Roe');
  await expect(account).toContainText('sam@outlook.com');

  await account.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('account')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in to OneDrive' })).toBeVisible();
});

test('denying consent leaves no account and says what happened', async ({ page, host }) => {
  await page.goto(host.url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  const consent = await popup;
  await consent.getByRole('button', { name: 'Deny' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('account')).toHaveCount(0);
});

test('a sign-in can be cancelled from Stratus while the page waits', async ({ page, host }) => {
  await page.goto(host.url);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in to OneDrive' }).click();
  await popup;
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Sign in to OneDrive' })).toBeVisible();
  await expect(page.getByTestId('account')).toHaveCount(0);
  // The user chose to stop: nothing went wrong, so no error is shown.
  await expect(page.getByRole('alert')).toHaveCount(0);
});
