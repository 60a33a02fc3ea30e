import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/server.js';
import { quickXorHash } from '../hash/quickxor.js';
import { run } from './main.js';

const BIN = fileURLToPath(new URL('../../bin/stratus.js', import.meta.url));

interface Result { code: number; stdout: string; stderr: string }

/** In-process: the same run() the binary calls, without paying for a Node start per command. */
async function stratus(env: Record<string, string>, ...args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { ...process.env, ...env }, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`));
  return { code, stdout, stderr };
}

/** As a child process, through bin/stratus.js. */
function spawned(env: Record<string, string>, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function token(e: Emulator): Promise<string> {
  const r = await fetch(`${e.adminUrl}/tokens`, { method: 'POST', body: '{}' });
  return ((await r.json()) as { access_token: string }).access_token;
}

describe.each(['personal', 'business'] as const)('the stratus command line on a %s drive', (profile) => {
  let e: Emulator;
  let tmp: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    e = await startEmulator({ profile });
    tmp = await mkdtemp(join(tmpdir(), 'stratus-cli-'));
    env = { STRATUS_HOME: join(tmp, 'home'), STRATUS_TOKEN: await token(e) };
    expect((await stratus(env, 'config', 'set', 'graph_url', e.graphUrl)).code).toBe(0);
  });
  afterAll(async () => {
    await e.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('copies a folder up and back down, lists it like rclone, and hashes match', async () => {
    const src = join(tmp, 'src');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'alpha');
    await writeFile(join(src, 'sub', 'b.bin'), Buffer.alloc(700_000, 7));
    const up = await stratus(env, 'copy', src, ':backup', '--chunk-size', '320k', '-v');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/Transferred: 2 file\(s\)/);
    // A second copy finds nothing to do.
    expect((await stratus(env, 'copy', src, ':backup', '-v')).stdout).toMatch(/Transferred: 0 file\(s\), 0 bytes; unchanged: 2/);

    const ls = await stratus(env, 'ls', ':backup');
    expect(ls.stdout.split('\n').filter(Boolean).sort()).toEqual(['        5 a.txt', '   700000 sub/b.bin']);
    expect((await stratus(env, 'ls', ':backup/sub/b.bin')).stdout).toBe('   700000 b.bin\n');
    const lsd = await stratus(env, 'lsd', ':backup');
    expect(lsd.stdout).toMatch(/^ {10}-1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +-?\d+ sub\n$/);
    const json = JSON.parse((await stratus(env, 'lsjson', '-R', ':backup')).stdout) as { Path: string; IsDir: boolean; Size: number; Hashes?: { quickxor: string } }[];
    expect(json.map((r) => r.Path).sort()).toEqual(['a.txt', 'sub', 'sub/b.bin']);
    const a = json.find((r) => r.Path === 'a.txt')!;
    expect(a.Hashes?.quickxor).toBe(Buffer.from(quickXorHash(Buffer.from('alpha')), 'base64').toString('hex'));

    const down = join(tmp, 'down');
    expect((await stratus(env, 'copy', ':backup', down)).code).toBe(0);
    expect(await readFile(join(down, 'a.txt'), 'utf8')).toBe('alpha');
    expect((await readFile(join(down, 'sub', 'b.bin'))).equals(Buffer.alloc(700_000, 7))).toBe(true);

    const sums = await stratus(env, 'hashsum', 'quickxor', join(down, 'a.txt'), ':backup/a.txt');
    const [local, remote] = sums.stdout.trim().split('\n').map((l) => l.split('  ')[0]);
    expect(local).toMatch(/^[0-9a-f]{40}$/);
    expect(remote).toBe(local);
    const b64 = await stratus(env, 'hashsum', 'quickxor', '--base64', join(down, 'a.txt'));
    expect(b64.stdout).toBe(`${quickXorHash(Buffer.from('alpha'))}  ${join(down, 'a.txt')}\n`);
  });

  it('makes folders, moves, links and deletes', async () => {
    expect((await stratus(env, 'mkdir', ':x/y/z')).code).toBe(0);
    await writeFile(join(tmp, 'm.txt'), 'move me');
    expect((await stratus(env, 'move', join(tmp, 'm.txt'), ':x/y')).code).toBe(0);
    await expect(readFile(join(tmp, 'm.txt'))).rejects.toThrow();
    const link = await stratus(env, 'link', ':x/y/m.txt', ...(profile === 'business' ? ['--scope', 'organization'] : []));
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/^https:\/\/\S+\n$/);
    const refused = await stratus(env, 'link', ':x/y/m.txt', '--type', profile === 'business' ? 'embed' : 'view', '--scope', profile === 'business' ? 'anonymous' : 'organization');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect((await stratus(env, 'delete', ':x/y/m.txt')).code).toBe(0);
    const gone = await stratus(env, 'ls', ':x/y/m.txt');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^stratus: .*not found on OneDrive.*\n$/);
    const verbose = await stratus(env, 'ls', ':x/y/m.txt', '--verbose');
    expect(verbose.stderr).toMatch(/kind=not-found status=404/);
  });

  it('shows versions, and cleans them up (dry run first) or says why it cannot', async () => {
    const f = join(tmp, 'v.txt');
    for (const text of ['one', 'two two', 'three three three']) {
      await writeFile(f, text);
      await stratus(env, 'copy', f, ':ver');
    }
    const versions = await stratus(env, 'versions', ':ver/v.txt');
    expect(versions.code).toBe(0);
    expect(versions.stdout).toMatch(/\(current\)/);
    const dry = await stratus(env, 'cleanup', '--dry-run', ':ver');
    if (profile === 'personal') {
      expect(dry.code).toBe(1);
      expect(dry.stderr).toMatch(/OneDrive personal cannot delete versions/);
      return;
    }
    expect(dry.stdout).toMatch(/Would free .* in 2 old version\(s\) of 1 file\(s\)/);
    const real = await stratus(env, 'cleanup', ':ver');
    expect(real.stdout).toMatch(/Freed .* in 2 old version/);
    expect((await stratus(env, 'versions', ':ver/v.txt')).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('says "throttled until" while OneDrive throttles, then carries on', async () => {
    const r = await fetch(`${e.adminUrl}/faults`, { method: 'POST', body: JSON.stringify({ path: '/v1.0/drives/*', method: 'GET', status: 429, retryAfter: 1, count: 1 }) });
    expect(r.status).toBe(201);
    const about = await stratus(env, 'about');
    expect(about.code).toBe(0);
    expect(about.stderr).toMatch(/^stratus: OneDrive is throttling this account, waiting: throttled until \d\d:\d\d:\d\d UTC\n$/);
    expect(about.stdout).toMatch(/^Total:/);
  });

  it('copies and moves between two drives of the account through a named remote', async () => {
    const second = profile === 'business'
      ? (await (await fetch(`${e.adminUrl}/drives`)).json() as { value: { id: string; driveType: string; name: string }[] }).value.find((d) => d.driveType === 'documentLibrary')!.id
      : undefined;
    if (!second) {
      // A personal account has one drive: a named remote for the same drive copies on the server.
      const mine = (await stratus(env, 'drives')).stdout.split(' ')[0]!;
      expect((await stratus(env, 'config', 'remote', 'same', mine)).code).toBe(0);
      await writeFile(join(tmp, 'p.txt'), 'personal');
      await stratus(env, 'copy', join(tmp, 'p.txt'), ':one');
      expect((await stratus(env, 'copy', ':one/p.txt', 'same:two')).code).toBe(0);
      expect((await stratus(env, 'ls', 'same:two')).stdout).toBe('        8 p.txt\n');
      return;
    }
    expect((await stratus(env, 'config', 'remote', 'lib', second)).code).toBe(0);
    expect((await stratus(env, 'config', 'remotes')).stdout).toBe(`lib:  ${second}\n`);
    await mkdir(join(tmp, 'tree', 'in'), { recursive: true });
    await writeFile(join(tmp, 'tree', 'in', 'q.txt'), 'across drives');
    await stratus(env, 'copy', join(tmp, 'tree'), ':tree');
    const copied = await stratus(env, 'copy', ':tree', 'lib:shared', '-v');
    expect(copied.stderr).toBe('');
    expect(copied.stdout).toMatch(/Transferred: 1 file/);
    expect((await stratus(env, 'ls', 'lib:shared')).stdout).toBe('       13 in/q.txt\n');
    expect((await stratus(env, 'move', 'lib:shared', ':back')).code).toBe(0);
    expect((await stratus(env, 'ls', ':back')).stdout).toBe('       13 in/q.txt\n');
    expect((await stratus(env, 'ls', 'lib:shared')).stdout).toBe('');
  });

  it('switches the drive with use, and back with config unset', async () => {
    const home = { ...env, STRATUS_HOME: join(tmp, 'use-home') };
    expect((await stratus(home, 'config', 'set', 'graph_url', e.graphUrl)).code).toBe(0);
    const ids = (await stratus(home, 'drives')).stdout.trim().split('\n').map((l) => l.split(' ')[0]!);
    const other = ids.at(-1)!;
    const used = await stratus(home, 'use', other);
    expect(used.code).toBe(0);
    expect(used.stdout).toMatch(new RegExp(`^Using drive ${other.replace(/[!-]/g, '\\$&')} \\(\\w+\\)\n$`));
    expect((await stratus(home, 'drives')).stdout).toMatch(new RegExp(`^${other.replace(/[!-]/g, '\\$&')} .*\\*in use$`, 'm'));
    expect((await stratus(home, 'config', 'unset', 'drive_id')).code).toBe(0);
    expect((await stratus(home, 'config', 'get', 'drive_id')).stdout).toBe('\n');
  });

  it('reports space and drives', async () => {
    const about = await stratus(env, 'about');
    expect(about.stdout).toMatch(/^Total: +\S+ \w*B\nUsed: /);
    const drives = await stratus(env, 'drives');
    expect(drives.stdout).toMatch(new RegExp(`${profile} .*\\*in use`));
  });
});

describe('stratus usage and config', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stratus-cli-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('exits 2 on usage mistakes, with one line that says what is wrong', async () => {
    const env = { STRATUS_HOME: join(tmp, 'h1') };
    expect((await stratus(env)).code).toBe(2);
    const unknown = await stratus(env, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('stratus: unknown command "frobnicate" (see stratus help)\n');
    const chunk = await stratus(env, 'config', 'set', 'chunk_size', '1000000');
    expect(chunk.code).toBe(2);
    expect(chunk.stderr).toMatch(/multiple of 320 KiB/);
    expect((await stratus(env, 'copy', '/a', '/b')).code).toBe(2);
    expect((await stratus(env, 'help')).code).toBe(0);
  });

  it('shows and sets every rclone option, kept under STRATUS_HOME', async () => {
    const env = { STRATUS_HOME: join(tmp, 'h2') };
    expect((await stratus(env, 'config', 'set', 'chunk_size', '20M')).code).toBe(0);
    expect((await stratus(env, 'config', 'set', 'no_versions', 'true')).code).toBe(0);
    const show = (await stratus(env, 'config', 'show')).stdout;
    for (const name of ['chunk_size = 20971520', 'drive_id =', 'drive_type =', 'expose_onenote_files = false', 'no_versions = true', 'link_scope = anonymous', 'link_type = view', 'link_password =', 'encoding = Slash,', 'region = global', 'client_id =', 'client_secret =', 'auth_url =', 'token_url =', 'graph_url =']) {
      expect(show).toContain(name);
    }
    const saved = JSON.parse(await readFile(join(tmp, 'h2', 'config.json'), 'utf8')) as { options: Record<string, unknown> };
    expect(saved.options).toEqual({ chunk_size: 20971520, no_versions: true });
    expect((await stratus(env, 'config', 'get', 'chunk_size')).stdout).toBe('20971520\n');
    expect((await stratus(env, 'config', 'set', 'link_type', 'share')).code).toBe(2);
  });

  it('without a token or a signed-in account, says to log in', async () => {
    const r = await stratus({ STRATUS_HOME: join(tmp, 'h3'), STRATUS_TOKEN: '' }, 'about');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('stratus: No account is signed in: run "stratus login" first.\n');
  });
});

describe('bin/stratus.js as a child process', () => {
  let e: Emulator;
  let tmp: string;
  beforeAll(async () => {
    e = await startEmulator({ profile: 'personal' });
    tmp = await mkdtemp(join(tmpdir(), 'stratus-bin-'));
  });
  afterAll(async () => {
    await e.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('runs commands against the emulator with exit codes 0, 1 and 2', async () => {
    const env = { STRATUS_HOME: join(tmp, 'home'), STRATUS_TOKEN: await token(e) };
    expect((await stratus(env, 'mkdir', ':from-child/inner', '--graph-url', e.graphUrl)).code).toBe(0);
    // One round of three processes at once: each start pays for Node and the TypeScript loader.
    const [usage, listed, missing] = await Promise.all([
      spawned(env, 'frobnicate'),
      spawned(env, 'lsd', ':from-child', '--graph-url', e.graphUrl),
      spawned(env, 'ls', ':nothing-here', '--graph-url', e.graphUrl),
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('stratus: unknown command "frobnicate" (see stratus help)\n');
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ inner\n$/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^stratus: "\/nothing-here" was not found on OneDrive: .*\n$/);
  }, 120_000);
});
