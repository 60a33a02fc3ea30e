import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let browser: Browser;
let h: Harness;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});
afterAll(async () => { await browser?.close(); });
afterEach(async () => { await h?.close(); });

/** The host's openBrowser, as the Electron sign-in window does it: load the page, hand it to the user. */
function pageOpener(page: Page): { openBrowser: (url: string) => Promise<void>; opened: Promise<void> } {
  let ready!: () => void;
  const opened = new Promise<void>((r) => { ready = r; });
  return { opened, openBrowser: async (url) => { await page.goto(url); ready(); } };
}

describe('sign-in through a real browser page', () => {
  it('picks the second account, accepts, and the token works on Graph', async () => {
    h = await startHarness({ autoApprove: false });
    const auth = h.manager();
    const page = await browser.newPage();
    const { openBrowser, opened } = pageOpener(page);
    const signIn = auth.signInInteractive({ openBrowser });
    await opened;
    await expect(page.getByRole('heading', { name: 'Permissions requested' }).isVisible()).resolves.toBe(true);
    expect(await page.getByText('Files.ReadWrite.All').count()).toBe(1);
    await page.getByLabel('sam@outlook.com').check();
    await page.getByRole('button', { name: 'Accept' }).click();
    const account = await signIn;
    expect(account.username).toBe('sam@outlook.com');
    await page.waitForURL(/^http:\/\/localhost:\d+\/$/);
    expect(await page.textContent('body')).toMatch(/signed in to Stratus/);
    const drive = await h.graph(await auth.getAccessToken(account.id));
    expect(drive.status).toBe(200);
    await page.close();
  });

  it('reports Deny as declined', async () => {
    h = await startHarness({ autoApprove: false });
    const auth = h.manager();
    const page = await browser.newPage();
    const { openBrowser, opened } = pageOpener(page);
    const signIn = auth.signInInteractive({ openBrowser });
    signIn.catch(() => undefined);
    await opened;
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(signIn).rejects.toMatchObject({ kind: 'declined' });
    await page.close();
  });
});
