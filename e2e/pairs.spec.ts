import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthManager } from '../core/auth/index.js';
import { defaultBandwidth } from '../core/graph/bandwidth.js';
import { emulatorEndpoints } from '../core/service/endpoints.js';
import { StratusService } from '../core/service/service.js';
import { loadSettings } from '../core/sync/runner/pairs.js';
import { startHeadlessHost } from '../headless/server.js';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('choose a OneDrive folder, keep it in sync with a folder here, and see it arrive', async ({ page, host, emulator, stateDir, store }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Documents/plan.txt', content: 'the plan' }] }) });
  await signIn(page, host.url);
  const local = join(stateDir, 'My Documents');
  const pair = await syncFolder(page, 'Documents', local);
  await expect(pair).toContainText(`${local} ⇄ /Documents`);
  expect(await readFile(join(local, 'plan.txt'), 'utf8')).toBe('the plan');

  // A speed limit for every transfer of every account, at once, and saved.
  const speed = page.getByRole('combobox', { name: 'Transfer speed limit' });
  await speed.selectOption({ label: '1 MB/s up, 4 MB/s down' });
  await expect.poll(() => defaultBandwidth.for('any account').current()).toEqual({ up: 1024 ** 2, down: 4 * 1024 ** 2 });
  await expect.poll(() => loadSettings(join(stateDir, 'home'))).toEqual({ bwlimit: '1Mi:4Mi' });
  // Stratus started again on the same data folder: the limit is in force and the control shows it.
  defaultBandwidth.setAll({ up: null, down: null });
  const again = new StratusService({ host: 'headless', auth: new AuthManager({ store, ...emulatorEndpoints(emulator.origin) }), home: join(stateDir, 'home') });
  const host2 = await startHeadlessHost({ service: again });
  try {
    expect(defaultBandwidth.for('any account').current()).toEqual({ up: null, down: null });
    const page2 = await page.context().newPage();
    await page2.goto(host2.url);
    await expect(page2.getByRole('combobox', { name: 'Transfer speed limit' })).toHaveValue('1Mi:4Mi');
    expect(defaultBandwidth.for('any account').current()).toEqual({ up: 1024 ** 2, down: 4 * 1024 ** 2 });
    await page2.close();
  } finally {
    await host2.close();
  }
  await page.reload();
  await expect(speed).toHaveValue('1Mi:4Mi');
  // A timetable (rclone's form): a bad slot is named; a good one applies the slot of the hour and is shown.
  await speed.selectOption({ label: 'other, or by the hour…' });
  const field = page.getByRole('textbox', { name: 'Speed limit or timetable' });
  await field.fill('00:00,2M 12:00,2M:8M 7:5,off');
  await page.getByRole('button', { name: 'Set' }).click();
  await expect(page.getByRole('region', { name: 'Synced folders' }).getByRole('alert')).toContainText('the slot "7:5,off" has no valid time');
  await expect(speed).toHaveValue('1Mi:4Mi');
  await speed.selectOption({ label: 'other, or by the hour…' });
  await field.fill('00:00,2M 12:00,2M:8M');
  await page.getByRole('button', { name: 'Set' }).click();
  await expect(speed).toHaveValue('00:00,2Mi 12:00,2Mi:8Mi');
  const hourly = () => (new Date().getHours() < 12 ? { up: 2 * 1024 ** 2, down: 2 * 1024 ** 2 } : { up: 2 * 1024 ** 2, down: 8 * 1024 ** 2 });
  await expect.poll(() => defaultBandwidth.for('any account').current()).toEqual(hourly());
  await speed.selectOption('off');
  await expect.poll(() => defaultBandwidth.for('any account').current()).toEqual({ up: null, down: null });

  await page.getByRole('combobox', { name: 'Pause syncing' }).selectOption('2');
  await expect(pair.getByTestId('pair-state')).toContainText('Paused until');
  await page.getByRole('button', { name: 'Resume syncing' }).click();
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
});

test("download only: OneDrive's files arrive, and a file made here stays here", async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Photos/beach.jpg', content: 'jpeg bytes' }] }) });
  const local = join(stateDir, 'Photos here');
  await mkdir(local);
  await writeFile(join(local, 'local-only.txt'), 'stays on this computer');
  await signIn(page, host.url);

  const pair = await syncFolder(page, 'Photos', local, 'download-only');
  await expect(pair).toContainText(`${local} ← /Photos`);
  expect(await readFile(join(local, 'beach.jpg'), 'utf8')).toBe('jpeg bytes');
  const tree = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string }[] };
  expect(tree.items.map((i) => i.path).filter((p) => p?.startsWith('/Photos/'))).toEqual(['/Photos/beach.jpg']);
});
