import type { Item } from './model.js';

interface LogEntry { seq: number; id: string }

/**
 * The change log delta reads: per drive, (seq, item id) in seq order. An item's latest change is the entry
 * whose seq equals item.seq; older entries for it are stale and skipped, and dropped when they pile up.
 * So "what changed since token T" costs a binary search plus the changes, never a scan of the drive.
 */
export class ChangeLog {
  private readonly logs = new Map<string, LogEntry[]>();

  constructor(private readonly items: Map<string, Item>) {}

  append(item: Item): void {
    const log = this.logFor(item.driveId);
    log.push({ seq: item.seq, id: item.id });
    if (log.length > 2 * this.items.size + 1024) this.logs.set(item.driveId, log.filter((e) => this.items.get(e.id)?.seq === e.seq));
  }

  /** After loading items in any order. */
  sort(): void { for (const log of this.logs.values()) log.sort((a, b) => a.seq - b.seq); }

  /**
   * Items of a drive whose latest change has a seq in (after, upto], in log order, at most `max` of them.
   * `next` is the seq to continue after; `more` says whether entries remain up to `upto`.
   */
  read(driveId: string, after: number, upto: number, max: number, keep: (it: Item) => boolean): { items: Item[]; next: number; more: boolean } {
    const log = this.logs.get(driveId) ?? [];
    let lo = 0, hi = log.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (log[mid]!.seq <= after) lo = mid + 1; else hi = mid; }
    const items: Item[] = [];
    let next = after;
    for (let i = lo; i < log.length; i++) {
      const e = log[i]!;
      if (e.seq > upto) return { items, next, more: false };
      if (items.length >= max) return { items, next, more: true };
      next = e.seq;
      const it = this.items.get(e.id);
      if (it && it.seq === e.seq && keep(it)) items.push(it);
    }
    return { items, next, more: false };
  }

  private logFor(driveId: string): LogEntry[] {
    let log = this.logs.get(driveId);
    if (!log) { log = []; this.logs.set(driveId, log); }
    return log;
  }
}
