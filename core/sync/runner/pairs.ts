import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SyncMode } from '../reconcile/types.js';

/** A sync pair as the user configured it. Secrets never live here. */
export interface PairConfig {
  id: string;
  /** Absolute local folder. */
  local: string;
  /** Folder on the drive, `/`-separated, no leading slash ("" is the drive root). */
  remote: string;
  /** Empty: the account's default drive. */
  driveId: string;
  /** The signed-in account the pair syncs as; absent: the CLI's current account. */
  accountId?: string;
  mode: SyncMode;
  /** The user's ignore patterns (the defaults are always added). */
  ignore: string[];
  /** Remote subfolders to keep; empty keeps everything. */
  selection: string[];
  /**
   * A folder on the same drive, outside the pair (`/`-separated, no leading slash), where remote files about
   * to be replaced or deleted are moved first (rclone's --backup-dir). Absent: replaced in place, deleted to
   * the recycle bin.
   */
  backupDir?: string;
  /** Summary of the last pass, for `status`. */
  last?: PairRunSummary;
}

export interface PairRunSummary {
  atMs: number;
  done: number;
  failed: number;
  held: string | null;
  error: string | null;
}

export const MODES: readonly SyncMode[] = ['two-way', 'upload-only', 'download-only'];

export function pairsPath(home: string): string {
  return join(home, 'pairs.json');
}

/** One SQLite journal per pair, so removing a pair removes its state and pairs never contend for a lock. */
export function journalPath(home: string, pairId: string): string {
  return join(home, 'journals', `${pairId}.db`);
}

/** What the service keeps besides the pairs, in the same file. Secrets never live here. */
export interface ServiceSettings {
  /** The transfer speed limit of every account, as rclone's --bwlimit text ("4Mi:16Mi", a timetable, "off"). */
  bwlimit?: string;
  /** One account's own limit, by account id, over the one above. */
  bwlimitByAccount?: Record<string, string>;
}

interface PairsFile {
  pairs?: PairConfig[];
  settings?: ServiceSettings;
}

async function readPairsFile(home: string): Promise<PairsFile> {
  try {
    return JSON.parse(await readFile(pairsPath(home), 'utf8')) as PairsFile;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`The pairs file ${pairsPath(home)} is not readable JSON: fix or delete it (${(e as Error).message}).`, { cause: e });
  }
}

/** Temp file then rename: a crash never leaves half a pairs file. */
async function writePairsFile(home: string, file: PairsFile): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const tmp = `${pairsPath(home)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, pairsPath(home));
}

export async function loadPairs(home: string): Promise<PairConfig[]> {
  return (await readPairsFile(home)).pairs ?? [];
}

/** Writes the pairs and keeps the settings beside them. */
export async function savePairs(home: string, pairs: PairConfig[]): Promise<void> {
  const { settings } = await readPairsFile(home).catch((): PairsFile => ({}));
  await writePairsFile(home, { pairs, ...(settings ? { settings } : {}) });
}

export async function loadSettings(home: string): Promise<ServiceSettings> {
  return (await readPairsFile(home)).settings ?? {};
}

/** Writes the settings and keeps the pairs beside them (a pair added meanwhile by the CLI is not lost). */
export async function saveSettings(home: string, settings: ServiceSettings): Promise<void> {
  const { pairs } = await readPairsFile(home);
  await writePairsFile(home, { pairs: pairs ?? [], settings });
}

export function newPairId(): string {
  return randomBytes(4).toString('hex');
}

/** Records a pass's summary without losing a pair added or removed meanwhile by another process. */
export async function recordRun(home: string, pairId: string, last: PairRunSummary): Promise<void> {
  const pairs = await loadPairs(home);
  const p = pairs.find((x) => x.id === pairId);
  if (!p) return;
  p.last = last;
  await savePairs(home, pairs);
}

/** Two pairs must never share or nest folders: each would see the other's writes as the user's. */
export function overlaps(a: string, b: string): boolean {
  const norm = (s: string) => (s.endsWith('/') ? s : `${s}/`);
  return norm(a).startsWith(norm(b)) || norm(b).startsWith(norm(a));
}
