import { dropStalePartials, execute } from '../execute/execute.js';
import type { ExecEvent, ExecReport } from '../execute/execute.js';
import type { Backup } from '../execute/backup.js';
import type { LocalFs } from '../fs/types.js';
import type { Journal } from '../journal/journal.js';
import type { JournalRow } from '../journal/types.js';
import { observeLocalChanges, scanUnder, unabsorbed } from '../local/incremental.js';
import { quietCheck, quietPass } from './quiet.js';
import { localUnchanged } from './unchanged.js';
import { scanLocal } from '../local/scan.js';
import type { ScanProblem, ScanResult } from '../local/scan.js';
import { IgnoreRules } from '../reconcile/filters.js';
import { reconcile } from '../reconcile/plan.js';
import type { PairOptions, Plan } from '../reconcile/types.js';
import { observeRemote } from '../remote/observe.js';
import type { RemoteView } from '../remote/observe.js';
import type { RemoteDrive } from '../remote/types.js';

export interface PairRuntime {
  pairId: string;
  fs: LocalFs;
  remote: RemoteDrive;
  journal: Journal;
  options: PairOptions;
  /** Remote name → local name (core/names' decoder). */
  decode(name: string): string;
  transfers: number;
  /** Files hashed at once while scanning (rclone's --checkers); the scan's default when absent. */
  checkers?: number;
  now(): number;
  dryRun?: boolean;
  onEvent?(e: ExecEvent): void;
  /** Called with the plan before anything is executed (progress totals, the UI's queue). */
  onPlan?(plan: Plan): void;
  /** The pair's backup folder (--backup-dir), when it has one. */
  backup?: Backup;
  /**
   * Only these local paths (and what is under them) changed since the last full scan, as a healthy watcher
   * reported: the rest of the local side is taken from the journal. Absent: the whole folder is scanned.
   */
  localChanges?: readonly string[];
}

export interface PassResult {
  plan: Plan;
  report: ExecReport | null;
  problems: ScanProblem[];
  resynced: boolean;
  requests: number;
  /** Local paths the journal does not hold as observed (see `unabsorbed`): read them again next pass. */
  localLeft: string[];
  /** Local paths that could not be read: nothing at or under them was planned. */
  unsure: string[];
}

/**
 * One full pass over a pair: observe both sides, reconcile, execute, record. The delta token is stored only
 * when the whole plan went through: otherwise the next pass asks delta again from the old token, so a remote
 * change whose download failed is seen again instead of being forgotten.
 */
export async function syncOnce(rt: PairRuntime): Promise<PassResult> {
  const { journal, pairId } = rt;
  // Watch mode with nothing reported here: one delta page may show that nothing changed there either.
  const quiet = rt.localChanges?.length === 0 && !rt.dryRun ? await quietCheck(rt.remote, journal, pairId) : null;
  if (quiet?.quiet) return quietPass(rt, quiet);
  const rows = [...journal.items(pairId)];
  const byPath = new Map(rows.map((r) => [r.path, r]));
  const token = journal.pair(pairId)?.deltaToken ?? null;
  const scanOpts = {
    ignore: new IgnoreRules(rt.options.ignore), followSymlinks: rt.options.followSymlinks, known: (p: string) => byPath.get(p),
    ...(rt.checkers ? { concurrency: rt.checkers } : {}),
  };
  let remote = quiet?.remote ?? rt.remote;
  if (!rt.localChanges && !rt.dryRun && token !== null) {
    // A full pass (sync --once, a start, a rescan): delta's first page travels while the disk is walked. OneDrive
    // quiet and the folder exactly as the journal has it: reconcile could plan nothing, so it is skipped.
    const [first, full] = await Promise.all([quietCheck(rt.remote, journal, pairId), scanLocal(rt.fs, scanOpts)]);
    if (first.quiet && localUnchanged(full, rows, byPath, rt.options.selection)) return quietPass(rt, first);
    // Otherwise the page is reused; one made only of echoes is asked again with the rest (one request more).
    if (!first.quiet) remote = first.remote;
    return planAndRun(rt, rows, byPath, await observeRemote(remote, rows, token, rt.decode), full);
  }
  // Both sides are observed at once: the disk is walked while delta's answer is on its way.
  const [view, scan] = await Promise.all([
    observeRemote(remote, rows, token, rt.decode),
    rt.localChanges ? observeLocalChanges(rows, rt.localChanges, scanUnder(rt.fs, scanOpts)) : scanLocal(rt.fs, scanOpts),
  ]);
  return planAndRun(rt, rows, byPath, view, scan);
}

/** Reconcile, then (unless a dry run) execute and record; the delta token moves only when everything went through. */
async function planAndRun(rt: PairRuntime, rows: JournalRow[], byPath: ReadonlyMap<string, JournalRow>, view: RemoteView, scan: ScanResult): Promise<PassResult> {
  const { journal, pairId } = rt;
  const plan = reconcile({ locals: scan.entries, remotes: view.entries, rows, unsure: scan.unsure }, { ...rt.options, nowMs: rt.now() });
  rt.onPlan?.(plan);
  const localLeft = unabsorbed(scan.entries, byPath, plan, rt.options.selection);
  if (rt.dryRun) return { plan, report: null, problems: scan.problems, resynced: view.resynced, requests: view.requests, localLeft, unsure: scan.unsure };
  const report = await execute(plan, { pairId, fs: rt.fs, remote: rt.remote, journal, transfers: rt.transfers, now: rt.now, onEvent: rt.onEvent, ...(rt.backup ? { backup: rt.backup } : {}) });
  await dropStalePartials(rt.fs, journal, pairId, view.entries);
  if (!report.held && report.failed.length === 0 && report.deferred === 0 && scan.unsure.length === 0) journal.apply(pairId, [{ op: 'token', token: view.token }]);
  return { plan, report, problems: scan.problems, resynced: view.resynced, requests: view.requests, localLeft, unsure: scan.unsure };
}
