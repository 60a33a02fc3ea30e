import type { Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
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
  /**
   * The watcher failed or overflowed: events may be lost, scan everything. `lasting`: it will not recover while
   * Stratus runs (the system's limit on watches is reached), so from now on only scans find changes.
   */
  onRescan(reason: string, lasting: boolean): void;
}

/**
 * Watches a pair's folder with chokidar and reports changed paths in debounced batches.
 *
 * Only folders are watched. chokidar would otherwise open one watch per file: on 100,000 files that took 10 s and
 * ~700 MB to start, left ~0.5% of a core busy, and on Linux can exhaust the inotify watch limit. A folder's watch
 * already reports every child it gains, loses or sees written, with the child's name (chokidar's `raw` event), and
 * the engine reads each reported path again anyway (a folder with all it holds), so nothing is lost.
 */
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
      // Without stats chokidar does not know the type yet and asks again with them before watching.
      ignored: (abs: string, stats?: Stats) => stats?.isFile() === true || this.ignores(this.rel(abs)),
    });
    this.ready = new Promise((resolve) => this.fsw.once('ready', () => resolve()));
    // Folders added or removed (chokidar finds them by listing the parent again).
    this.fsw.on('all', (_event, abs) => this.note(this.rel(abs)));
    // Every watch is a folder's, so a named event is about that child; an unnamed one about the folder itself.
    this.fsw.on('raw', (_event, name, details) => {
      const folder = (details as { watchedPath?: string }).watchedPath;
      if (typeof folder !== 'string') return;
      const rel = this.rel(typeof name === 'string' && name !== '' ? join(folder, name) : folder);
      if (rel !== '..' && !rel.startsWith('../') && !this.ignores(rel)) this.note(rel);
    });
    this.fsw.on('error', (e) => {
      this.flush();
      const limit = watchLimit(e);
      if (limit) opts.onRescan(limit, true);
      else opts.onRescan(`The folder watcher failed (${(e as Error).message ?? String(e)}); scanning everything.`, false);
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

  private ignores(rel: string): boolean {
    return rel !== '' && this.opts.ignore.ignores(rel);
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

/** The message for a watcher that ran out of a system resource, or undefined for any other failure. */
function watchLimit(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  const scanning = 'Changes in this folder are now found by scanning it each time Stratus checks for changes (every minute unless set otherwise), not as they happen';
  if (code === 'ENOSPC') {
    return `${scanning}: the system's limit on watched folders is reached. On Linux, raise it (for example ` +
      '`sudo sysctl fs.inotify.max_user_watches=524288`, and in /etc/sysctl.conf to keep it) and restart Stratus.';
  }
  if (code === 'EMFILE' || code === 'ENFILE') {
    return `${scanning}: the system ran out of open files. Close some programs, or raise the open-file limit ` +
      '(`ulimit -n`), and restart Stratus.';
  }
  return undefined;
}
