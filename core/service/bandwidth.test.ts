import { afterEach, describe, expect, it } from 'vitest';
import { defaultBandwidth } from '../graph/bandwidth.js';
import { GraphClient } from '../graph/client.js';
import { checkRequest } from './contract.js';
import { StratusService } from './service.js';

const MiB = 1024 * 1024;
afterEach(() => defaultBandwidth.setAll({ up: null, down: null }));

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
      kind: 'invalid', message: 'The bandwidth limit takes a rate like 10M or 512k, or UP:DOWN (e.g. 1M:off); got "fast".',
    });
    expect(checkRequest('setBandwidthLimit', ['4M:8M'])).toBeUndefined();
    expect(checkRequest('setBandwidthLimit', ['4M:8M', 'acct'])).toBeUndefined();
    expect(checkRequest('setBandwidthLimit', [4])).toMatch(/wrong shape/);
    expect(checkRequest('setBandwidthLimit', ['x'.repeat(65)])).toMatch(/wrong shape/);
  });
});
