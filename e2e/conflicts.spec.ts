import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { signIn, syncFolder } from './ui.js';

test('a file changed here and on OneDrive: both versions are shown, and "Keep mine" puts mine back under the name everywhere', async ({ page, host, emulator, stateDir }) => {
  await fetch(`${emulator.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [{ path: 'Notes/todo.txt', content: 'v1' }] }) });
  await signIn(page, host.url);
  const local = join(stateDir, 'Notes here');
  const pair = await syncFolder(page, 'Notes', local);

  // Both sides change while syncing is paused, so the next pass sees both edits at once.
  await page.getByRole('combobox', { name: 'Pause syncing' }).selectOption('2');
  await expect(pair.getByTestId('pair-state')).toContainText('Paused until');
  await writeFile(join(local, 'todo.txt'), 'mine: written on this computer');
  await fetch(`${emulator.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'edit', path: 'Notes/todo.txt', content: 'theirs: edited on the web' }) });
  await page.getByRole('button', { name: 'Resume syncing' }).click();

  const conflict = page.getByRole('region', { name: 'Conflicts' }).getByTestId('conflict');
  await expect(conflict).toContainText('todo.txt changed here and on OneDrive');
  await expect(conflict).toContainText(/todo \(conflict .+\)\.txt/);
  expect(await readFile(join(local, 'todo.txt'), 'utf8')).toBe('theirs: edited on the web');
  // The folder is idle, but the window is not "Up to date" while a file waits for a choice.
  await expect(page.getByTestId('engine-state')).toHaveText('1 file changed in two places');

  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByRole('region', { name: 'Conflicts' })).toHaveCount(0);
  expect(await readFile(join(local, 'todo.txt'), 'utf8')).toBe('mine: written on this computer');
  await expect(pair.getByTestId('pair-state')).toHaveText('Up to date');
  await expect(page.getByTestId('engine-state')).toHaveText('Up to date');
  expect(await readdir(local)).toEqual(['todo.txt']);
  // OneDrive holds mine under the name and nothing else in the folder.
  await expect.poll(async () => {
    const tree = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string; size?: number }[] };
    return tree.items.filter((i) => i.kind === 'file' && i.path?.startsWith('/Notes/')).map((i) => [i.path, i.size]);
  }).toEqual([['/Notes/todo.txt', 'mine: written on this computer'.length]]);
});
