import { EventEmitter } from 'node:events';
import type { AuthManager } from '../auth/index.js';
import { Accounts } from './accounts.js';
import type { BandwidthLimit, ConflictChoice, EventName, PairRequest, ServiceEvents, ServiceRequests, ShareLinkRequest, SignInMethod, Unsubscribe } from './contract.js';
import { DriveFeatures } from './drives.js';
import { SpeedLimits } from './limits.js';
import { ServiceError } from './errors.js';
import { OverallState } from './overall.js';
import { SyncPairs } from './pairs.js';
import type { Trash } from '../sync/fs/index.js';
import { version } from './version.js';

export interface ServiceOptions {
  host: 'electron' | 'headless';
  /** Sign-in for every account; without it, account requests say that sign-in is not set up. */
  auth?: AuthManager;
  /** How the host shows a sign-in page; by default the UI is asked to (the `signInPrompt` event). */
  openBrowser?: (url: string) => Promise<void>;
  /** Where sync pairs and their journals live; without it, sync requests say that sync is not set up. */
  home?: string;
  /** The host's trash for local deletions (Electron's shell.trashItem); the freedesktop trash by default. */
  trash?: Trash;
}

/**
 * The application API both hosts expose. It owns no transport: hosts call its methods after validating
 * requests, and subscribe to its events to forward them to every UI.
 */
export class StratusService implements ServiceRequests {
  private readonly events = new EventEmitter();
  private readonly host: ServiceOptions['host'];
  private readonly accounts?: Accounts;
  private readonly drives?: DriveFeatures;
  private readonly pairs?: SyncPairs;
  private readonly overall = new OverallState((e) => this.emit('engineState', e));
  private readonly limits: SpeedLimits;

  constructor(options: ServiceOptions | ServiceOptions['host']) {
    const o = typeof options === 'string' ? { host: options } : options;
    this.host = o.host;
    this.limits = new SpeedLimits(o.home);
    if (o.auth) {
      this.accounts = new Accounts({
        auth: o.auth,
        ...(o.openBrowser ? { openBrowser: o.openBrowser } : {}),
        prompt: (p) => this.emit('signInPrompt', p),
        changed: (a) => this.emit('accountsChanged', a),
      });
      this.drives = new DriveFeatures(o.auth);
      if (o.home) {
        this.pairs = new SyncPairs({
          auth: o.auth, home: o.home, ...(o.trash ? { trash: o.trash } : {}), activity: (a) => this.emit('pairActivity', a),
          status: (st) => {
            this.emit('pairStatus', st);
            this.overall.update(st);
          },
        });
      }
    }
  }

  async getEngineState() {
    return this.overall.current;
  }

  async getAppInfo() {
    return { name: 'Stratus', version, platform: process.platform, host: this.host };
  }

  async ping(message: string) {
    return { echo: message, at: new Date().toISOString() };
  }

  listAccounts() {
    return this.needAccounts().list();
  }

  signIn(method: SignInMethod, reconnectId?: string) {
    return this.needAccounts().signIn(method, reconnectId);
  }

  cancelSignIn() {
    return this.needAccounts().cancel();
  }

  signOut(accountId: string) {
    return this.needAccounts().signOut(accountId);
  }

  listDrives(accountId: string) {
    return this.needDrives().listDrives(accountId);
  }

  searchLibraries(accountId: string, term: string) {
    return this.needDrives().searchLibraries(accountId, term);
  }

  listFolder(accountId: string, driveId: string, path: string) {
    return this.needDrives().listFolder(accountId, driveId, path);
  }

  createShareLink(accountId: string, driveId: string, path: string, link: ShareLinkRequest) {
    return this.needDrives().createShareLink(accountId, driveId, path, link);
  }

  cleanupVersions(accountId: string, driveId: string, path: string, dryRun: boolean) {
    return this.needDrives().cleanupVersions(accountId, driveId, path, dryRun);
  }

  listPairs() {
    return this.needPairs().list();
  }

  addPair(pair: PairRequest) {
    return this.needPairs().add(pair);
  }

  async removePair(pairId: string) {
    await this.needPairs().remove(pairId);
    this.overall.remove(pairId);
  }

  listPairFolders(pairId: string, path: string) {
    return this.needPairs().listFolders(pairId, path);
  }

  setPairFolders(pairId: string, selection: string[]) {
    return this.needPairs().setFolders(pairId, selection);
  }

  setPairIgnore(pairId: string, patterns: string[]) {
    return this.needPairs().setIgnore(pairId, patterns);
  }

  setPairBackupDir(pairId: string, path: string | null) {
    return this.needPairs().setBackupDir(pairId, path);
  }

  syncNow(pairId: string) {
    return this.needPairs().syncNow(pairId);
  }

  approveHeld(pairId: string) {
    return this.needPairs().approveHeld(pairId);
  }

  async pauseSync(hours: number | null) {
    this.needPairs().pause(hours);
  }

  async resumeSync() {
    this.needPairs().resume();
  }

  async listConflicts() {
    return this.needPairs().conflicts();
  }

  async listSyncProblems() {
    return this.needPairs().problems();
  }

  resolveConflict(pairId: string, conflictId: number, choice: ConflictChoice) {
    return this.needPairs().resolveConflict(pairId, conflictId, choice);
  }

  setBandwidthLimit(limit: string, accountId?: string): Promise<BandwidthLimit> {
    return this.limits.set(limit, accountId);
  }

  getBandwidthLimit(accountId?: string): Promise<BandwidthLimit> {
    return this.limits.get(accountId);
  }

  /** Starts syncing every configured pair; hosts call it once they are up. */
  async startSync(): Promise<void> {
    // The saved speed limit is in force before the first transfer.
    await this.limits.ready;
    await this.pairs?.startAll();
  }

  /** Stops every runner and closes the journals (host shutdown). */
  async stopSync(): Promise<void> {
    await this.pairs?.stopAll();
    this.limits.close();
  }

  on<E extends EventName>(event: E, listener: (payload: ServiceEvents[E]) => void): Unsubscribe {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  protected emit<E extends EventName>(event: E, payload: ServiceEvents[E]): void {
    this.events.emit(event, payload);
  }

  private needPairs(): SyncPairs {
    if (!this.pairs) throw new ServiceError('not-configured', 'Sync is not set up in this Stratus host.');
    return this.pairs;
  }

  private needDrives(): DriveFeatures {
    if (!this.drives) throw new ServiceError('not-configured', 'Sign-in is not set up in this Stratus host.');
    return this.drives;
  }

  private needAccounts(): Accounts {
    if (!this.accounts) throw new ServiceError('not-configured', 'Sign-in is not set up in this Stratus host.');
    return this.accounts;
  }
}
