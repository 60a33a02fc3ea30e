import type { EngineStateEvent, PairStatus } from '../../core/service/contract.js';

/** The colour a state is shown in: fine, working, waiting on something, or needing the user. */
export type Tone = 'ok' | 'busy' | 'wait' | 'bad' | 'none';

export const stateTone: Record<EngineStateEvent['state'], Tone> = {
  idle: 'ok',
  scanning: 'busy',
  syncing: 'busy',
  paused: 'wait',
  throttled: 'wait',
  held: 'wait',
  offline: 'bad',
  'needs-sign-in': 'bad',
};

const engineLabel: Record<EngineStateEvent['state'], string> = {
  idle: 'Up to date',
  scanning: 'Looking for changes…',
  syncing: 'Syncing…',
  paused: 'Paused',
  throttled: 'OneDrive asked us to slow down',
  offline: 'Offline',
  'needs-sign-in': 'Sign in again to keep syncing',
  held: 'Waiting for your confirmation',
};

export interface Overall {
  /** Known once the host answered; before that nothing is claimed. */
  loaded: boolean;
  signedIn: boolean;
  /** Accounts whose sign-in ran out. */
  reconnect: boolean;
  pairsLoaded: boolean;
  /** The state of each synced folder. */
  pairs: EngineStateEvent['state'][];
  engine: EngineStateEvent;
  /** Files changed in two places, waiting for the user to choose. */
  conflicts: number;
  /** Files not syncing (a refused name, a failed upload): said only when nothing else is going on. */
  problems?: number;
}

// What the one line shows when folders differ: what needs the user first, then what explains a delay, then work.
const weight: EngineStateEvent['state'][] = ['needs-sign-in', 'offline', 'held', 'throttled', 'syncing', 'scanning', 'paused', 'idle'];

/**
 * The one line beside the app's name. "Up to date" only when something is synced and every folder is: before
 * sign-in, or with no folder chosen, nothing is up to date; a paused or waiting folder is named before idle ones.
 */
export function overallStatus(o: Overall): { label: string; tone: Tone } | undefined {
  if (!o.loaded) return undefined;
  if (o.reconnect && !o.signedIn) return { label: engineLabel['needs-sign-in'], tone: 'bad' };
  if (!o.signedIn) return { label: 'Not signed in', tone: 'none' };
  if (!o.pairsLoaded) return undefined;
  if (o.pairs.length === 0 && o.engine.state === 'idle') return { label: 'No folders synced yet', tone: 'none' };
  const state = weight.find((w) => w === o.engine.state || o.pairs.includes(w)) ?? o.engine.state;
  // A conflict waits for the user however calm the folders are; only a folder that cannot sync at all comes first.
  if (o.conflicts > 0 && !['needs-sign-in', 'offline', 'held'].includes(state)) {
    return { label: `${o.conflicts} ${o.conflicts === 1 ? 'file' : 'files'} changed in two places`, tone: 'wait' };
  }
  const problems = o.problems ?? 0;
  if (state === 'idle' && problems > 0) return { label: `${problems} ${problems === 1 ? 'file' : 'files'} not syncing`, tone: 'wait' };
  return { label: engineLabel[state] ?? state, tone: stateTone[state] ?? 'none' };
}

export const pairTone = (s: PairStatus): Tone => stateTone[s.state] ?? 'none';
