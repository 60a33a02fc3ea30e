import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBandwidth } from '../graph/bandwidth.js';
import { GraphClient } from '../graph/client.js';
import { checkRequest } from './contract.js';
import { StratusService } from './service.js';
import { loadPairs, loadSettings, savePairs } from '../sync/runner/pairs.js';
import type { PairConfig } from '../sync/runner/pairs.js';

const MiB = 1024 * 1024;
let tmp: string | undefined;
afterEach(async () => {
  defaultBandwidth.setAll({ up: null, down: null });
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

const clientOf = (accountId: string) => new GraphClient({ accountId, tokens: async () => 'unused', baseUrl: 'http://127.0.0.1:9' });

describe('setBandwidthLimit', () => {
  it('sets one account\'s budget, which every client of that account (each pair\'s) uses', async () => {
    const service = new StratusService('headless');
    const before = clientOf('acct-1');
    expect(await service.setBandwidthLimit('1M:off', 'acct-1')).toEqual({ up: MiB, down: null, text: '1Mi:off' });
    expect(before.bandwidth.current()).toEqual({ up: MiB, down: null });
    expect(clientOf('acct-1').bandwidth.up).toBe(before.bandwidth.up);
    expect(clientOf('acct-2').bandwidth.current()).toEqual({ up: null, down: null });
  });

  it('without an account, limits every account, also those signed in later; off lifts it', async () => {
    const service = new StratusService('headless');
    const now = clientOf('a');
    await service.setBandwidthLimit('512k');
    expect(now.bandwidth.current()).toEqual({ up: 512 * 1024, down: 512 * 1024 });
    expect(clientOf('signed-in-later').bandwidth.current()).toEqual({ up: 512 * 1024, down: 512 * 1024 });
    expect((await service.setBandwidthLimit('off')).text).toBe('off');
    expect(now.bandwidth.current()).toEqual({ up: null, down: null });
  });

  it('refuses a bad limit with what it takes, and the host refuses a wrong shape', async () => {
    const service = new StratusService('headless');
    await expect(service.setBandwidthLimit('fast')).rejects.toMatchObject({
      kind: 'invalid', message: 'The bandwidth limit takes a rate like 10M or 512k, UP:DOWN (e.g. 1M:off), or a timetable like "08:00,512k 18:00,off"; got "fast".',
    });
    expect(checkRequest('setBandwidthLimit', ['4M:8M'])).toBeUndefined();
    expect(checkRequest('setBandwidthLimit', ['4M:8M', 'acct'])).toBeUndefined();
    expect(checkRequest('setBandwidthLimit', [4])).toMatch(/wrong shape/);
    expect(checkRequest('setBandwidthLimit', ['x'.repeat(2049)])).toMatch(/wrong shape/);
    expect(checkRequest('getBandwidthLimit', [])).toBeUndefined();
    expect(checkRequest('getBandwidthLimit', [7])).toMatch(/wrong shape/);
  });
});

describe('the speed limit across a restart', () => {
  it('a service started again on the same data folder has the saved limits in force before any pair starts', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stratus-limit-'));
    const home = join(tmp, 'home');
    const first = new StratusService({ host: 'headless', home });
    await first.setBandwidthLimit('3M:off');
    await first.setBandwidthLimit('1M', 'acct-own');
    await first.stopSync();
    // What a new process starts with: no limit anywhere.
    defaultBandwidth.setAll({ up: null, down: null });
    expect(clientOf('acct-own').bandwidth.current()).toEqual({ up: null, down: null });

    const again = new StratusService({ host: 'headless', home });
    await again.startSync();
    expect(clientOf('acct-other').bandwidth.up.rate).toBe(3 * MiB);
    expect(clientOf('acct-other').bandwidth.down.rate).toBeNull();
    expect(clientOf('acct-own').bandwidth.up.rate).toBe(MiB);
    expect(clientOf('acct-own').bandwidth.down.rate).toBe(MiB);
    expect(await again.getBandwidthLimit()).toEqual({ up: 3 * MiB, down: null, text: '3Mi:off' });
    expect(await again.getBandwidthLimit('acct-own')).toEqual({ up: MiB, down: MiB, text: '1Mi' });

    // A limit for every account replaces each account's own, also after the next restart.
    await again.setBandwidthLimit('off');
    defaultBandwidth.setAll({ up: 5, down: 5 });
    await new StratusService({ host: 'headless', home }).startSync();
    expect(clientOf('acct-own').bandwidth.current()).toEqual({ up: null, down: null });
  });

  it('keeps the settings beside the pairs: saving either keeps the other, and nothing secret is written', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stratus-limit-'));
    const home = join(tmp, 'home');
    const pair: PairConfig = { id: 'p1', local: '/x', remote: 'Docs', driveId: '', mode: 'two-way', ignore: [], selection: [] };
    await savePairs(home, [pair]);
    const service = new StratusService({ host: 'headless', home });
    await service.setBandwidthLimit('512k');
    expect(await loadPairs(home)).toEqual([pair]);
    await savePairs(home, [{ ...pair, remote: 'Other' }]);
    expect(await loadSettings(home)).toEqual({ bwlimit: '512Ki' });
    expect(JSON.parse(await readFile(join(home, 'pairs.json'), 'utf8'))).toEqual({ pairs: [{ ...pair, remote: 'Other' }], settings: { bwlimit: '512Ki' } });
  });

  it('a timetable is taken, saved and in force again after a restart: the slot of the hour applies', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stratus-limit-'));
    const home = join(tmp, 'home');
    const slot = () => (new Date().getHours() < 12 ? { up: MiB, down: null } : { up: 2 * MiB, down: 4 * MiB });
    const before = slot();
    const service = new StratusService({ host: 'headless', home });
    const set = await service.setBandwidthLimit('00:00,1M:off;12:00,2M:4M');
    expect(set.text).toBe('00:00,1Mi:off 12:00,2Mi:4Mi');
    expect([before, slot()]).toContainEqual({ up: set.up, down: set.down });
    await service.stopSync();
    defaultBandwidth.setAll({ up: null, down: null });
    const again = new StratusService({ host: 'headless', home });
    await again.startSync();
    expect([before, slot()]).toContainEqual(clientOf('t').bandwidth.current());
    expect((await again.getBandwidthLimit()).text).toBe('00:00,1Mi:off 12:00,2Mi:4Mi');
    await expect(again.setBandwidthLimit('00:00,1M 24:00,off')).rejects.toMatchObject({
      kind: 'invalid', message: expect.stringContaining('The bandwidth limit: the slot "24:00,off" has no valid time'),
    });
    await again.stopSync();
  });

  it('a bad value is refused and not saved; without a data folder the limit still applies', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stratus-limit-'));
    const home = join(tmp, 'home');
    const service = new StratusService({ host: 'headless', home });
    await service.setBandwidthLimit('2M');
    await expect(service.setBandwidthLimit('2X')).rejects.toMatchObject({ kind: 'invalid' });
    expect(await loadSettings(home)).toEqual({ bwlimit: '2Mi' });
    const bare = new StratusService('headless');
    await bare.setBandwidthLimit('1M');
    expect(clientOf('z').bandwidth.up.rate).toBe(MiB);
    expect((await bare.getBandwidthLimit()).text).toBe('1Mi');
  });
});
