// Choosing a pair's folders from the command line: only the chosen subfolders (and the files at the top) sync;
// `pair select --all` brings the rest.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRig } from '../../onedrive/test/setup.js';
import type { Rig } from '../../onedrive/test/setup.js';
import { run } from '../main.js';

let rig: Rig;
let env: Record<string, string>;

async function stratus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { ...process.env, ...env }, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`));
  return { code, stdout, stderr };
}

beforeAll(async () => {
  rig = await openRig('personal');
  const token = ((await (await fetch(`${rig.e.adminUrl}/tokens`, { method: 'POST', body: '{}' })).json()) as { access_token: string }).access_token;
  env = { STRATUS_HOME: join(rig.tmp, 'home'), STRATUS_TOKEN: token, XDG_DATA_HOME: join(rig.tmp, 'data') };
  expect((await stratus('config', 'set', 'graph_url', rig.e.graphUrl)).code).toBe(0);
  await fetch(`${rig.e.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items: [
    { path: 'Team/Projects/plan.txt', content: 'plan' }, { path: 'Team/Archive/old.txt', content: 'old' }, { path: 'Team/readme.txt', content: 'hi' },
  ] }) });
});
afterAll(async () => { await rig.close(); });

describe('stratus pair add --only / pair select', () => {
  it('keeps only the chosen folders and the files at the top, then everything after --all', async () => {
    const local = join(rig.tmp, 'team');
    await mkdir(local);
    expect((await stratus('pair', 'add', '--local', local, '--remote', 'Team', '--only', '../etc')).stderr).toMatch(/leaves the pair's folder/);
    const add = await stratus('pair', 'add', '--local', local, '--remote', 'Team', '--only', '/Projects/');
    expect(add.stdout).toMatch(/only Projects/);
    const id = /Added pair ([0-9a-f]+):/.exec(add.stdout)![1]!;
    const bad = await stratus('sync', '--once', '--checkers', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--checkers takes a whole number from 1 to 1024, not "0"/);
    expect((await stratus('sync', '--once', '--checkers', '4')).code).toBe(0);
    expect((await readdir(local)).sort()).toEqual(['Projects', 'readme.txt']);
    expect(await readdir(join(local, 'Projects'))).toEqual(['plan.txt']);

    expect((await stratus('pair', 'select', id)).code).toBe(2);
    expect((await stratus('pair', 'select', id, '--all')).stdout).toMatch(/now keeps everything/);
    expect((await stratus('sync', '--once')).code).toBe(0);
    expect((await readdir(local)).sort()).toEqual(['Archive', 'Projects', 'readme.txt']);
    // Nothing left out was ever deleted on OneDrive.
    expect(await rig.drive.find('Team/Archive/old.txt')).toBeTruthy();
  });
});
