import type { PairRuntime, PassResult } from '../engine/sync-once.js';
import { syncOnce } from '../engine/sync-once.js';
import { LocalWatcher } from '../local/watch.js';
import { IgnoreRules } from '../reconcile/filters.js';
import { CountingDrive } from './counting-drive.js';
import { Emitter } from './emitter.js';
import { LocalChanges } from './local-changes.js';
import { ProgressTracker } from './progress.js';
import type { ProgressEvent } from './progress.js';
import { stateOfError } from './state.js';
import type { EngineState } from './state.js';

export interface RunnerEvents extends Record<string, unknown> {
  state: EngineState;
  progress: ProgressEvent;
  /** After every pass that ran to its end (held or not). */
  pass: PassResult;
  /** A pass that failed as a whole, with a message a person understands. */
  error: { kind: string; message: string };
}

export interface RunnerOptions {
  /** The pair's runtime without the hooks the runner sets itself. */
  runtime: Omit<PairRuntime, 'onEvent' | 'onPlan' | 'dryRun'>;
  /** The local folder to watch (the same one `runtime.fs` is rooted at). */
  localRoot: string;
  /** How often to ask OneDrive for changes. */
  pollMs?: number;
  /** The watcher's debounce. */
  quietMs?: number;
  maxWaitMs?: number;
  /**
   * Between watcher-trusting passes, scan the whole folder at least this often anyway (default 30 min): a
   * safety net for events a platform dropped without telling.
   */
  fullScanMs?: number;
}

export const PAUSE_CHOICES_MS = { '2h': 2 * 3600_000, '8h': 8 * 3600_000, '24h': 24 * 3600_000 } as const;

/**
 * Keeps one pair in sync: a pass at start, then a pass after each batch of local changes, on every remote
 * poll and on `syncNow()`. Only one pass runs at a time; triggers that arrive meanwhile become one more pass.
 * Pausing lets the running pass finish (the engine has no safe midpoint) and starts none until resumed.
 * While the watcher is healthy a pass reads only the paths it reported (see LocalChanges), and a pass that
 * wrote to OneDrive is followed at once by one that takes in the echoes of those writes.
 */
export class PairRunner extends Emitter<RunnerEvents> {
  private watcher: LocalWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | null = null;
  private again = false;
  private forceNext = false;
  private stopped = false;
  private pausedUntil: number | null | undefined = undefined;
  private blockedUntil = 0;
  private lastSyncMs: number | null = null;
  private current: EngineState = { state: 'idle', lastSyncMs: null };
  private readonly tracker: ProgressTracker;
  private readonly local: LocalChanges;
  private watching = false;
  /** Said with every idle state once the watcher gave out for good. */
  private warning: string | undefined;

  constructor(private readonly opts: RunnerOptions) {
    super();
    this.tracker = new ProgressTracker(opts.runtime.pairId, (e) => this.emit('progress', e), opts.runtime.now);
    this.local = new LocalChanges(opts.fullScanMs ?? 30 * 60_000);
  }

  get state(): EngineState {
    return this.current;
  }

  get paused(): boolean {
    return this.pausedUntil !== undefined;
  }

  /** First pass, then watching and polling. Resolves when the first pass is over. */
  async start(): Promise<void> {
    const o = this.opts;
    this.watcher = new LocalWatcher(o.localRoot, {
      ignore: new IgnoreRules(o.runtime.options.ignore),
      followSymlinks: o.runtime.options.followSymlinks,
      quietMs: o.quietMs,
      maxWaitMs: o.maxWaitMs,
      onChanges: (paths) => {
        this.local.changed(paths);
        this.trigger();
      },
      onRescan: (reason, lasting) => {
        this.local.rescan(lasting);
        if (lasting) this.warning = reason;
        this.trigger();
      },
    });
    this.poll = setInterval(() => this.trigger(), o.pollMs ?? 60_000);
    await this.watcher.whenReady();
    // Events only count from here: the first pass scans everything anyway.
    this.watching = true;
    await this.syncNow();
  }

  /** Runs a pass now (or right after the running one); resolves when no pass is left to run. Paused: does nothing. */
  syncNow(): Promise<void> {
    this.again = true;
    this.loop ??= this.runLoop().finally(() => (this.loop = null));
    return this.loop;
  }

  /** Resolves once no pass is running or due (the echo pass after a write included); starts none itself. */
  whenIdle(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** The user confirmed a held plan: the next pass deletes what the guard held. */
  approveHeld(): Promise<void> {
    this.forceNext = true;
    return this.syncNow();
  }

  /** Pauses until `untilMs` (see PAUSE_CHOICES_MS), or until `resume()`. */
  pause(untilMs?: number): void {
    clearTimeout(this.resumeTimer);
    this.pausedUntil = untilMs ?? null;
    if (untilMs !== undefined) this.resumeTimer = setTimeout(() => this.resume(), Math.max(0, untilMs - this.opts.runtime.now()));
    if (!this.loop) this.setState({ state: 'paused', untilMs: this.pausedUntil });
  }

  resume(): void {
    if (!this.paused) return;
    clearTimeout(this.resumeTimer);
    this.pausedUntil = undefined;
    this.setState(this.idle());
    void this.syncNow();
  }

  /** Stops watching and polling; waits for a running pass to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watching = false;
    clearInterval(this.poll);
    clearTimeout(this.resumeTimer);
    clearTimeout(this.retryTimer);
    await this.watcher?.close();
    await this.loop;
  }

  private trigger(): void {
    if (this.stopped) return;
    // A throttled or offline engine waits for its time; the next poll after it tries again.
    if (this.opts.runtime.now() < this.blockedUntil) return;
    void this.syncNow();
  }

  private async runLoop(): Promise<void> {
    while (this.again && !this.stopped && !this.paused) {
      this.again = false;
      await this.pass();
    }
    if (this.paused) this.setState({ state: 'paused', untilMs: this.pausedUntil ?? null });
  }

  private async pass(): Promise<void> {
    const rt = this.opts.runtime;
    const force = this.forceNext;
    this.forceNext = false;
    this.setState({ state: 'scanning' });
    // Without a live watcher nobody reports changes, so every pass reads the whole folder.
    if (!this.watching) this.local.rescan();
    if (this.watching && this.watcher) this.local.changed(this.watcher.takePending());
    const taken = this.local.take(rt.now());
    try {
      const result = await syncOnce({
        ...rt,
        localChanges: taken.paths,
        options: force ? { ...rt.options, force: true } : rt.options,
        remote: new CountingDrive(rt.remote, this.tracker),
        onPlan: (plan) => {
          this.tracker.plan(plan);
          if (!plan.held && plan.actions.length > 0) this.setState({ state: 'syncing' });
        },
        onEvent: (e) => this.tracker.exec(e),
      });
      this.blockedUntil = 0;
      this.lastSyncMs = rt.now();
      if (this.local.after(result)) this.again = true;
      if (result.plan.held) this.setState({ state: 'held', ...result.plan.held });
      else this.setState(this.idle());
      this.emit('pass', result);
    } catch (e) {
      this.local.after(null);
      const now = rt.now();
      const s = stateOfError(e, now);
      const message = (e as Error)?.message ?? String(e);
      this.emit('error', { kind: s?.state ?? 'other', message });
      if (s?.state === 'throttled') {
        // Try again as soon as OneDrive allows, not a whole poll interval later.
        this.blockedUntil = s.untilMs;
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.trigger(), Math.max(0, s.untilMs - now));
      }
      this.setState(s ?? this.idle());
    }
  }

  private idle(): EngineState {
    return { state: 'idle', lastSyncMs: this.lastSyncMs, ...(this.warning ? { message: this.warning } : {}) };
  }

  private setState(s: EngineState): void {
    this.current = s;
    this.emit('state', s);
  }
}
