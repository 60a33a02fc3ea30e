import { dropStalePartials, execute } from '../execute/execute.js';
import type { ExecEvent, ExecReport } from '../execute/execute.js';
import type { LocalFs } from '../fs/types.js';
import type { Journal } from '../journal/journal.js';
import { scanLocal } from '../local/scan.js';
import type { ScanProblem } from '../local/scan.js';
import { IgnoreRules } from '../reconcile/filters.js';
import { reconcile } from '../reconcile/plan.js';
import type { PairOptions, Plan } from '../reconcile/types.js';
import { observeRemote } from '../remote/observe.js';
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
  now(): number;
  dryRun?: boolean;
  onEvent?(e: ExecEvent): void;
  /** Called with the plan before anything is executed (progress totals, the UI's queue). */
  onPlan?(plan: Plan): void;
}

export interface PassResult {
  plan: Plan;
  report: ExecReport | null;
  problems: ScanProblem[];
  resynced: boolean;
  requests: number;
}

/**
 * One full pass over a pair: observe both sides, reconcile, execute, record. The delta token is stored only
 * when the whole plan went through: otherwise the next pass asks delta again from the old token, so a remote
 * change whose download failed is seen again instead of being forgotten.
 */
export async function syncOnce(rt: PairRuntime): Promise<PassResult> {
  const { journal, pairId } = rt;
  const rows = [...journal.items(pairId)];
  const byPath = new Map(rows.map((r) => [r.path, r]));
  const token = journal.pair(pairId)?.deltaToken ?? null;
  const view = await observeRemote(rt.remote, rows, token, rt.decode);
  const scan = await scanLocal(rt.fs, { ignore: new IgnoreRules(rt.options.ignore), followSymlinks: rt.options.followSymlinks, known: (p) => byPath.get(p) });
  const plan = reconcile({ locals: scan.entries, remotes: view.entries, rows, unsure: scan.unsure }, { ...rt.options, nowMs: rt.now() });
  rt.onPlan?.(plan);
  if (rt.dryRun) return { plan, report: null, problems: scan.problems, resynced: view.resynced, requests: view.requests };
  const report = await execute(plan, { pairId, fs: rt.fs, remote: rt.remote, journal, transfers: rt.transfers, now: rt.now, onEvent: rt.onEvent });
  await dropStalePartials(rt.fs, journal, pairId, new Set(view.entries.map((e) => e.id)));
  if (!report.held && report.failed.length === 0 && report.deferred === 0 && scan.unsure.length === 0) journal.apply(pairId, [{ op: 'token', token: view.token }]);
  return { plan, report, problems: scan.problems, resynced: view.resynced, requests: view.requests };
}
