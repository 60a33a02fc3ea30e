import { relative, sep } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { IgnoreRules } from '../reconcile/filters.js';

export interface WatchOptions {
  ignore: IgnoreRules;
  followSymlinks: boolean;
  /** Wait this long after the last event before reporting: an editor's save-by-rename settles well inside it. */
  quietMs?: number;
  /** But never hold events longer than this while a folder keeps changing. */
  maxWaitMs?: number;
  /** Changed paths (relative, `/`-separated), each once per batch; re-stat them (and scan folders) to learn what happened. */
  onChanges(paths: string[]): void;
  /** The watcher failed or overflowed (inotify limit, a folder vanished under it): events may be lost, scan everything. */
  onRescan(reason: string): void;
}

/** Watches a pair's folder with chokidar and reports changed paths in debounced batches. */
export class LocalWatcher {
  readonly fsw: FSWatcher;
  private pending = new Set<string>();
  private quietTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  private readonly ready: Promise<void>;

  constructor(private readonly root: string, private readonly opts: WatchOptions) {
    this.fsw = watch(root, {
      ignoreInitial: true,
      persistent: true,
      followSymlinks: opts.followSymlinks,
      // chokidar's own pairing of unlink+add within a short window, on top of our debounce.
      atomic: true,
      ignored: (abs: string) => {
        const rel = this.rel(abs);
        return rel !== '' && opts.ignore.ignores(rel);
      },
    });
    this.ready = new Promise((resolve) => this.fsw.once('ready', () => resolve()));
    this.fsw.on('all', (_event, abs) => this.note(this.rel(abs)));
    this.fsw.on('error', (e) => {
      this.flush();
      opts.onRescan(`The folder watcher failed (${(e as Error).message ?? String(e)}); scanning everything.`);
    });
  }

  /** Resolves once the initial crawl is done and events are live. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * Hands over the paths still waiting out the debounce, so a pass that starts now sees a save made a moment ago
   * instead of planning from the state before it.
   */
  takePending(): string[] {
    const paths = [...this.pending];
    this.pending = new Set();
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
    return paths;
  }

  async close(): Promise<void> {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.pending.clear();
    await this.fsw.close();
  }

  private rel(abs: string): string {
    const r = relative(this.root, abs);
    return sep === '/' ? r : r.split(sep).join('/');
  }

  private note(path: string): void {
    this.pending.add(path);
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.opts.quietMs ?? 300);
    this.maxTimer ??= setTimeout(() => this.flush(), this.opts.maxWaitMs ?? 2000);
  }

  private flush(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
    if (this.pending.size === 0) return;
    const paths = [...this.pending].sort();
    this.pending = new Set();
    this.opts.onChanges(paths);
  }
}
