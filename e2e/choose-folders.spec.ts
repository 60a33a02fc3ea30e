import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('choose folders: only the checked folders (and the files at the top) stay in sync; checking all again brings the rest', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [
    { path: 'Team/Projects/2026/plan.txt', content: 'plan' }, { path: 'Team/Archive/old.txt', content: 'old' }, { path: 'Team/readme.txt', content: 'hi' },
  ] }) });
  await signIn(page, host.url);
  const local = join(stateDir, 'Team here');
  const pair = await syncFolder(page, 'Team', local);

  await pair.getByRole('button', { name: 'Choose folders' }).click();
  const picker = pair.getByRole('group', { name: 'Folders of /Team' });
  await expect(picker.getByRole('checkbox', { name: 'Archive' })).toBeChecked();
  await picker.getByRole('button', { name: 'Open Projects' }).click();
  // A folder inside a checked one is in with it.
  await expect(picker.getByRole('checkbox', { name: '2026' })).toBeDisabled();
  await picker.getByRole('checkbox', { name: 'Archive' }).uncheck();
  await picker.getByRole('button', { name: 'Save' }).click();
  await expect(pair).toContainText('Only Projects');
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');

  const edit = (path: string, content: string) => fetch(`${emulator.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'edit', path, content }) });
  await edit('Team/Archive/old.txt', 'old, edited on the web');
  await edit('Team/Projects/2026/plan.txt', 'plan, edited on the web');
  await pair.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => readFile(join(local, 'Projects/2026/plan.txt'), 'utf8')).toBe('plan, edited on the web');
  expect(await readFile(join(local, 'Archive/old.txt'), 'utf8')).toBe('old');
  expect((await readdir(local)).sort()).toEqual(['Archive', 'Projects', 'readme.txt']);

  await pair.getByRole('button', { name: 'Choose folders' }).click();
  await picker.getByRole('checkbox', { name: 'Archive' }).check();
  await picker.getByRole('button', { name: 'Save' }).click();
  await expect(pair).not.toContainText('Only ');
  await expect.poll(() => readFile(join(local, 'Archive/old.txt'), 'utf8')).toBe('old, edited on the web');
});

test('skip files: names matching the patterns are left out; removing the pattern brings them', async ({ page, host, emulator, stateDir }) => {
  const local = join(stateDir, 'Code here');
  await mkdir(local);
  await writeFile(join(local, 'main.ts'), 'code');
  await signIn(page, host.url);
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Code/readme.md', content: 'hi' }] }) });
  await page.reload();
  const pair = await syncFolder(page, 'Code', local);

  await pair.getByRole('button', { name: 'Skip files' }).click();
  await pair.getByRole('textbox', { name: 'Files to skip' }).fill('*.log, build');
  await pair.getByRole('button', { name: 'Save' }).click();
  await expect(pair).toContainText('Skipping *.log, build');
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  await writeFile(join(local, 'debug.log'), 'noise');
  await mkdir(join(local, 'build'));
  await writeFile(join(local, 'build', 'out.js'), 'generated');
  await writeFile(join(local, 'util.ts'), 'more code');
  const remote = async () => ((await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string }[] })
    .items.filter((i) => i.kind === 'file' && i.path?.startsWith('/Code/')).map((i) => i.path).sort();
  await expect.poll(remote).toEqual(['/Code/main.ts', '/Code/readme.md', '/Code/util.ts']);

  await pair.getByRole('button', { name: 'Skip files' }).click();
  await pair.getByRole('textbox', { name: 'Files to skip' }).fill('');
  await pair.getByRole('button', { name: 'Save' }).click();
  await expect(pair).not.toContainText('Skipping');
  await expect.poll(remote).toEqual(['/Code/build/out.js', '/Code/debug.log', '/Code/main.ts', '/Code/readme.md', '/Code/util.ts']);
});
