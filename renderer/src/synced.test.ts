import { describe, expect, it } from 'vitest';
import type { PairSummary } from '../../core/service/contract.js';
import { overallStatus } from './status.js';
import { folderSync, pairAt, pairsBelow } from './synced.js';

const pair = (remote: string, local: string, extra: Partial<PairSummary> = {}): PairSummary => ({
  id: `p-${remote}`, local, remote, driveId: 'd1', accountId: 'a1', mode: 'two-way', selection: [], ignore: [], backupDir: null,
  status: { pairId: `p-${remote}`, state: 'idle' }, ...extra,
});

describe('where a OneDrive folder is synced', () => {
  const reports = pair('Reports', '/home/sam/Reports here');
  const team = pair('Team', 'C:\\Users\\sam\\Team', { selection: ['Projects'] });

  it('a pair\'s own folder, ignoring case as OneDrive does, only on its drive', () => {
    expect(folderSync([reports], 'd1', 'reports')).toEqual({ kind: 'pair', pair: reports, local: '/home/sam/Reports here' });
    expect(folderSync([reports], 'd2', 'Reports')).toBeUndefined();
    expect(pairAt([reports], 'd1', 'REPORTS')).toBe(reports);
  });

  it('a folder inside a pair, with its path here in the separator the pair uses', () => {
    expect(folderSync([reports], 'd1', 'Reports/2026/Q1')).toMatchObject({ kind: 'inside', local: '/home/sam/Reports here/2026/Q1' });
    expect(folderSync([team], 'd1', 'Team/Projects/2026')).toMatchObject({ kind: 'inside', local: 'C:\\Users\\sam\\Team\\Projects\\2026' });
  });

  it('a folder that Choose folders leaves out is not synced, and says by which pair', () => {
    expect(folderSync([team], 'd1', 'Team/Archive')).toEqual({ kind: 'left-out', pair: team });
  });

  it('a folder beside or above a pair is not synced, and the pairs below it are named', () => {
    expect(folderSync([reports], 'd1', 'Reports 2')).toBeUndefined();
    expect(folderSync([reports], 'd1', '')).toBeUndefined();
    expect(pairsBelow([reports, team], 'd1', '')).toEqual([reports, team]);
    expect(pairsBelow([reports], 'd1', 'Reports')).toEqual([]);
  });

  it('the closest pair wins when a whole drive and a folder of it are both synced', () => {
    const all = pair('', '/home/sam/OneDrive');
    expect(folderSync([all, reports], 'd1', 'Reports/2026')).toMatchObject({ kind: 'inside', pair: reports });
    expect(folderSync([all, reports], 'd1', 'Photos')).toMatchObject({ kind: 'inside', pair: all, local: '/home/sam/OneDrive/Photos' });
  });
});

describe('the status line under the app name', () => {
  const base = { loaded: true, signedIn: true, reconnect: false, pairsLoaded: true, pairs: ['idle' as const], engine: { state: 'idle' as const }, conflicts: 0 };

  it('claims nothing is up to date before sign-in or before any folder is synced', () => {
    expect(overallStatus({ ...base, loaded: false })).toBeUndefined();
    expect(overallStatus({ ...base, signedIn: false })).toEqual({ label: 'Not signed in', tone: 'none' });
    expect(overallStatus({ ...base, pairs: [] })).toEqual({ label: 'No folders synced yet', tone: 'none' });
  });

  it('says the engine\'s state once something is synced, and asks to sign in again when the sign-in ran out', () => {
    expect(overallStatus(base)).toEqual({ label: 'Up to date', tone: 'ok' });
    expect(overallStatus({ ...base, engine: { state: 'syncing' } })).toEqual({ label: 'Syncing…', tone: 'busy' });
    expect(overallStatus({ ...base, pairs: ['idle', 'syncing'] })).toEqual({ label: 'Syncing…', tone: 'busy' });
    expect(overallStatus({ ...base, pairs: ['paused', 'paused'] })).toEqual({ label: 'Paused', tone: 'wait' });
    expect(overallStatus({ ...base, pairs: ['syncing', 'held'] })).toEqual({ label: 'Waiting for your confirmation', tone: 'wait' });
    expect(overallStatus({ ...base, conflicts: 2, pairs: ['syncing'] })).toEqual({ label: '2 files changed in two places', tone: 'wait' });
    expect(overallStatus({ ...base, conflicts: 1, pairs: ['offline'] })).toEqual({ label: 'Offline', tone: 'bad' });
    expect(overallStatus({ ...base, problems: 1 })).toEqual({ label: '1 file not syncing', tone: 'wait' });
    expect(overallStatus({ ...base, problems: 3, pairs: ['syncing'] })).toEqual({ label: 'Syncing…', tone: 'busy' });
    expect(overallStatus({ ...base, signedIn: false, reconnect: true })).toEqual({ label: 'Sign in again to keep syncing', tone: 'bad' });
  });
});
