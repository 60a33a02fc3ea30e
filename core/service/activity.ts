import type { PassResult } from '../sync/engine/sync-once.js';
import type { ProgressEvent } from '../sync/runner/index.js';
import type { ItemActivity } from './contract.js';

/**
 * Turns one pair's engine events into the UI's activity feed. Byte counts of a transfer go out at most every
 * `everyMs` per pair, so a fast transfer does not flood the UI; files left out of a pass (a name OneDrive refuses,
 * a case clash, a path too long) are told once, not again on every pass while nothing about them changed.
 */
export class ActivityFeed {
  private lastBytesMs = 0;
  private told = new Map<string, string>();

  constructor(private readonly pairId: string, private readonly send: (a: ItemActivity) => void, private readonly now: () => number = Date.now, private readonly everyMs = 250) {}

  progress(p: ProgressEvent): void {
    if (p.type !== 'item' || p.state === 'queued') return;
    const at = new Date(this.now()).toISOString();
    const base = { pairId: this.pairId, path: p.path, action: p.action, at };
    if (p.state === 'transferring') {
      const t = this.now();
      if (t - this.lastBytesMs < this.everyMs) return;
      this.lastBytesMs = t;
      this.send({ ...base, state: 'transferring', bytes: p.bytes, size: p.size });
    } else if (p.state === 'failed') {
      this.send({ ...base, state: 'failed', message: p.message });
    } else {
      this.send({ ...base, state: 'done' });
    }
  }

  /** The files the last pass left out, with why. */
  leftOut(): Array<{ path: string; message: string }> {
    return [...this.told].map(([path, message]) => ({ path, message }));
  }

  pass(r: PassResult): void {
    const now = new Map<string, string>();
    for (const a of r.plan.actions) {
      if (a.type !== 'skip') continue;
      now.set(a.path, a.problem.message);
      if (this.told.get(a.path) === a.problem.message) continue;
      this.send({ pairId: this.pairId, path: a.path, action: 'skip', state: 'skipped', message: a.problem.message, at: new Date(this.now()).toISOString() });
    }
    for (const p of r.problems) {
      now.set(p.path, p.message);
      if (this.told.get(p.path) === p.message) continue;
      this.send({ pairId: this.pairId, path: p.path, action: 'read', state: 'skipped', message: p.message, at: new Date(this.now()).toISOString() });
    }
    // Forget what was fixed, so it is told again if it comes back.
    this.told = now;
  }
}
