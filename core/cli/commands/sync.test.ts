// pair / sync / status / conflicts end to end: the CLI against an in-process emulator, both sides compared by hash.
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickXorHash } from '../../hash/quickxor.js';
import { openRig } from '../../onedrive/test/setup.js';
import type { Rig } from '../../onedrive/test/setup.js';
import { run } from '../main.js';
import { driveFiles, localFiles } from '../../sync/test/tree-hashes.js';

const BIN = fileURLToPath(new URL('../../../bin/stratus.js', import.meta.url));

interface Result { code: number; stdout: string; stderr: string }

let rig: Rig;
let env: Record<string, string>;
let local: string;
let savedDataHome: string | undefined;

async function stratus(...args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { ...process.env, ...env }, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`));
  return { code, stdout, stderr };
}

function spawned(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function change(...changes: Record<string, unknown>[]): Promise<void> {
  const r = await fetch(`${rig.e.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ changes }) });
  if (!r.ok) throw new Error(`change refused: ${await r.text()}`);
}



beforeAll(async () => {
  rig = await openRig('personal');
  // Local deletions go to the freedesktop trash: keep it inside the test's folder.
  savedDataHome = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = join(rig.tmp, 'data');
  const r = await fetch(`${rig.e.adminUrl}/tokens`, { method: 'POST', body: '{}' });
  const token = ((await r.json()) as { access_token: string }).access_token;
  env = { STRATUS_HOME: join(rig.tmp, 'home'), STRATUS_TOKEN: token, XDG_DATA_HOME: join(rig.tmp, 'data') };
  local = join(rig.tmp, 'pair');
  expect((await stratus('config', 'set', 'graph_url', rig.e.graphUrl)).code).toBe(0);
});
afterAll(async () => {
  if (savedDataHome === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = savedDataHome;
  await rig.close();
});

describe('stratus pair and sync', () => {
  let id = '';

  it('adds a pair (making both folders), lists it, and refuses bad or overlapping ones', async () => {
    const add = await stratus('pair', 'add', '--local', local, '--remote', ':Docs/Sync', '--ignore', '*.log', '--ignore', 'build/');
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    id = /Added pair ([0-9a-f]+):/.exec(add.stdout)![1]!;
    expect((await rig.drive.find('Docs/Sync'))?.folder).toBeDefined();
    const list = await stratus('pair', 'list');
    expect(list.stdout).toContain(`${id}  ${local} <-> :/Docs/Sync (two-way; ignore *.log build/)`);
    const nested = await stratus('pair', 'add', '--local', join(local, 'inner'), '--remote', 'Other');
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/overlaps pair/);
    const mode = await stratus('pair', 'add', '--local', join(rig.tmp, 'x'), '--remote', 'X', '--mode', 'mirror');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/--mode must be one of two-way, upload-only, download-only/);
    expect((await stratus('sync', 'nosuchpair')).stderr).toMatch(/no pair "nosuchpair"/);
  });

  it('uploads on the first sync, brings a remote edit down on the next, and skips ignored files', async () => {
    await mkdir(join(local, 'sub'), { recursive: true });
    await writeFile(join(local, 'a.txt'), 'alpha');
    await writeFile(join(local, 'sub', 'b.bin'), Buffer.alloc(700_000, 7));
    await writeFile(join(local, 'debug.log'), 'ignored');
    const first = await spawned('sync', '--once');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`pair ${id}: \\d+ done, 0 failed`));
    const remote = await driveFiles(rig.drive, 'Docs/Sync');
    expect(remote.has('debug.log')).toBe(false);
    const mine = await localFiles(local);
    mine.delete('debug.log');
    expect(remote).toEqual(mine);

    await change({ op: 'edit', path: 'Docs/Sync/a.txt', content: 'changed on another device' });
    expect((await stratus('sync')).code).toBe(0);
    expect(await readFile(join(local, 'a.txt'), 'utf8')).toBe('changed on another device');
    const after = await localFiles(local);
    after.delete('debug.log');
    expect(after).toEqual(await driveFiles(rig.drive, 'Docs/Sync'));
  });

  it('a dry run prints the plan and changes nothing on either side', async () => {
    await writeFile(join(local, 'c.txt'), 'not yet');
    await change({ op: 'create', path: 'Docs/Sync/d.txt', content: 'from the cloud' });
    const dry = await stratus('sync', '--dry-run', id);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/upload +c\.txt/);
    expect(dry.stdout).toMatch(/download +d\.txt/);
    expect((await driveFiles(rig.drive, 'Docs/Sync')).has('c.txt')).toBe(false);
    expect((await localFiles(local)).has('d.txt')).toBe(false);
    // The journal did not move either: a real pass still does both.
    expect((await stratus('sync', '--once')).code).toBe(0);
    expect((await driveFiles(rig.drive, 'Docs/Sync')).has('c.txt')).toBe(true);
    expect(await readFile(join(local, 'd.txt'), 'utf8')).toBe('from the cloud');
  });

  it('holds a mass delete until --force, and status says so', async () => {
    await mkdir(join(local, 'bulk'));
    for (let i = 0; i < 12; i++) await writeFile(join(local, 'bulk', `f${i}.txt`), `file ${i}`);
    expect((await stratus('sync')).code).toBe(0);
    await change(...Array.from({ length: 12 }, (_, i) => ({ op: 'delete', path: `Docs/Sync/bulk/f${i}.txt` })));
    const held = await stratus('sync');
    expect(held.code).toBe(1);
    expect(held.stderr).toMatch(new RegExp(`pair ${id} is on hold: .+\\nNothing was changed. Run the sync again with --force`));
    expect((await readdir(join(local, 'bulk'))).length).toBe(12);
    const status = await stratus('status');
    expect(status.stdout).toMatch(/held: /);

    expect((await stratus('sync', '--force')).code).toBe(0);
    expect(await readdir(join(local, 'bulk'))).toEqual([]);
    const after = await stratus('status', id);
    expect(after.stdout).toMatch(/last sync: \d{4}-.+ \(\d+ done, 0 failed\)/);
    expect(after.stdout).not.toMatch(/held: /);
  });

  it('logs a conflict and lists it, keeping both versions; resolve --keep mine puts this computer\'s version under the name on both sides', async () => {
    expect((await stratus('conflicts')).stdout).toBe('No conflicts.\n');
    await writeFile(join(local, 'c.txt'), 'edited here');
    await change({ op: 'edit', path: 'Docs/Sync/c.txt', content: 'edited there' });
    expect((await stratus('sync')).code).toBe(0);
    expect(await readFile(join(local, 'c.txt'), 'utf8')).toBe('edited there');
    const list = await stratus('conflicts');
    const m = /#\d+ .+ c\.txt: OneDrive's version kept, this computer's saved as "(.+?)"/.exec(list.stdout);
    expect(m).not.toBeNull();
    expect(await readFile(join(local, m![1]!), 'utf8')).toBe('edited here');
    expect(list.stdout).toMatch(/stratus conflicts resolve PAIR ID --keep mine\|theirs\|both/);

    // Keep mine: this computer's version takes the name here and on OneDrive, the copy leaves both sides.
    const conflictId = /#(\d+) /.exec(list.stdout)![1]!;
    const bad = await stratus('conflicts', 'resolve', id, conflictId, '--keep', 'yours');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--keep mine\|theirs\|both/);
    const done = await stratus('conflicts', 'resolve', id, conflictId, '--keep', 'mine');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/c\.txt: this computer's version now has the name/);
    expect(await readFile(join(local, 'c.txt'), 'utf8')).toBe('edited here');
    expect(await readdir(local)).not.toContain(m![1]);
    expect((await rig.drive.find('Docs/Sync/c.txt'))?.file?.hashes?.quickXorHash).toBe(quickXorHash(Buffer.from('edited here')));
    expect(await rig.drive.find(`Docs/Sync/${m![1]}`)).toBeFalsy();
    expect((await stratus('conflicts')).stdout).toBe('No conflicts.\n');
    const again = await stratus('conflicts', 'resolve', id, conflictId, '--keep', 'mine');
    expect(again.stderr).toMatch(/not open/);
  });

  it('watch: a local edit reaches OneDrive within seconds; SIGINT stops it cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'sync', '--watch', '--poll-interval', '30'], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => stdout.includes('Watching 1 pair(s)'), 15_000, () => `watch never started: ${stdout} ${stderr}`);
      const t0 = Date.now();
      await writeFile(join(local, 'watched.txt'), 'saved in an editor');
      const want = quickXorHash(Buffer.from('saved in an editor'));
      await until(async () => (await rig.drive.find('Docs/Sync/watched.txt'))?.file?.hashes?.quickXorHash === want, 5_000, () => `not uploaded: ${stdout} ${stderr}`);
      expect(Date.now() - t0).toBeLessThan(5_000);
      // The watching process owns the pair: a second sync of it refuses instead of racing it.
      const second = await stratus('sync', '--once', id);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/being synced by another stratus process \(pid \d+\)/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('an upload-only pair sends local files up and never brings remote ones down', async () => {
    const up = join(rig.tmp, 'outbox');
    const add = await stratus('pair', 'add', '--local', up, '--remote', 'Outbox', '--mode', 'upload-only');
    const upId = /Added pair ([0-9a-f]+):/.exec(add.stdout)![1]!;
    await writeFile(join(up, 'report.txt'), 'quarterly');
    await change({ op: 'create', path: 'Outbox/elsewhere.txt', content: 'made in the cloud' });
    expect((await stratus('sync', upId)).code).toBe(0);
    expect((await rig.drive.find('Outbox/report.txt'))?.file?.hashes?.quickXorHash).toBe(quickXorHash(Buffer.from('quarterly')));
    expect(await readdir(up)).toEqual(['report.txt']);
    expect((await stratus('pair', 'remove', upId)).code).toBe(0);
  });

  it('a pair with --backup-dir moves the replaced version there; a backup folder inside the pair is refused', async () => {
    const inside = await stratus('pair', 'add', '--local', join(rig.tmp, 'b0'), '--remote', 'Books', '--backup-dir', 'Books/old');
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/inside the pair's folder/);
    const dir = join(rig.tmp, 'books');
    const add = await stratus('pair', 'add', '--local', dir, '--remote', 'Books', '--backup-dir', ':Backups/Books');
    expect(add.stdout).toContain('backup to :/Backups/Books');
    const bookId = /Added pair ([0-9a-f]+):/.exec(add.stdout)![1]!;
    await writeFile(join(dir, 'draft.txt'), 'first draft');
    expect((await stratus('sync', bookId)).code).toBe(0);
    await writeFile(join(dir, 'draft.txt'), 'second draft, longer');
    expect((await stratus('sync', bookId)).code).toBe(0);
    const hash = async (path: string) => (await rig.drive.find(path))?.file?.hashes?.quickXorHash;
    expect(await hash('Books/draft.txt')).toBe(quickXorHash(Buffer.from('second draft, longer')));
    expect(await hash('Backups/Books/draft.txt')).toBe(quickXorHash(Buffer.from('first draft')));

    // Changed on the existing pair: refused inside it, another folder taken, then none.
    const insideNow = await stratus('pair', 'backup', bookId, ':Books/Old');
    expect(insideNow.code).toBe(2);
    expect(insideNow.stderr).toBe("stratus: The backup folder /Books/Old is inside the pair's folder /Books: it would be synced as part of the pair. Choose a folder outside it.\n");
    expect((await stratus('pair', 'backup', bookId)).stderr).toMatch(/usage: stratus pair backup ID PATH \| --none/);
    expect((await stratus('pair', 'backup', bookId, '/Book drafts/')).stdout).toContain('moved to :/Book drafts first');
    expect((await stratus('pair', 'list')).stdout).toContain('backup to :/Book drafts');
    await writeFile(join(dir, 'draft.txt'), 'third draft');
    expect((await stratus('sync', bookId)).code).toBe(0);
    expect(await hash('Book drafts/draft.txt')).toBe(quickXorHash(Buffer.from('second draft, longer')));
    expect((await stratus('pair', 'backup', bookId, '--none')).stdout).toContain('no backup folder');
    expect((await stratus('pair', 'list')).stdout).not.toContain('backup to');
    expect((await stratus('pair', 'remove', bookId)).code).toBe(0);
  });

  it('removes a pair and its journal, leaving the files', async () => {
    const r = await stratus('pair', 'remove', id);
    expect(r.code).toBe(0);
    expect((await stratus('pair', 'list')).stdout).toMatch(/No sync pairs yet/);
    expect(await readFile(join(local, 'a.txt'), 'utf8')).toBe('changed on another device');
    // The journal, its WAL files and the lock are all gone.
    expect(await readdir(join(env.STRATUS_HOME!, 'journals'))).toEqual([]);
  });
});

async function until(check: () => boolean | Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}
