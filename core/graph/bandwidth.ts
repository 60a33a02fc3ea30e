import { GraphError } from './errors.js';
import { cancelled } from './pacer.js';

/** Bytes per second each way; null is no limit. */
export interface BwLimit {
  up: number | null;
  down: number | null;
}

export const NO_LIMIT: BwLimit = { up: null, down: null };

// At most this much may go at once after a quiet spell: a tenth of a second's worth, so the rate stays smooth.
const BURST_SECONDS = 0.1;
const MIN_BURST = 16 * 1024;

/**
 * A token bucket shared by every transfer of one account in one direction. Takers queue in order, so two
 * transfers split the budget instead of one starving the other. A take larger than the burst is granted once
 * the bucket is full and leaves it in debt, which the next takers wait out: the average rate holds exactly.
 */
export class TokenBucket {
  private bytesPerSecond: number | null = null;
  private tokens = 0;
  private updatedAt = performance.now();
  private queue: { n: number; grant: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Bytes granted since creation, for figures and tests. */
  granted = 0;

  constructor(rate: number | null = null) {
    this.setRate(rate);
  }

  get rate(): number | null {
    return this.bytesPerSecond;
  }

  get burst(): number {
    return this.bytesPerSecond === null ? Infinity : Math.max(MIN_BURST, Math.round(this.bytesPerSecond * BURST_SECONDS));
  }

  /** Takes effect at once, also for transfers already waiting. */
  setRate(rate: number | null): void {
    this.refill();
    const was = this.bytesPerSecond;
    this.bytesPerSecond = rate !== null && rate > 0 && Number.isFinite(rate) ? rate : null;
    // A limit newly set starts with one burst; a changed one keeps its debt, so lowering it cannot be dodged.
    this.tokens = this.bytesPerSecond === null ? 0 : was === null ? this.burst : Math.min(this.tokens, this.burst);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pump();
  }

  /** Resolves when `n` bytes may go; rejects with a 'cancelled' error when the signal aborts first. */
  take(n: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.bytesPerSecond === null) {
      this.granted += n;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        n,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.queue = this.queue.filter((w) => w !== waiter);
        reject(cancelled());
        this.pump();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** How much to send per piece: small enough to keep the rate smooth, large enough to keep the overhead low. */
  pieceSize(max = 256 * 1024): number {
    return Math.min(max, this.burst);
  }

  private refill(): void {
    const now = performance.now();
    if (this.bytesPerSecond !== null) this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.bytesPerSecond);
    this.updatedAt = now;
  }

  private pump(): void {
    if (this.timer) return;
    this.refill();
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      if (this.bytesPerSecond === null) {
        this.queue.shift();
        this.granted += head.n;
        head.grant();
        continue;
      }
      const need = Math.min(head.n, this.burst);
      if (this.tokens < need) {
        const ms = Math.max(1, Math.ceil(((need - this.tokens) / this.bytesPerSecond) * 1000));
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, ms);
        return;
      }
      this.queue.shift();
      this.tokens -= head.n;
      this.granted += head.n;
      head.grant();
    }
  }
}

/** One account's upload and download budgets. */
export class AccountBandwidth {
  readonly up = new TokenBucket();
  readonly down = new TokenBucket();

  set(limit: BwLimit): void {
    this.up.setRate(limit.up);
    this.down.setRate(limit.down);
  }

  current(): BwLimit {
    return { up: this.up.rate, down: this.down.rate };
  }
}

/** What a limit is at a given time: a plain limit, or a timetable (bwtimetable.ts). */
export interface BwSchedule {
  limitAt(when: Date): BwLimit;
  /** When the limit may change next; null: never. */
  nextChange(when: Date): Date | null;
}

/** The registry's clock and its one timer; tests pass their own. */
export interface BwClock {
  now(): Date;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const systemClock: BwClock = {
  now: () => new Date(),
  // Unref'd: a limit's timetable never keeps a process alive.
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

// Timers run on a clock that stops while the computer sleeps: looking again every few minutes keeps a
// timetable's switch at most this late after a wake-up.
const MAX_WAIT_MS = 5 * 60_000;

const constant = (limit: BwLimit): BwSchedule => ({ limitAt: () => ({ ...limit }), nextChange: () => null });

/**
 * The budgets of one process, by account: every client, pair and transfer of an account shares them. A limit
 * may be a timetable: the slot in force now applies, and one timer switches every account at the next slot.
 */
export class BandwidthRegistry {
  private accounts = new Map<string, AccountBandwidth>();
  private fallback: BwSchedule = constant(NO_LIMIT);
  /** Accounts given a limit of their own (over the fallback). */
  private own = new Map<string, BwSchedule>();
  private timer: unknown;

  constructor(private readonly clock: BwClock = systemClock) {}

  for(accountId: string): AccountBandwidth {
    let b = this.accounts.get(accountId);
    if (!b) {
      b = new AccountBandwidth();
      b.set(this.scheduleOf(accountId).limitAt(this.clock.now()));
      this.accounts.set(accountId, b);
    }
    return b;
  }

  /** The same limit for every account, including those signed in later (each keeps its own budget). */
  setAll(limit: BwLimit | BwSchedule): void {
    this.fallback = 'limitAt' in limit ? limit : constant(limit);
    this.own.clear();
    const now = this.clock.now();
    for (const b of this.accounts.values()) b.set(this.fallback.limitAt(now));
    this.reschedule();
  }

  /** One account's limit, over the one every account has. */
  setAccount(accountId: string, limit: BwLimit | BwSchedule): void {
    const schedule = 'limitAt' in limit ? limit : constant(limit);
    this.own.set(accountId, schedule);
    this.for(accountId).set(schedule.limitAt(this.clock.now()));
    this.reschedule();
  }

  /** The limit an account signed in from now on starts with. */
  fallbackLimit(): BwLimit {
    return this.fallback.limitAt(this.clock.now());
  }

  /** Stops switching slots (host shutdown); setting a limit again starts it again. */
  close(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private scheduleOf(accountId: string): BwSchedule {
    return this.own.get(accountId) ?? this.fallback;
  }

  private reschedule(): void {
    this.close();
    const now = this.clock.now();
    let next: number | null = null;
    for (const s of [this.fallback, ...this.own.values()]) {
      const at = s.nextChange(now)?.getTime();
      if (at !== undefined && (next === null || at < next)) next = at;
    }
    if (next === null) return;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.switchSlots();
    }, Math.min(MAX_WAIT_MS, Math.max(0, next - now.getTime())));
  }

  /** Each account takes the slot in force now; a budget whose limit did not change is left alone. */
  private switchSlots(): void {
    const now = this.clock.now();
    for (const [id, b] of this.accounts) {
      const want = this.scheduleOf(id).limitAt(now);
      const has = b.current();
      if (want.up !== has.up || want.down !== has.down) b.set(want);
    }
    this.reschedule();
  }
}

export const defaultBandwidth = new BandwidthRegistry();

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

function rate(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === '') return t === 'off' ? null : undefined;
  // rclone's SizeSuffix with KiB as the unit of a bare number; "0" means no limit.
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp]?)(?:i?b?)?(?:\/s)?$/.exec(t);
  if (!m) return undefined;
  const bytes = Math.round(Number(m[1]) * UNITS[m[2] || 'k']!);
  return bytes === 0 ? null : bytes;
}

/**
 * rclone's --bwlimit: one rate for both ways (`10M`, `512k`, `512` = KiB/s, `off`), or `UP:DOWN`
 * (`1M:off`). Timetables ("08:00,512k 19:00,off") are not supported and are refused.
 */
export function parseBwLimit(text: string, what = '--bwlimit'): BwLimit {
  const parts = text.split(':');
  const rates = parts.map(rate);
  if (parts.length > 2 || rates.some((r) => r === undefined)) {
    throw new GraphError({ kind: 'invalid', code: 'invalidOption', message: `${what} takes a rate like 10M or 512k, or UP:DOWN (e.g. 1M:off); got "${text}".` });
  }
  const up = rates[0] as number | null;
  return { up, down: parts.length === 2 ? (rates[1] as number | null) : up };
}

/** Back to text parseBwLimit reads, in rclone's style: "4Mi:8Mi", "off". */
export function formatBwLimit(l: BwLimit): string {
  const one = (r: number | null): string => {
    if (r === null) return 'off';
    for (const [u, m] of [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (r % m === 0) return `${r / m}${u}`;
    return `${r}B`;
  };
  return l.up === l.down ? one(l.up) : `${one(l.up)}:${one(l.down)}`;
}
