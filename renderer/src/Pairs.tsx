import { useEffect, useState } from 'react';
import { PairCard } from './PairCard.js';
import { SpeedLimit, SpeedLimitForm } from './SpeedLimit.js';
import { usePairs } from './pairs-store.js';

/** The folders kept in sync, each with its live state, and the controls a tray menu would have. */
export function Pairs() {
  const { pairs, loaded, error, load, listen, pause, resume, speedLimit, limitSpeed } = usePairs();
  useEffect(() => {
    void load();
    return listen();
  }, [load, listen]);
  const paused = pairs.some((p) => p.status.state === 'paused');
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section aria-label="Synced folders" className="card">
      <div className="card-head">
        <h2 className="card-title">Synced folders</h2>
        {pairs.length > 0 && (
          <div className="toolbar">
            {paused
              ? <button type="button" onClick={() => void resume()}>Resume syncing</button>
              : <label className="inline-label">Pause <select aria-label="Pause syncing" value="" onChange={(e) => void pause(Number(e.target.value) as 2 | 8 | 24)}>
                  <option value="" disabled>for…</option><option value="2">2 hours</option><option value="8">8 hours</option><option value="24">24 hours</option>
                </select></label>}
            <SpeedLimit value={speedLimit} onChange={(v) => void limitSpeed(v)} editing={editing} setEditing={setEditing} />
          </div>
        )}
      </div>
      {editing !== null && pairs.length > 0 && <SpeedLimitForm editing={editing} setEditing={setEditing} onChange={(v) => void limitSpeed(v)} />}
      {error && <p role="alert" className="error">{error}</p>}
      {loaded && pairs.length === 0 && (
        <p className="detail empty">Nothing is synced yet. Open a folder in <strong>Files on OneDrive</strong> below and choose a folder on this computer to keep it in.</p>
      )}
      {pairs.length > 0 && <ul className="pairs">{pairs.map((p) => <PairCard key={p.id} pair={p} />)}</ul>}
    </section>
  );
}
