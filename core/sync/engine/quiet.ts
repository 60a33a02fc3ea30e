import { execute } from '../execute/execute.js';
import type { Journal } from '../journal/journal.js';
import type { JournalRow } from '../journal/types.js';
import { fromRow } from '../local/incremental.js';
import type { Action, Plan, RemoteEntry } from '../reconcile/types.js';
import { isResyncRequired } from '../remote/errors.js';
import type { DeltaCursor, DeltaPage, RemoteDrive, RemoteItem } from '../remote/types.js';
import type { PairRuntime, PassResult } from './sync-once.js';

/** What `quietCheck` found: nothing but echoes (`records` to write), or a drive that answers the page it already has. */
export type Quiet = { quiet: true; records: Action[]; token: string } | { quiet: false; remote: RemoteDrive };

/**
 * The cheap answer to a watch-mode pass with nothing reported here: one delta page from the stored token. When
 * it is the last page and holds only echoes of what the journal already agrees with (the same item under the
 * same parent and name: a file with the same eTag, or a folder whose tags moved because a child changed), the
 * plan built from the whole journal would be just those folders' records, so neither the journal's rows nor
 * reconcile are needed. Anything else goes the usual way, with that first page kept so it is not asked twice.
 */
export async function quietCheck(remote: RemoteDrive, journal: Journal, pairId: string): Promise<Quiet> {
  const token = journal.pair(pairId)?.deltaToken ?? null;
  if (token === null) return { quiet: false, remote };
  let page: DeltaPage;
  try {
    page = await remote.delta({ kind: 'token', token });
  } catch (e) {
    // A forgotten token is handled by the full observe, which enumerates again.
    if (isResyncRequired(e)) return { quiet: false, remote };
    throw e;
  }
  const noisy = { quiet: false as const, remote: withFirstPage(remote, token, page) };
  if (page.then.kind !== 'done') return noisy;
  const records: Action[] = [];
  for (const it of page.items) {
    if (!it.deleted && (it.kind === 'root' || it.id === remote.rootId)) continue;
    const row = it.deleted ? null : journal.itemById(pairId, it.id);
    if (!row || !isEcho(it, row)) return noisy;
    if (it.eTag !== row.eTag) records.push({ type: 'record', path: row.path, row, local: fromRow(row), remote: entryOf(it, row.path) });
  }
  return { quiet: true, records, token: page.then.token };
}

/** The pass for a quiet answer: the folders' records (journal only), then the new token once they are written. */
export async function quietPass(rt: PairRuntime, q: Extract<Quiet, { quiet: true }>): Promise<PassResult> {
  const plan: Plan = { actions: q.records, held: null, counts: q.records.length > 0 ? { record: q.records.length } : {} };
  rt.onPlan?.(plan);
  const report = await execute(plan, { pairId: rt.pairId, fs: rt.fs, remote: rt.remote, journal: rt.journal, transfers: rt.transfers, now: rt.now, onEvent: rt.onEvent });
  if (report.failed.length === 0 && report.deferred === 0) rt.journal.apply(rt.pairId, [{ op: 'token', token: q.token }]);
  return { plan, report, problems: [], resynced: false, requests: 1, localLeft: [], unsure: [] };
}

/**
 * Delta's report of an item the journal already holds as it is: same place, same name, and for a file the same
 * eTag (our own upload, recorded from its answer). A folder's tags move with its children, which says nothing
 * about the folder itself: reconcile would only record them.
 */
function isEcho(it: RemoteItem, row: JournalRow): boolean {
  if (it.parentId !== row.parentId || it.name !== row.name) return false;
  if (it.kind === 'folder') return row.kind === 'dir';
  return it.kind === 'file' && row.kind === 'file' && it.eTag !== undefined && it.eTag === row.eTag;
}

function entryOf(it: RemoteItem, path: string): RemoteEntry {
  const e: RemoteEntry = { path, id: it.id, parentId: it.parentId, name: it.name ?? '', kind: it.kind === 'folder' ? 'dir' : 'file', size: it.size, mtimeMs: it.mtimeMs };
  if (it.quickXorHash !== undefined) e.hash = it.quickXorHash;
  if (it.eTag !== undefined) e.eTag = it.eTag;
  if (it.cTag !== undefined) e.cTag = it.cTag;
  return e;
}

/** `remote`, except that the first delta asked from `token` gets `page` without a request. */
function withFirstPage(remote: RemoteDrive, token: string, page: DeltaPage): RemoteDrive {
  let used = false;
  return new Proxy(remote, {
    get(target, prop, receiver) {
      if (prop !== 'delta') {
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      return (cursor: DeltaCursor | null, signal?: AbortSignal) => {
        if (!used && cursor?.kind === 'token' && cursor.token === token) {
          used = true;
          return Promise.resolve(page);
        }
        return target.delta(cursor, signal);
      };
    },
  });
}
