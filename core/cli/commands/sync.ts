import { existsSync } from 'node:fs';
import { syncOnce } from '../../sync/engine/sync-once.js';
import { Journal } from '../../sync/journal/journal.js';
import { printPlan } from '../../sync/reconcile/print.js';
import { DEFAULT_TRANSFERS, openPair } from '../../sync/runner/open.js';
import type { OpenedPair } from '../../sync/runner/open.js';
import { PairRunner } from '../../sync/runner/pair-runner.js';
import { journalPath, recordRun } from '../../sync/runner/pairs.js';
import type { PairConfig } from '../../sync/runner/pairs.js';
import type { EngineState } from '../../sync/runner/state.js';
import { flag, has, UsageError } from '../args.js';
import type { Session } from '../session.js';
import { driveFor, selectPairs } from './pair.js';

type Out = (l: string) => void;

/** `sync [--once | --watch] [--dry-run] [--force] [PAIR]`: 1 when anything failed or a plan is held. */
export async function syncCommand(s: Session, out: Out, err: Out): Promise<number> {
  if (has(s.args, 'once') && has(s.args, 'watch')) throw new UsageError('choose --once or --watch, not both');
  s.bwlimit();
  const pairs = await selectPairs(s, s.args.positionals[0]);
  if (has(s.args, 'watch')) {
    if (has(s.args, 'dry-run')) throw new UsageError('--dry-run only goes with --once');
    return watch(s, pairs, out, err);
  }
  let code = 0;
  for (const pair of pairs) code = Math.max(code, await once(s, pair, out, err));
  return code;
}

/** One pass over one pair, with its summary line; 1 when anything failed or the plan is held. */
export async function once(s: Session, pair: PairConfig, out: Out, err: Out): Promise<number> {
  const dryRun = has(s.args, 'dry-run');
  const opened = await openPair(s.home, pair, await driveFor(s, pair), { dryRun, force: has(s.args, 'force'), transfers: transfers(s), ...checkers(s) });
  try {
    const r = await syncOnce({
      ...opened.runtime,
      onEvent: (e) => {
        if (e.type === 'item' && e.state === 'failed') err(`stratus: ${pair.id}: ${e.path}: ${e.message}`);
        if (e.type === 'item' && e.state === 'done' && s.verbose) out(`${e.action} ${e.path}`);
      },
    });
    for (const p of r.problems) err(`stratus: ${pair.id}: ${p.path}: ${p.message}`);
    if (dryRun) {
      out(`pair ${pair.id} (dry run, nothing changed):`);
      out(printPlan(r.plan));
      return r.plan.held ? 1 : 0;
    }
    const report = r.report!;
    await recordRun(s.home, pair.id, { atMs: Date.now(), done: report.done, failed: report.failed.length, held: r.plan.held?.message ?? null, error: null });
    if (r.plan.held) {
      err(`stratus: pair ${pair.id} is on hold: ${r.plan.held.message}`);
      err('Nothing was changed. Run the sync again with --force to go ahead.');
      return 1;
    }
    out(`pair ${pair.id}: ${report.done} done, ${report.failed.length} failed${report.deferred ? `, ${report.deferred} waiting to retry` : ''}`);
    return report.failed.length > 0 ? 1 : 0;
  } catch (e) {
    if (!dryRun) await recordRun(s.home, pair.id, { atMs: Date.now(), done: 0, failed: 0, held: null, error: (e as Error).message });
    throw e;
  } finally {
    opened.close();
  }
}

function transfers(s: Session): number {
  const t = Number(flag(s.args, 'transfers') ?? DEFAULT_TRANSFERS);
  if (!Number.isInteger(t) || t < 1) throw new UsageError('--transfers takes a whole number of at least 1');
  return t;
}

/** rclone's --checkers: how many files are hashed at once while the folder is scanned. */
function checkers(s: Session): { checkers?: number } {
  const v = flag(s.args, 'checkers');
  if (v === undefined) return {};
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError(`--checkers takes a whole number from 1 to 1024, not "${v}"`);
  return { checkers: n };
}

function stateLine(id: string, st: EngineState): string | null {
  switch (st.state) {
    case 'idle': return `pair ${id}: up to date${st.message ? `. ${st.message}` : ''}`;
    case 'held': return `pair ${id}: on hold: ${st.message} (run "stratus sync --once --force ${id}" to go ahead)`;
    case 'paused': return `pair ${id}: paused`;
    case 'throttled': return `pair ${id}: OneDrive asks to wait until ${new Date(st.untilMs).toISOString()}: ${st.message}`;
    case 'offline': return `pair ${id}: offline: ${st.message}`;
    case 'needs-sign-in': return `pair ${id}: sign in again: ${st.message}`;
    default: return null;
  }
}

/** Keeps every chosen pair in sync until SIGINT or SIGTERM, then lets running passes finish. */
async function watch(s: Session, pairs: PairConfig[], out: Out, err: Out): Promise<number> {
  const pollSeconds = Number(flag(s.args, 'poll-interval') ?? 60);
  if (!(pollSeconds > 0)) throw new UsageError('--poll-interval takes a number of seconds above 0');
  const opened: OpenedPair[] = [];
  const runners: PairRunner[] = [];
  try {
    for (const pair of pairs) {
      const o = await openPair(s.home, pair, await driveFor(s, pair), { transfers: transfers(s), ...checkers(s) });
      opened.push(o);
      const r = new PairRunner({ runtime: o.runtime, localRoot: pair.local, pollMs: pollSeconds * 1000 });
      let last = '';
      r.on('state', (st) => {
        const line = stateLine(pair.id, st);
        if (line && line !== last) out(line);
        if (line) last = line;
      });
      r.on('progress', (p) => {
        if (p.type === 'item' && p.state === 'done') {
          out(`pair ${pair.id}: ${p.action} ${p.path}`);
          // After work, "up to date" is news again.
          last = '';
        }
        if (p.type === 'item' && p.state === 'failed') err(`stratus: ${pair.id}: ${p.path}: ${p.message}`);
      });
      r.on('error', (e) => err(`stratus: ${pair.id}: ${e.message}`));
      r.on('pass', (res) => void recordRun(s.home, pair.id, {
        atMs: Date.now(), done: res.report?.done ?? 0, failed: res.report?.failed.length ?? 0, held: res.plan.held?.message ?? null, error: null,
      }).catch(() => undefined));
      runners.push(r);
    }
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await Promise.all(runners.map((r) => r.start()));
    out(`Watching ${pairs.length} pair(s); Ctrl-C stops.`);
    await stopped;
    out('Stopping: finishing the current pass.');
    return 0;
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    for (const o of opened) o.close();
  }
}

/** `status`: per pair, the last pass, what is waiting and what failed. Reads the journals only: works offline. */
export async function statusCommand(s: Session, out: Out): Promise<void> {
  for (const pair of await selectPairs(s, s.args.positionals[0])) {
    const l = pair.last;
    out(`pair ${pair.id}: ${pair.local} <-> :/${pair.remote}`);
    out(`  last sync: ${l ? `${new Date(l.atMs).toISOString()} (${l.error ? `failed: ${l.error}` : `${l.done} done, ${l.failed} failed`})` : 'never'}`);
    if (l?.held) out(`  held: ${l.held}`);
    const file = journalPath(s.home, pair.id);
    if (!existsSync(file)) continue;
    const j = new Journal(file);
    try {
      const failures = j.failures(pair.id);
      const waiting = failures.filter((f) => f.nextAttemptAtMs > Date.now()).length;
      out(`  pending: ${j.downloads(pair.id).length} interrupted download(s), ${waiting} item(s) waiting to retry`);
      out(`  failures: ${failures.length}`);
      for (const f of failures) out(`    ${f.path}: ${f.message} (${f.attempts} attempt(s))`);
    } finally {
      j.close();
    }
  }
}
