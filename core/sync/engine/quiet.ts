import type { Journal } from '../journal/journal.js';
import type { Plan } from '../reconcile/types.js';
import { isResyncRequired } from '../remote/errors.js';
import type { DeltaCursor, DeltaPage, RemoteDrive } from '../remote/types.js';

/** What `quietCheck` found: nothing anywhere (the pass is over), or a drive that answers the page it already has. */
export type Quiet = { quiet: true; plan: Plan } | { quiet: false; remote: RemoteDrive };

/**
 * The cheap answer to a watch-mode pass with nothing reported here: one delta page from the stored token. When
 * it holds no item (the folder itself aside) and is the last page, the plan built from the journal would be
 * empty, so neither the journal's rows nor reconcile are needed; only the fresh token is stored. Anything else
 * goes the usual way, with that first page kept so it is not asked twice.
 */
export async function quietCheck(remote: RemoteDrive, journal: Journal, pairId: string): Promise<Quiet> {
  const token = journal.pair(pairId)?.deltaToken ?? null;
  if (token === null) return { quiet: false, remote };
  const cursor: DeltaCursor = { kind: 'token', token };
  let page: DeltaPage;
  try {
    page = await remote.delta(cursor);
  } catch (e) {
    // A forgotten token is handled by the full observe, which enumerates again.
    if (isResyncRequired(e)) return { quiet: false, remote };
    throw e;
  }
  const nothing = page.items.every((it) => !it.deleted && (it.kind === 'root' || it.id === remote.rootId));
  if (nothing && page.then.kind === 'done') {
    journal.apply(pairId, [{ op: 'token', token: page.then.token }]);
    return { quiet: true, plan: { actions: [], held: null, counts: {} } };
  }
  return { quiet: false, remote: withFirstPage(remote, token, page) };
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
