import { describe, expect, it } from 'vitest';
import type { EngineStateEvent, PairStatus } from './contract.js';
import { OverallState, overall, sayState } from './overall.js';

const st = (pairId: string, state: PairStatus['state'], detail?: string): PairStatus => ({ pairId, state, ...(detail ? { detail } : {}) });

describe('the app state from its folders', () => {
  it.each<[PairStatus[], EngineStateEvent]>([
    [[], { state: 'idle' }],
    [[st('a', 'idle'), st('b', 'syncing')], { state: 'syncing' }],
    [[st('a', 'paused'), st('b', 'idle')], { state: 'paused' }],
    [[st('a', 'syncing'), st('b', 'offline', 'No connection to OneDrive')], { state: 'offline', detail: 'No connection to OneDrive' }],
    [[st('a', 'held', 'x'), st('b', 'needs-sign-in', 'Sign in as alex@outlook.com')], { state: 'needs-sign-in', detail: 'Sign in as alex@outlook.com' }],
    [[st('a', 'syncing'), st('b', 'syncing'), st('c', 'idle')], { state: 'syncing', detail: '2 folders' }],
    [[st('a', 'idle'), st('b', 'idle')], { state: 'idle' }],
  ])('%j → %j', (pairs, want) => {
    expect(overall(pairs)).toEqual(want);
  });

  it('is sent only when it changes, and forgets a removed folder', () => {
    const sent: EngineStateEvent[] = [];
    const o = new OverallState((e) => sent.push(e));
    o.update(st('a', 'scanning'));
    o.update(st('a', 'scanning'));
    o.update(st('b', 'paused'));
    o.update(st('a', 'idle'));
    o.remove('b');
    expect(sent).toEqual([{ state: 'scanning' }, { state: 'paused' }, { state: 'idle' }]);
    expect(o.current).toEqual({ state: 'idle' });
  });

  it('says it in a line for the tray', () => {
    expect(sayState({ state: 'idle' })).toBe('Up to date');
    expect(sayState({ state: 'syncing', detail: '2 folders' })).toBe('Syncing: 2 folders');
    expect(sayState({ state: 'offline', detail: 'No connection to OneDrive' })).toBe('Offline: No connection to OneDrive');
  });
});
