import { useEffect } from 'react';
import { Accounts } from './Accounts.js';
import { Activity } from './Activity.js';
import { Conflicts } from './Conflicts.js';
import { Files } from './Files.js';
import { Pairs } from './Pairs.js';
import { useApp } from './store.js';

const stateLabel: Record<string, string> = {
  idle: 'Up to date',
  scanning: 'Looking for changes…',
  syncing: 'Syncing…',
  paused: 'Paused',
  throttled: 'OneDrive asked us to slow down',
  offline: 'Offline',
  'needs-sign-in': 'Sign in again to keep syncing',
  held: 'Waiting for your confirmation',
};

export function App() {
  const { info, engine, error, accounts, load, listen } = useApp();
  const active = accounts.find((a) => a.state === 'ok');
  useEffect(() => {
    void load();
    return listen();
  }, [load, listen]);

  return (
    <main className="app">
      <header className="app-header">
        <img src="./icon.svg" alt="" width={32} height={32} />
        <h1>Stratus</h1>
      </header>
      {error ? (
        <p role="alert" className="error">{error}</p>
      ) : (
        <section aria-label="Status">
          <p className="status" data-testid="engine-state">{stateLabel[engine.state] ?? engine.state}</p>
          {engine.detail && <p className="detail">{engine.detail}</p>}
        </section>
      )}
      <Accounts />
      {active && <Pairs />}
      {active && <Conflicts />}
      {active && <Activity />}
      {active && <Files accountId={active.id} />}
      <footer className="app-footer" data-testid="app-info">
        {info ? `Stratus ${info.version} · ${info.host} · ${info.platform}` : 'Connecting…'}
      </footer>
    </main>
  );
}
