import type { PassResult } from '../engine/sync-once.js';

/** Plan steps that change OneDrive, so the next delta pages hold their echoes. */
const REMOTE_WRITES = new Set(['upload', 'mkdir-remote', 'move-remote', 'delete-remote', 'metadata-remote', 'conflict']);

/**
 * What the next pass must read of the local folder: everything (undefined) or only the paths the watcher
 * reported since the last pass. It trusts the watcher only while nothing says otherwise: a full scan is due
 * at the start, after the watcher failed or overflowed, after a pass that failed or left work behind, and
 * every `fullEveryMs` as a safety net against events a platform dropped silently.
 */
export class LocalChanges {
  private dirty = new Set<string>();
  private carry: string[] = [];
  private fullDue = true;
  private lastFullMs = -Infinity;
  private watcherGone = false;

  constructor(private readonly fullEveryMs: number) {}

  /** The watcher's batch; kept until a pass takes it. */
  changed(paths: Iterable<string>): void {
    for (const p of paths) this.dirty.add(p);
  }

  /** Events may have been lost: the next pass scans everything; `lasting`: so does every pass from now on. */
  rescan(lasting = false): void {
    this.fullDue = true;
    if (lasting) this.watcherGone = true;
  }

  /**
   * Takes what a pass starting now must read. Events arriving from here on belong to the next pass, so a
   * path changed while this one runs is read again then.
   */
  take(nowMs: number): { full: boolean; paths: string[] | undefined } {
    const full = this.fullDue || this.watcherGone || nowMs - this.lastFullMs >= this.fullEveryMs;
    const paths = full ? undefined : [...this.dirty, ...this.carry];
    this.dirty = new Set();
    this.fullDue = false;
    if (full) this.lastFullMs = nowMs;
    return { full, paths };
  }

  /** A pass that ended; `null` when it failed as a whole. Returns whether another pass should follow now. */
  after(result: PassResult | null): boolean {
    const r = result?.report ?? null;
    if (result === null || r === null) {
      this.fullDue = true;
      return false;
    }
    const clean = !r.held && r.failed.length === 0 && r.deferred === 0 && !r.again && result.unsure.length === 0;
    // The journal does not hold what an unfinished pass observed, so a view built from it could be wrong.
    if (!clean) this.fullDue = true;
    this.carry = result.localLeft;
    if (r.held) return false;
    // Our own writes come back as delta pages; taking them now keeps them off the user's next edit.
    return r.again || (clean && result.plan.actions.some((a) => REMOTE_WRITES.has(a.type)));
  }
}
