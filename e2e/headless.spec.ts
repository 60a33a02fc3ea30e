import { expect, test } from './fixtures.js';

test('the UI opens in Chromium through the headless host and shows the service answering', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Stratus' })).toBeVisible();
  // The footer is filled from getAppInfo(), a round trip through window.stratus and the WebSocket bridge.
  await expect(page.getByTestId('app-info')).toContainText(/Stratus \d+\.\d+\.\d+ · headless · linux/);
  // Nothing is synced before sign-in, so nothing is said to be up to date.
  await expect(page.getByTestId('engine-state')).toHaveText('Not signed in');
  expect(errors).toEqual([]);
});

test('window.stratus refuses a request the contract does not have', async ({ page, host }) => {
  await page.goto(host.url);
  const message = await page.evaluate(async () => {
    try {
      await (globalThis as unknown as { stratus: Record<string, () => Promise<unknown>> }).stratus.eraseDisk!();
      return 'answered';
    } catch (err) {
      return (err as Error).message;
    }
  });
  expect(message).toMatch(/unknown request eraseDisk/);
});
