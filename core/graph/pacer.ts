import { GraphError } from './errors.js';

export interface PacerOptions {
  /** Requests of the account in flight at once. */
  concurrency?: number;
  /** Least time between two request starts, in ms. */
  minSpacingMs?: number;
}

export interface ThrottleEvent {
  accountId: string;
  /** When requests start again; undefined once the pause is over. */
  until: Date | undefined;
  /** What the service shows, e.g. "throttled until 10:41:07". */
  message: string;
}

export type Release = () => void;

/**
 * One per account, shared by every request of it: Graph throttles an account, not a connection, so when one
 * request hears Retry-After every other request of the account must wait too, or the pause gets longer.
 */
export class Pacer {
  readonly concurrency: number;
  readonly minSpacingMs: number;
  private active = 0;
  private nextStart = 0;
  private pausedUntil = 0;
  private waiters: (() => void)[] = [];
  private listeners = new Set<(e: ThrottleEvent) => void>();
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(readonly accountId: string, opts: PacerOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.minSpacingMs = Math.max(0, opts.minSpacingMs ?? 10);
  }

  /**
   * Waits for a slot (and for any throttling pause to end); call the returned function when done.
   * `spaced: false` is for pre-authenticated upload and download URLs: they are not Graph API calls, so they
   * share the concurrency limit and any throttling pause but not the spacing between API requests.
   * `leaveOne`: for uploads held back by a bandwidth limit, which can last minutes; they never take the last
   * slot, so the account's API calls (another pair's changes, a folder listing) still get through.
   */
  async acquire(signal?: AbortSignal, spaced = true, leaveOne = false): Promise<Release> {
    for (;;) {
      if (signal?.aborted) throw cancelled();
      if (this.active >= (leaveOne ? Math.max(1, this.concurrency - 1) : this.concurrency)) {
        await this.waitForSlot(signal);
        continue;
      }
      const now = Date.now();
      const at = spaced ? Math.max(this.pausedUntil, this.nextStart) : this.pausedUntil;
      if (at > now) {
        await sleep(at - now, signal);
        continue;
      }
      this.active++;
      if (spaced) this.nextStart = now + this.minSpacingMs;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.active--;
        // Every waiter looks again, in order: the first may be an upload that must leave this slot to the next.
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w();
      };
    }
  }

  /** Waits for a release; an abort takes the waiter out of the queue so it never holds a wake-up. */
  private waitForSlot(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(cancelled());
      };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Pauses every request of the account until `until` (ms since epoch); a later pause wins. */
  pauseUntil(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    const when = new Date(until);
    this.emit({ accountId: this.accountId, until: when, message: `throttled until ${when.toISOString().slice(11, 19)} UTC` });
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      if (Date.now() >= this.pausedUntil) this.emit({ accountId: this.accountId, until: undefined, message: 'no longer throttled' });
    }, until - Date.now());
    this.resumeTimer.unref();
  }

  /** The end of the current throttling pause, or undefined when requests flow. */
  throttledUntil(): Date | undefined {
    return this.pausedUntil > Date.now() ? new Date(this.pausedUntil) : undefined;
  }

  onThrottle(listener: (e: ThrottleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: ThrottleEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's failure must not break the transport.
      }
    }
  }
}

/** The pacers of one process, by account: every client of an account gets the same one. */
export class PacerRegistry {
  private pacers = new Map<string, Pacer>();
  constructor(private readonly defaults: PacerOptions = {}) {}
  for(accountId: string): Pacer {
    let p = this.pacers.get(accountId);
    if (!p) {
      p = new Pacer(accountId, this.defaults);
      this.pacers.set(accountId, p);
    }
    return p;
  }
}

export const defaultPacers = new PacerRegistry();

export function cancelled(): GraphError {
  return new GraphError({ kind: 'cancelled', message: 'The operation was cancelled.' });
}

/** Sleeps, waking early (with a 'cancelled' error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
