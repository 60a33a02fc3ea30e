import { mkdir } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { AuthManager } from '../auth/index.js';
import { OneDrive } from '../onedrive/index.js';
import { PairRunner, loadPairs, newPairId, openPair, overlaps, savePairs } from '../sync/runner/index.js';
import type { EngineState, OpenedPair, PairConfig, ProgressEvent } from '../sync/runner/index.js';
import type { Trash } from '../sync/fs/index.js';
import { ConflictError, resolveConflict } from '../sync/engine/resolve-conflict.js';
import type { ConflictChoice, ConflictSummary, FolderEntry, ItemActivity, PairRequest, PairStatus, PairSummary, SyncProblem } from './contract.js';
import { forgetRemoteView, normalizeSelection } from '../sync/runner/selection.js';
import { ActivityFeed } from './activity.js';
import { ServiceError } from './errors.js';
import { backupDirProblem } from '../sync/execute/backup.js';

interface Running {
  config: PairConfig;
  opened: OpenedPair;
  runner: PairRunner;
  /** The pair's OneDrive client, shared with the folder picker so both use the account's pacer. */
  drive: OneDrive;
  status: PairStatus;
  feed: ActivityFeed;
}

export interface PairsDeps {
  auth: AuthManager;
  /** Where pairs.json and the journals live. */
  home: string;
  /** The host's trash for files a remote deletion removes here (Electron: shell.trashItem). */
  trash?: Trash;
  status(s: PairStatus): void;
  /** Per-file activity: transfers with bytes, done, failed or left out with the reason. */
  activity?(a: ItemActivity): void;
}

const summary = (c: PairConfig, status?: PairStatus): PairSummary => ({
  id: c.id, local: c.local, remote: c.remote, driveId: c.driveId, mode: c.mode, accountId: c.accountId ?? '', selection: c.selection, ignore: c.ignore,
  backupDir: c.backupDir ?? null, status: status ?? { pairId: c.id, state: 'idle' },
});

function toStatus(pairId: string, s: EngineState): PairStatus {
  const detail = 'message' in s ? s.message : undefined;
  const until = 'untilMs' in s && s.untilMs ? new Date(s.untilMs).toISOString() : undefined;
  return { pairId, state: s.state, ...(detail ? { detail } : {}), ...(until ? { until } : {}) };
}

/** The user's sync pairs, each kept in sync by its own runner while the service runs. */
export class SyncPairs {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: PairsDeps) {}

  async list(): Promise<PairSummary[]> {
    return (await loadPairs(this.deps.home)).map((c) => summary(c, this.running.get(c.id)?.status));
  }

  /** Starts a runner for every configured pair (at host start). A pair that cannot start says why in its status. */
  async startAll(): Promise<void> {
    for (const c of await loadPairs(this.deps.home)) await this.start(c).catch((e: Error) => this.report(c.id, { pairId: c.id, state: 'offline', detail: e.message }));
  }

  async add(req: PairRequest): Promise<PairSummary> {
    if (!isAbsolute(req.local)) throw new ServiceError('invalid', `Choose a full folder path on this computer, not "${req.local}".`);
    const pairs = await loadPairs(this.deps.home);
    const clash = pairs.find((p) => overlaps(p.local, req.local));
    if (clash) throw new ServiceError('invalid', `${req.local} overlaps the folder of another pair (${clash.local}): choose a folder of its own.`);
    const config: PairConfig = {
      id: newPairId(), local: req.local, remote: req.remote.replace(/^\/+|\/+$/g, ''), driveId: req.driveId,
      accountId: req.accountId, mode: req.mode, ignore: [], selection: [],
    };
    const backupDir = checkedBackupDir(config.remote, req.backupDir);
    if (backupDir !== undefined) config.backupDir = backupDir;
    const drive = await this.drive(config);
    if (config.remote) await drive.mkdir(config.remote, { parents: true });
    await mkdir(config.local, { recursive: true });
    await savePairs(this.deps.home, [...pairs, config]);
    await this.start(config, drive);
    return summary(config, this.running.get(config.id)?.status);
  }

  async remove(pairId: string): Promise<void> {
    await this.stop(pairId);
    await savePairs(this.deps.home, (await loadPairs(this.deps.home)).filter((p) => p.id !== pairId));
  }

  async listFolders(pairId: string, path: string): Promise<FolderEntry[]> {
    const config = await this.config(pairId);
    const drive = this.running.get(pairId)?.drive ?? (await this.drive(config));
    const full = [config.remote, path].filter(Boolean).join('/');
    return (await drive.list(full))
      .filter((i) => i.folder)
      .map((i) => ({ name: i.name, path: path ? `${path}/${i.name}` : i.name, isFolder: true, size: i.size ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Restarts the pair with its new folders; its next pass reads OneDrive's folder whole (see forgetRemoteView). */
  setFolders(pairId: string, folders: string[]): Promise<PairSummary> {
    return this.reconfigure(pairId, (c) => { c.selection = normalizeSelection(folders); });
  }

  /** The user's patterns of files to leave out (the defaults always apply too); as for folders, the pair restarts. */
  setIgnore(pairId: string, patterns: string[]): Promise<PairSummary> {
    return this.reconfigure(pairId, (c) => { c.ignore = [...new Set(patterns.map((p) => p.trim()).filter(Boolean))]; });
  }

  /**
   * The backup folder, refused inside the pair as `pair add --backup-dir` refuses it. The pair restarts with it;
   * what it has of OneDrive stays valid, so it is not read again.
   */
  setBackupDir(pairId: string, path: string | null): Promise<PairSummary> {
    return this.reconfigure(pairId, (c) => {
      const dir = checkedBackupDir(c.remote, path ?? undefined);
      if (dir === undefined) delete c.backupDir;
      else c.backupDir = dir;
    }, { rereadRemote: false });
  }

  private async reconfigure(pairId: string, change: (c: PairConfig) => void, o = { rereadRemote: true }): Promise<PairSummary> {
    const pairs = await loadPairs(this.deps.home);
    const config = pairs.find((p) => p.id === pairId);
    if (!config) throw new ServiceError('not-found', 'That sync pair no longer exists.');
    try {
      change(config);
    } catch (e) {
      throw new ServiceError('invalid', (e as Error).message);
    }
    const wasRunning = this.running.has(pairId);
    await this.stop(pairId);
    if (o.rereadRemote) forgetRemoteView(this.deps.home, pairId);
    await savePairs(this.deps.home, pairs);
    if (wasRunning) await this.start(config);
    return summary(config, this.running.get(pairId)?.status);
  }

  syncNow(pairId: string): Promise<void> {
    return this.need(pairId).runner.syncNow();
  }

  approveHeld(pairId: string): Promise<void> {
    return this.need(pairId).runner.approveHeld();
  }

  problems(): SyncProblem[] {
    const out: SyncProblem[] = [];
    for (const [pairId, r] of this.running) {
      for (const p of r.feed.leftOut()) out.push({ pairId, path: p.path, state: 'skipped', message: p.message });
      for (const f of r.opened.journal.failures(pairId)) {
        out.push({ pairId, path: f.path, state: 'failed', message: f.message, attempts: f.attempts, retryAt: new Date(f.nextAttemptAtMs).toISOString() });
      }
    }
    return out.sort((a, b) => a.pairId.localeCompare(b.pairId) || a.path.localeCompare(b.path));
  }

  conflicts(): ConflictSummary[] {
    const out: ConflictSummary[] = [];
    for (const [pairId, r] of this.running) {
      for (const c of r.opened.journal.openConflicts(pairId)) {
        out.push({ pairId, id: c.id, path: c.path, conflictPath: c.conflictPath, reason: c.reason, at: new Date(c.atMs).toISOString() });
      }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  async resolveConflict(pairId: string, id: number, choice: ConflictChoice): Promise<void> {
    const r = this.need(pairId);
    try {
      await resolveConflict(r.opened.runtime.fs, r.opened.journal, pairId, id, choice, Date.now());
    } catch (e) {
      if (e instanceof ConflictError) throw new ServiceError(e.kind === 'not-found' ? 'not-found' : 'invalid', e.message);
      throw e;
    }
    // Take the answer to OneDrive now rather than at the next poll.
    void r.runner.syncNow();
  }

  pause(hours: number | null): void {
    const until = hours === null ? undefined : Date.now() + hours * 3600_000;
    for (const r of this.running.values()) r.runner.pause(until);
  }

  resume(): void {
    for (const r of this.running.values()) r.runner.resume();
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id);
  }

  private async start(config: PairConfig, drive?: OneDrive): Promise<void> {
    const client = drive ?? (await this.drive(config));
    const opened = await openPair(this.deps.home, config, client, this.deps.trash ? { trash: this.deps.trash } : {});
    const runner = new PairRunner({ runtime: opened.runtime, localRoot: config.local });
    const feed = new ActivityFeed(config.id, (a) => this.deps.activity?.(a));
    const entry: Running = { config, opened, runner, drive: client, status: { pairId: config.id, state: 'scanning' }, feed };
    this.running.set(config.id, entry);
    runner.on('state', (s) => this.report(config.id, { ...toStatus(config.id, s), ...progressOf(entry.status) }));
    runner.on('pass', (r) => feed.pass(r));
    runner.on('progress', (p: ProgressEvent) => {
      feed.progress(p);
      if (p.type !== 'totals') return;
      this.report(config.id, { ...entry.status, progress: { items: p.items, itemsDone: p.itemsDone, bytes: p.bytes, bytesDone: p.bytesDone, bytesPerSecond: p.bytesPerSecond, etaSeconds: p.etaSeconds } });
    });
    // Not awaited: a first pass can take hours, and neither the caller (adding a pair) nor the next pair (at start)
    // should wait for it. The runner reports its own progress and failures as states from here.
    void runner.start().catch((e: Error) => this.report(config.id, { pairId: config.id, state: 'offline', detail: e.message }));
  }

  private async stop(pairId: string): Promise<void> {
    const r = this.running.get(pairId);
    if (!r) return;
    this.running.delete(pairId);
    await r.runner.stop();
    r.opened.close();
  }

  private report(pairId: string, status: PairStatus): void {
    const r = this.running.get(pairId);
    if (r) r.status = status;
    this.deps.status(status);
  }

  private async config(pairId: string): Promise<PairConfig> {
    const c = (await loadPairs(this.deps.home)).find((p) => p.id === pairId);
    if (!c) throw new ServiceError('not-found', 'That sync pair no longer exists.');
    return c;
  }

  private need(pairId: string): Running {
    const r = this.running.get(pairId);
    if (!r) throw new ServiceError('not-found', 'That sync pair is not running: add it again, or restart Stratus.');
    return r;
  }

  private drive(c: PairConfig): Promise<OneDrive> {
    if (!c.accountId) throw new ServiceError('invalid', `Pair ${c.id} has no account: remove it and add it again from Stratus.`);
    return OneDrive.open({
      accountId: c.accountId, tokens: this.deps.auth.tokenProvider,
      options: { graph_url: this.deps.auth.graphUrl, ...(c.driveId ? { drive_id: c.driveId } : {}) },
    });
  }
}

/** A backup folder as the pair keeps it (no leading or doubled slashes); undefined for none. */
function checkedBackupDir(pairRemote: string, path: string | undefined): string | undefined {
  const dir = (path ?? '').split('/').filter(Boolean).join('/');
  if (path === undefined || path.trim() === '') return undefined;
  const problem = backupDirProblem(pairRemote, dir);
  if (problem) throw new ServiceError('invalid', problem);
  return dir;
}

/** Progress stays on the status while the pass runs, and is dropped once the pair is idle again. */
function progressOf(s: PairStatus): Partial<PairStatus> {
  return s.state === 'syncing' && s.progress ? { progress: s.progress } : {};
}
