import type { EngineStateEvent, PairStatus } from './contract.js';

type State = EngineStateEvent['state'];

// When folders differ, the one state shown for the app: what needs the user first, then what explains a delay,
// then work, then rest.
const URGENCY: State[] = ['needs-sign-in', 'offline', 'held', 'throttled', 'syncing', 'scanning', 'paused', 'idle'];

const SAY: Record<State, string> = {
  'needs-sign-in': 'Sign in again to keep syncing',
  offline: 'Offline',
  held: 'Waiting for you to confirm a large delete',
  throttled: 'OneDrive asked to slow down',
  syncing: 'Syncing',
  scanning: 'Looking for changes',
  paused: 'Paused',
  idle: 'Up to date',
};

/**
 * The app's state (the `engineState` event: the tray, the window's header) from its folders' states, sent when it
 * changes. With no folder synced the app is idle.
 */
export class OverallState {
  private readonly pairs = new Map<string, PairStatus>();
  private last: EngineStateEvent = { state: 'idle' };

  constructor(private readonly emit: (e: EngineStateEvent) => void) {}

  get current(): EngineStateEvent {
    return this.last;
  }

  update(status: PairStatus): void {
    this.pairs.set(status.pairId, status);
    this.publish();
  }

  remove(pairId: string): void {
    this.pairs.delete(pairId);
    this.publish();
  }

  private publish(): void {
    const next = overall([...this.pairs.values()]);
    if (next.state === this.last.state && next.detail === this.last.detail) return;
    this.last = next;
    this.emit(next);
  }
}

export function overall(pairs: readonly PairStatus[]): EngineStateEvent {
  const state = URGENCY.find((s) => pairs.some((p) => p.state === s)) ?? 'idle';
  const same = pairs.filter((p) => p.state === state);
  // One folder's own words when it is the only one in that state; otherwise how many folders are.
  const detail = same.length === 1 && same[0]!.detail ? same[0]!.detail : same.length > 1 && state !== 'idle' ? `${same.length} folders` : undefined;
  return detail ? { state, detail } : { state };
}

/** A short line for a state, for hosts with no room for more (the tray's tooltip). */
export function sayState(e: EngineStateEvent): string {
  return e.detail && e.state !== 'idle' ? `${SAY[e.state]}: ${e.detail}` : SAY[e.state];
}
