// The one typed contract between the hosts (Electron, headless) and the UI, in the manner of GitHub Desktop's
// ipc-shared.ts: a map of request methods (each returns a Promise) and a map of events. `window.stratus`,
// the preload and the WebSocket bridge are all derived from these maps and the runtime channel lists below.

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** Which host is serving the UI. */
  host: 'electron' | 'headless';
}

export interface EngineStateEvent {
  state: 'idle' | 'scanning' | 'syncing' | 'paused' | 'throttled' | 'offline' | 'needs-sign-in' | 'held';
  detail?: string;
}

export interface AccountSummary {
  /** Stable id to use in every other request. */
  id: string;
  username: string;
  name?: string;
  /** `reconnect`: the sign-in ran out; `signIn` again brings the account back in one step. */
  state: 'ok' | 'reconnect';
}

export type SignInMethod = 'browser' | 'device-code';

/** What the UI must show the user while a sign-in waits for them. */
export type SignInPrompt =
  | { kind: 'open-url'; url: string }
  | { kind: 'device-code'; userCode: string; verificationUri: string; message: string }
  | { kind: 'done' };

export interface DriveSummary {
  id: string;
  name: string;
  driveType: string;
  /** The SharePoint site a document library belongs to. */
  site?: string;
  quota?: { used: number; total: number; state: string };
}

export interface FolderEntry {
  name: string;
  /** Path below the drive's root, `/`-separated, as the other requests take it. */
  path: string;
  isFolder: boolean;
  size: number;
}

export interface ShareLinkRequest {
  type: 'view' | 'edit' | 'embed';
  scope: 'anonymous' | 'organization';
  password?: string;
  /** ISO 8601 date-time. */
  expiry?: string;
}

export interface ShareLink {
  url: string;
  type: string;
  scope: string;
  hasPassword: boolean;
  expiry?: string;
}

export interface CleanupSummary {
  dryRun: boolean;
  files: number;
  /** Old versions removed (or, in a dry run, that would be). */
  versions: number;
  bytes: number;
}

export type SyncMode = 'two-way' | 'upload-only' | 'download-only';

export interface PairRequest {
  accountId: string;
  driveId: string;
  /** Folder on the drive, `/`-separated. */
  remote: string;
  /** Absolute folder on this computer. */
  local: string;
  mode: SyncMode;
  /**
   * A folder on the same drive, outside the pair (`/`-separated), where OneDrive's files about to be replaced or
   * deleted are moved first (rclone's --backup-dir). Absent or empty: none.
   */
  backupDir?: string;
}

export interface PairStatus {
  pairId: string;
  state: EngineStateEvent['state'];
  detail?: string;
  /** Throttled or paused until (ISO 8601). */
  until?: string;
  progress?: { items: number; itemsDone: number; bytes: number; bytesDone: number; bytesPerSecond: number; etaSeconds: number | null };
}

export interface PairSummary {
  id: string;
  local: string;
  remote: string;
  driveId: string;
  accountId: string;
  mode: SyncMode;
  /** The subfolders kept (relative to the pair's folder); empty keeps everything. */
  selection: string[];
  /** The user's patterns of names to leave out, like `*.log` (the defaults, like `~*` and `*.tmp`, always apply). */
  ignore: string[];
  /** The pair's backup folder on the drive (no leading slash), or null when it has none. */
  backupDir: string | null;
  status: PairStatus;
}

/** A file changed on both sides: OneDrive's version kept the name, this computer's was saved beside it. */
export interface ConflictSummary {
  pairId: string;
  id: number;
  /** Path in the pair, `/`-separated: OneDrive's version. */
  path: string;
  /** Where this computer's version was saved. */
  conflictPath: string;
  reason: string;
  /** ISO 8601. */
  at: string;
}

/** What happened to one file of a pair: the activity list and the reasons a file did not sync. */
export interface ItemActivity {
  pairId: string;
  path: string;
  /** The engine's action, e.g. upload, download, delete-local, move-remote, conflict, skip. */
  action: string;
  state: 'transferring' | 'done' | 'failed' | 'skipped';
  bytes?: number;
  size?: number;
  /** Why it failed or was left out, and what to do. */
  message?: string;
  /** ISO 8601. */
  at: string;
}

/**
 * A file that is not syncing now: left out (a name OneDrive refuses, a case clash, a path too long, unreadable)
 * until the user changes it, or failed and tried again at `retryAt`. The list empties as they are fixed.
 */
export interface SyncProblem {
  pairId: string;
  path: string;
  state: 'skipped' | 'failed';
  /** What happened and what to do. */
  message: string;
  /** Failed only: how many tries so far, and when the next one is due (ISO 8601). */
  attempts?: number;
  retryAt?: string;
}

export type ConflictChoice = 'keep-mine' | 'keep-theirs' | 'keep-both';

/**
 * A bandwidth limit in force, in bytes per second each way (null: none), and as rclone writes it; for a
 * timetable, the text is the whole timetable and the rates are those of the slot in force now.
 */
export interface BandwidthLimit {
  up: number | null;
  down: number | null;
  text: string;
}

/** Request methods: name → function. Arguments must be plain JSON (they cross a process boundary). */
export interface ServiceRequests {
  getAppInfo(): Promise<AppInfo>;
  /** The app's state now (the `engineState` event sends each change). */
  getEngineState(): Promise<EngineStateEvent>;
  ping(message: string): Promise<{ echo: string; at: string }>;
  listAccounts(): Promise<AccountSummary[]>;
  /** Resolves once the user has finished signing in; `reconnectId` signs the same account in again. */
  signIn(method: SignInMethod, reconnectId?: string): Promise<AccountSummary>;
  cancelSignIn(): Promise<void>;
  signOut(accountId: string): Promise<void>;
  listDrives(accountId: string): Promise<DriveSummary[]>;
  /** SharePoint document libraries of the sites matching `term` (work or school accounts). */
  searchLibraries(accountId: string, term: string): Promise<DriveSummary[]>;
  listFolder(accountId: string, driveId: string, path: string): Promise<FolderEntry[]>;
  createShareLink(accountId: string, driveId: string, path: string, link: ShareLinkRequest): Promise<ShareLink>;
  cleanupVersions(accountId: string, driveId: string, path: string, dryRun: boolean): Promise<CleanupSummary>;
  listPairs(): Promise<PairSummary[]>;
  addPair(pair: PairRequest): Promise<PairSummary>;
  removePair(pairId: string): Promise<void>;
  /** Subfolders of a pair's OneDrive folder (`path` below it, "" for its top), for the folder picker. */
  listPairFolders(pairId: string, path: string): Promise<FolderEntry[]>;
  /** Which subfolders the pair keeps (empty: everything); folders left out stay as they are on both sides. */
  setPairFolders(pairId: string, selection: string[]): Promise<PairSummary>;
  /** The user's patterns of names to leave out (`*.log`, `node_modules`); files already synced stay on both sides. */
  setPairIgnore(pairId: string, patterns: string[]): Promise<PairSummary>;
  /** Where OneDrive's replaced or deleted files of the pair go first (a folder outside it), or null for none. */
  setPairBackupDir(pairId: string, path: string | null): Promise<PairSummary>;
  syncNow(pairId: string): Promise<void>;
  /** A held big delete goes ahead once the user confirms. */
  approveHeld(pairId: string): Promise<void>;
  /** Pause every pair for so many hours (2, 8, 24), or until resumed (null). */
  pauseSync(hours: number | null): Promise<void>;
  resumeSync(): Promise<void>;
  /** Open conflicts of every running pair, oldest first. */
  listConflicts(): Promise<ConflictSummary[]>;
  /** Files of every synced folder that are not syncing now, and why. */
  listSyncProblems(): Promise<SyncProblem[]>;
  /** The user's answer; the version given up goes to the trash (here) or the recycle bin (OneDrive). */
  resolveConflict(pairId: string, conflictId: number, choice: ConflictChoice): Promise<void>;
  /**
   * rclone's --bwlimit text (`10M`, `512k`, `1M:off` for UP:DOWN, `off`, or a timetable like
   * `08:00,512k Mon-18:00,off` whose slots switch on time), at once and for transfers already
   * running; one account's budget, or every account's when none is named. Saved: it is in force again after a
   * restart.
   */
  setBandwidthLimit(limit: string, accountId?: string): Promise<BandwidthLimit>;
  /** The limit in force now (one account's, or every account's) with its saved text, for the speed control. */
  getBandwidthLimit(accountId?: string): Promise<BandwidthLimit>;
}

/** Events the service pushes to every UI: name → payload. */
export interface ServiceEvents {
  engineState: EngineStateEvent;
  accountsChanged: AccountSummary[];
  signInPrompt: SignInPrompt;
  pairStatus: PairStatus;
  pairActivity: ItemActivity;
}

export type RequestName = keyof ServiceRequests;
export type EventName = keyof ServiceEvents;
export type RequestArgs<K extends RequestName> = Parameters<ServiceRequests[K]>;
export type RequestResult<K extends RequestName> = Awaited<ReturnType<ServiceRequests[K]>>;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096 && !v.split('/').includes('..');
const isLink = (v: unknown): v is ShareLinkRequest => {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return ['view', 'edit', 'embed'].includes(l.type as string) && ['anonymous', 'organization'].includes(l.scope as string)
    && (l.password === undefined || (typeof l.password === 'string' && l.password.length <= 256))
    && (l.expiry === undefined || (typeof l.expiry === 'string' && !Number.isNaN(Date.parse(l.expiry))))
    && Object.keys(l).every((k) => ['type', 'scope', 'password', 'expiry'].includes(k));
};
const isPairRequest = (v: unknown): v is PairRequest => {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return isId(p.accountId) && typeof p.driveId === 'string' && p.driveId.length <= 256 && isPath(p.remote)
    && typeof p.local === 'string' && p.local.length > 0 && p.local.length <= 4096
    && ['two-way', 'upload-only', 'download-only'].includes(p.mode as string)
    && (p.backupDir === undefined || isPath(p.backupDir))
    && Object.keys(p).every((k) => ['accountId', 'driveId', 'remote', 'local', 'mode', 'backupDir'].includes(k));
};
const isMethod = (v: unknown): v is SignInMethod => v === 'browser' || v === 'device-code';

/**
 * Runtime checks of each request's arguments: hosts call these before a request reaches the service, so a
 * compromised or buggy renderer cannot pass arbitrary shapes. Being a Record over RequestName, the compiler
 * refuses a contract method without a validator, which also makes this the runtime list of channels.
 */
export const requestValidators: { [K in RequestName]: (args: unknown[]) => args is RequestArgs<K> } = {
  getAppInfo: (args): args is [] => args.length === 0,
  getEngineState: (args): args is [] => args.length === 0,
  ping: (args): args is [string] => args.length === 1 && typeof args[0] === 'string' && args[0].length <= 10_000,
  listAccounts: (args): args is [] => args.length === 0,
  signIn: (args): args is [SignInMethod, string?] =>
    (args.length === 1 || args.length === 2) && isMethod(args[0]) && (args[1] === undefined || isId(args[1])),
  cancelSignIn: (args): args is [] => args.length === 0,
  signOut: (args): args is [string] => args.length === 1 && isId(args[0]),
  listDrives: (args): args is [string] => args.length === 1 && isId(args[0]),
  searchLibraries: (args): args is [string, string] => args.length === 2 && isId(args[0]) && typeof args[1] === 'string' && args[1].trim().length > 0 && args[1].length <= 200,
  listFolder: (args): args is [string, string, string] => args.length === 3 && isId(args[0]) && isId(args[1]) && isPath(args[2]),
  createShareLink: (args): args is [string, string, string, ShareLinkRequest] =>
    args.length === 4 && isId(args[0]) && isId(args[1]) && isPath(args[2]) && isLink(args[3]),
  cleanupVersions: (args): args is [string, string, string, boolean] =>
    args.length === 4 && isId(args[0]) && isId(args[1]) && isPath(args[2]) && typeof args[3] === 'boolean',
  listPairs: (args): args is [] => args.length === 0,
  addPair: (args): args is [PairRequest] => args.length === 1 && isPairRequest(args[0]),
  removePair: (args): args is [string] => args.length === 1 && isId(args[0]),
  listPairFolders: (args): args is [string, string] => args.length === 2 && isId(args[0]) && isPath(args[1]),
  setPairFolders: (args): args is [string, string[]] => args.length === 2 && isId(args[0]) && Array.isArray(args[1])
    && args[1].length <= 1000 && args[1].every(isPath),
  setPairIgnore: (args): args is [string, string[]] => args.length === 2 && isId(args[0]) && Array.isArray(args[1]) && args[1].length <= 200
    && args[1].every((p) => typeof p === 'string' && p.length <= 256 && !/[\r\n\0]/.test(p)),
  setPairBackupDir: (args): args is [string, string | null] => args.length === 2 && isId(args[0]) && (args[1] === null || isPath(args[1])),
  syncNow: (args): args is [string] => args.length === 1 && isId(args[0]),
  approveHeld: (args): args is [string] => args.length === 1 && isId(args[0]),
  pauseSync: (args): args is [number | null] => args.length === 1 && (args[0] === null || args[0] === 2 || args[0] === 8 || args[0] === 24),
  resumeSync: (args): args is [] => args.length === 0,
  listConflicts: (args): args is [] => args.length === 0,
  listSyncProblems: (args): args is [] => args.length === 0,
  resolveConflict: (args): args is [string, number, ConflictChoice] => args.length === 3 && isId(args[0])
    && Number.isSafeInteger(args[1]) && (args[1] as number) > 0 && ['keep-mine', 'keep-theirs', 'keep-both'].includes(args[2] as string),
  setBandwidthLimit: (args): args is [string, string?] => (args.length === 1 || args.length === 2)
    && typeof args[0] === 'string' && args[0].length <= 2048 && (args[1] === undefined || isId(args[1])),
  getBandwidthLimit: (args): args is [string?] => args.length === 0 || (args.length === 1 && (args[0] === undefined || isId(args[0]))),
};

export const requestNames = Object.keys(requestValidators) as RequestName[];

/** Every event name, for hosts that forward events (the compiler checks the list is complete). */
const eventNameSet: { [K in EventName]: true } = { engineState: true, accountsChanged: true, signInPrompt: true, pairStatus: true, pairActivity: true };
export const eventNames = Object.keys(eventNameSet) as EventName[];

export type Unsubscribe = () => void;

/** What the renderer sees as `window.stratus`: every request method, plus `on` for events. */
export type StratusApi = ServiceRequests & {
  on<E extends EventName>(event: E, listener: (payload: ServiceEvents[E]) => void): Unsubscribe;
};

/** Validates a request by name; returns a reason when it is refused. */
export function checkRequest(name: unknown, args: unknown): string | undefined {
  if (typeof name !== 'string' || !Object.hasOwn(requestValidators, name)) return `unknown request ${String(name).slice(0, 80)}`;
  if (!Array.isArray(args)) return `arguments of ${name} must be a list`;
  const valid = requestValidators[name as RequestName] as (a: unknown[]) => boolean;
  return valid(args) ? undefined : `arguments of ${name} have the wrong shape`;
}
