import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Accounts } from './Accounts.js';
import { Activity } from './Activity.js';
import { Conflicts } from './Conflicts.js';
import { useConflicts } from './conflicts-store.js';
import { Files } from './Files.js';
import { Pairs } from './Pairs.js';
import { Problems } from './Problems.js';
import { usePairs } from './pairs-store.js';
import { useProblems } from './problems-store.js';
import { overallStatus } from './status.js';
import { useApp } from './store.js';

export function App() {
  const { info, engine, error, accounts, loaded, load, listen } = useApp();
  const pairs = usePairs(useShallow((s) => s.pairs.map((p) => p.status.state)));
  const pairsLoaded = usePairs((s) => s.loaded);
  const conflicts = useConflicts((s) => s.conflicts.length);
  const problems = useProblems((s) => s.problems.length);
  const active = accounts.find((a) => a.state === 'ok');
  useEffect(() => {
    void load();
    return listen();
  }, [load, listen]);
  const status = overallStatus({
    loaded, signedIn: !!active, reconnect: accounts.some((a) => a.state === 'reconnect'), pairsLoaded, pairs, engine, conflicts, problems,
  });

  return (
    <main className="app">
      <header className="app-header">
        <img src="./icon.svg" alt="" width={32} height={32} />
        <h1>Stratus</h1>
        <section aria-label="Status" className="status">
          {status && (
            <p className={`status-line tone-${status.tone}`}>
              <span className="dot" aria-hidden="true" /><span data-testid="engine-state">{status.label}</span>
            </p>
          )}
          {active && engine.detail && <p className="detail">{engine.detail}</p>}
        </section>
      </header>
      {error && <p role="alert" className="error banner">{error}</p>}
      <Accounts />
      {active && <Pairs />}
      {active && <Conflicts />}
      {active && <Problems />}
      {active && <Activity />}
      {active && <Files accountId={active.id} />}
      <footer className="app-footer" data-testid="app-info">
        {info ? `Stratus ${info.version} · ${info.host} · ${info.platform}` : 'Connecting…'}
      </footer>
    </main>
  );
}
