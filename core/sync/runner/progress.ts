import type { ExecEvent } from '../execute/execute.js';
import type { Action, Plan } from '../reconcile/types.js';

export type ItemProgress =
  | { type: 'item'; pairId: string; path: string; action: Action['type']; state: 'queued' | 'done' }
  | { type: 'item'; pairId: string; path: string; action: Action['type']; state: 'transferring'; bytes: number; size: number }
  | { type: 'item'; pairId: string; path: string; action: Action['type']; state: 'failed'; kind: string; message: string };

export interface TotalsProgress {
  type: 'totals';
  pairId: string;
  items: number;
  itemsDone: number;
  itemsFailed: number;
  bytes: number;
  bytesDone: number;
  /** Over the pass so far; 0 until something moved. */
  bytesPerSecond: number;
  /** Seconds left at the current speed; null while unknown. */
  etaSeconds: number | null;
}

export type ProgressEvent = ItemProgress | TotalsProgress;

const WORK: ReadonlySet<Action['type']> = new Set(['upload', 'download', 'mkdir-local', 'mkdir-remote', 'move-local', 'move-remote', 'delete-local', 'delete-remote', 'conflict', 'metadata-local', 'metadata-remote']);

function sizeOf(a: Action): number {
  if (a.type === 'upload') return a.local.size;
  if (a.type === 'download') return a.remote.size;
  return 0;
}

/**
 * Turns a pass's plan and the executor's events into per-item and total progress. Totals are sent at most
 * every `everyMs` while bytes move, so a fast transfer does not flood the UI.
 */
export class ProgressTracker {
  private items = new Map<string, { action: Action['type']; size: number; bytes: number; settled: boolean }>();
  private uploadsByName = new Map<string, string[]>();
  private downloadsById = new Map<string, string>();
  private totals: TotalsProgress;
  private startedMs = 0;
  private lastTotalsMs = 0;

  constructor(private readonly pairId: string, private readonly send: (e: ProgressEvent) => void, private readonly now: () => number = Date.now, private readonly everyMs = 250) {
    this.totals = this.empty();
  }

  private empty(): TotalsProgress {
    return { type: 'totals', pairId: this.pairId, items: 0, itemsDone: 0, itemsFailed: 0, bytes: 0, bytesDone: 0, bytesPerSecond: 0, etaSeconds: null };
  }

  plan(plan: Plan): void {
    this.items.clear();
    this.uploadsByName.clear();
    this.downloadsById.clear();
    this.totals = this.empty();
    this.startedMs = this.now();
    if (plan.held) return;
    for (const a of plan.actions) {
      if (!WORK.has(a.type)) continue;
      const size = sizeOf(a);
      this.items.set(a.path, { action: a.type, size, bytes: 0, settled: false });
      this.totals.items++;
      this.totals.bytes += size;
      if (a.type === 'upload') this.uploadsByName.set(a.remoteName, [...(this.uploadsByName.get(a.remoteName) ?? []), a.path]);
      if (a.type === 'download') this.downloadsById.set(a.remote.id, a.path);
      this.send({ type: 'item', pairId: this.pairId, path: a.path, action: a.type, state: 'queued' });
    }
    this.sendTotals(true);
  }

  exec(e: ExecEvent): void {
    if (e.type !== 'item' || e.state === 'started') return;
    const it = this.items.get(e.path);
    if (!it || it.settled) return;
    it.settled = true;
    if (e.state === 'done') {
      this.addBytes(it, it.size - it.bytes);
      this.totals.itemsDone++;
      this.send({ type: 'item', pairId: this.pairId, path: e.path, action: it.action, state: 'done' });
    } else if (e.state === 'failed') {
      this.totals.itemsFailed++;
      this.send({ type: 'item', pairId: this.pairId, path: e.path, action: it.action, state: 'failed', kind: e.kind, message: e.message });
    }
    this.sendTotals(this.totals.itemsDone + this.totals.itemsFailed === this.totals.items);
  }

  /**
   * Bytes of an upload, by its path in the pair; a caller that knows only the remote name gets the first
   * unsettled upload of that name, which is right unless two folders upload the same name at once.
   */
  uploaded(key: string, bytes: number): void {
    const path = this.items.get(key)?.action === 'upload' ? key : this.uploadsByName.get(key)?.find((p) => !this.items.get(p)?.settled);
    if (path) this.transferred(path, bytes);
  }

  downloaded(itemId: string, bytes: number): void {
    const path = this.downloadsById.get(itemId);
    if (path) this.transferred(path, bytes);
  }

  current(): TotalsProgress {
    return { ...this.totals };
  }

  private transferred(path: string, bytes: number): void {
    const it = this.items.get(path);
    if (!it || it.settled || bytes <= it.bytes) return;
    this.addBytes(it, bytes - it.bytes);
    this.send({ type: 'item', pairId: this.pairId, path, action: it.action, state: 'transferring', bytes: it.bytes, size: it.size });
    this.sendTotals(false);
  }

  private addBytes(it: { bytes: number }, n: number): void {
    if (n <= 0) return;
    it.bytes += n;
    this.totals.bytesDone += n;
  }

  private sendTotals(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastTotalsMs < this.everyMs) return;
    this.lastTotalsMs = now;
    const secs = (now - this.startedMs) / 1000;
    const t = this.totals;
    t.bytesPerSecond = secs > 0 ? Math.round(t.bytesDone / secs) : 0;
    const left = t.bytes - t.bytesDone;
    t.etaSeconds = left <= 0 ? 0 : t.bytesPerSecond > 0 ? Math.ceil(left / t.bytesPerSecond) : null;
    this.send({ ...t });
  }
}
