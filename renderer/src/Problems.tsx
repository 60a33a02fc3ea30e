import { useEffect } from 'react';
import { usePairs } from './pairs-store.js';
import { useProblems } from './problems-store.js';

const at = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Files that are not syncing now, each with why and what to do: OneDrive's own client hides these behind a
 * "sync issues" view; here they stay in sight until fixed, and leave the list by themselves once they are.
 */
export function Problems() {
  const { problems, load, listen } = useProblems();
  const pairs = usePairs((s) => s.pairs);
  useEffect(() => {
    void load();
    return listen();
  }, [load, listen]);
  if (problems.length === 0) return null;
  const folder = (pairId: string) => pairs.find((p) => p.id === pairId)?.remote;

  return (
    <section aria-label="Not syncing" className="card attention-card">
      <h2 className="card-title">Not syncing ({problems.length})</h2>
      <ul className="problems">
        {problems.map((p) => (
          <li key={`${p.pairId}:${p.path}`} data-testid="problem">
            <strong>{folder(p.pairId) ? `/${folder(p.pairId)}/${p.path}` : p.path}</strong>
            <span className="detail">
              {p.message}
              {p.retryAt ? ` Trying again at ${at(p.retryAt)}.` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
