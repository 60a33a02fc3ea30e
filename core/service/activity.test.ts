import { describe, expect, it } from 'vitest';
import type { PassResult } from '../sync/engine/sync-once.js';
import type { ItemActivity } from './contract.js';
import { ActivityFeed } from './activity.js';

function feed() {
  const sent: ItemActivity[] = [];
  let t = 1_000;
  const f = new ActivityFeed('p1', (a) => sent.push(a), () => t, 250);
  return { f, sent, tick: (ms: number) => { t += ms; } };
}

const skipPass = (skips: [string, string][]): PassResult => ({
  plan: { actions: skips.map(([path, message]) => ({ type: 'skip', path, row: null, side: 'local', problem: { kind: 'case-clash', message } })), held: null },
  report: null, problems: [], resynced: false, requests: 1,
} as unknown as PassResult);

describe('the activity feed of a pair', () => {
  it('sends done and failed at once, queued never, and transfer bytes at most every 250 ms', () => {
    const { f, sent, tick } = feed();
    f.progress({ type: 'item', pairId: 'p1', path: 'a.txt', action: 'upload', state: 'queued' });
    f.progress({ type: 'item', pairId: 'p1', path: 'a.txt', action: 'upload', state: 'transferring', bytes: 10, size: 100 });
    f.progress({ type: 'item', pairId: 'p1', path: 'a.txt', action: 'upload', state: 'transferring', bytes: 20, size: 100 });
    tick(300);
    f.progress({ type: 'item', pairId: 'p1', path: 'a.txt', action: 'upload', state: 'transferring', bytes: 90, size: 100 });
    f.progress({ type: 'item', pairId: 'p1', path: 'a.txt', action: 'upload', state: 'done' });
    f.progress({ type: 'item', pairId: 'p1', path: 'b.txt', action: 'download', state: 'failed', kind: 'disk-full', message: 'The disk is full.' });
    expect(sent.map((a) => [a.path, a.state, a.bytes ?? a.message ?? null])).toEqual([
      ['a.txt', 'transferring', 10], ['a.txt', 'transferring', 90], ['a.txt', 'done', null], ['b.txt', 'failed', 'The disk is full.'],
    ]);
    expect(sent[0]).toMatchObject({ pairId: 'p1', action: 'upload', size: 100, at: new Date(1_000).toISOString() });
  });

  it('tells a file left out once, again only when its reason changes or it comes back after being fixed', () => {
    const { f, sent } = feed();
    f.pass(skipPass([['Report.txt', 'differs only by case']]));
    f.pass(skipPass([['Report.txt', 'differs only by case']]));
    expect(sent.map((a) => [a.path, a.state, a.message])).toEqual([['Report.txt', 'skipped', 'differs only by case']]);
    f.pass(skipPass([]));
    f.pass(skipPass([['Report.txt', 'differs only by case']]));
    expect(sent).toHaveLength(2);
  });
});
