// --bwlimit on the command line reaches the transfers: copy up, sync down, and bad values refused.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultBandwidth } from '../graph/bandwidth.js';
import { openRig } from '../onedrive/test/setup.js';
import type { Rig } from '../onedrive/test/setup.js';
import { run } from './main.js';

const MiB = 1024 * 1024;
let rig: Rig;
let env: Record<string, string>;
let savedDataHome: string | undefined;

async function stratus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; secs: number }> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await run(args, { ...process.env, ...env }, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`));
  return { code, stdout, stderr, secs: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
  rig = await openRig('personal');
  savedDataHome = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = join(rig.tmp, 'data');
  const r = await fetch(`${rig.e.adminUrl}/tokens`, { method: 'POST', body: '{}' });
  const token = ((await r.json()) as { access_token: string }).access_token;
  env = { STRATUS_HOME: join(rig.tmp, 'home'), STRATUS_TOKEN: token, XDG_DATA_HOME: join(rig.tmp, 'data') };
  expect((await stratus('config', 'set', 'graph_url', rig.e.graphUrl)).code).toBe(0);
});
// The budget lives in the process, as it would in a long-running one: each test starts without a limit.
afterEach(() => defaultBandwidth.setAll({ up: null, down: null }));
afterAll(async () => {
  if (savedDataHome === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = savedDataHome;
  await rig.close();
});

describe('stratus --bwlimit', () => {
  it('copy --bwlimit 2M:off sends a 1.5 MiB file at 2 MiB/s; --bwlimit off sends it at once', async () => {
    const file = join(rig.tmp, 'up.bin');
    await writeFile(file, Buffer.alloc(1.5 * MiB, 1));
    const limited = await stratus('copy', '--bwlimit', '2M:off', file, ':Limited');
    expect(limited.stderr).toBe('');
    expect(limited.code).toBe(0);
    expect((await rig.drive.find('Limited/up.bin'))?.size).toBe(1.5 * MiB);
    expect(defaultBandwidth.for('env').current()).toEqual({ up: 2 * MiB, down: null });
    // 1.5 MiB less one 0.1 s burst, at 2 MiB/s.
    expect(limited.secs).toBeGreaterThan(0.65);

    await writeFile(file, Buffer.alloc(1.5 * MiB, 2));
    const free = await stratus('copy', '--bwlimit', 'off', file, ':Free');
    expect(free.code).toBe(0);
    expect(free.secs).toBeLessThan(limited.secs * 0.6);
  });

  it('sync --once --bwlimit off:2M brings a file down at the limit', async () => {
    const local = join(rig.tmp, 'pair');
    await mkdir(local);
    expect((await stratus('pair', 'add', '--local', local, '--remote', ':Pair')).code).toBe(0);
    const src = join(rig.tmp, 'down.bin');
    await writeFile(src, Buffer.alloc(1.5 * MiB, 3));
    await rig.drive.upload(src, 'Pair/down.bin');
    const r = await stratus('sync', '--once', '--bwlimit', 'off:2M');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 done, 0 failed/);
    expect(r.secs).toBeGreaterThan(0.65);
  });

  it('STRATUS_BWLIMIT sets it for every run; the flag wins over it', async () => {
    env.STRATUS_BWLIMIT = '1M:3M';
    try {
      expect((await stratus('sync', '--once')).code).toBe(0);
      expect(defaultBandwidth.for('env').current()).toEqual({ up: MiB, down: 3 * MiB });
      expect((await stratus('sync', '--once', '--bwlimit', '2M')).code).toBe(0);
      expect(defaultBandwidth.for('env').current()).toEqual({ up: 2 * MiB, down: 2 * MiB });
      env.STRATUS_BWLIMIT = 'slow';
      const bad = await stratus('sync', '--once');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^stratus: STRATUS_BWLIMIT takes a rate like 10M/);
    } finally {
      delete env.STRATUS_BWLIMIT;
    }
  });

  it('takes a timetable from the flag and from STRATUS_BWLIMIT: the slot in force now applies; a bad slot is named', async () => {
    const slot = () => (new Date().getHours() < 12 ? { up: MiB, down: 3 * MiB } : { up: 2 * MiB, down: 5 * MiB });
    const before = slot();
    expect((await stratus('sync', '--once', '--bwlimit', '00:00,1M:3M 12:00,2M:5M')).code).toBe(0);
    expect([before, slot()]).toContainEqual(defaultBandwidth.for('env').current());
    env.STRATUS_BWLIMIT = 'Mon-00:00,off;Mon-00:01,512k';
    try {
      expect((await stratus('sync', '--once')).code).toBe(0);
      const d = new Date();
      const offNow = d.getDay() === 1 && d.getHours() === 0 && d.getMinutes() === 0;
      expect(defaultBandwidth.for('env').current()).toEqual(offNow ? { up: null, down: null } : { up: 512 * 1024, down: 512 * 1024 });
    } finally {
      delete env.STRATUS_BWLIMIT;
    }
    const bad = await stratus('sync', '--once', '--bwlimit', '08:00,512k 25:00,off');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('stratus: --bwlimit: the slot "25:00,off" has no valid time: 25:00 is not between 00:00 and 23:59. A timetable reads like "08:00,512k 12:00,10M Sat-00:00,off".\n');
  });

  it('refuses a bad value before doing anything, with the form in the message', async () => {
    for (const cmd of [['sync', '--once'], ['copy', join(rig.tmp, 'nothing'), ':X']]) {
      const r = await stratus(...cmd, '--bwlimit', 'fast');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('stratus: --bwlimit takes a rate like 10M or 512k, UP:DOWN (e.g. 1M:off), or a timetable like "08:00,512k 18:00,off"; got "fast".\n');
    }
  });
});
