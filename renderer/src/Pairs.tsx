import { useEffect, useState } from 'react';
import type { PairStatus, SyncMode } from '../../core/service/contract.js';
import { FolderPicker } from './FolderPicker.js';
import { BackupFolderForm } from './BackupFolder.js';
import { SpeedLimit } from './SpeedLimit.js';
import { usePairs } from './pairs-store.js';

const duration = (s: number) => (s < 90 ? `${Math.max(1, Math.round(s))} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
const rate = (b: number) => (b < 1e6 ? `${Math.max(1, Math.round(b / 1e3))} kB/s` : `${(b / 1e6).toFixed(1)} MB/s`);

function describe(s: PairStatus): string {
  const until = s.until ? ` until ${new Date(s.until).toLocaleTimeString()}` : '';
  switch (s.state) {
    case 'idle': return s.detail ? `Up to date. ${s.detail}` : 'Up to date';
    case 'scanning': return 'Looking for changes…';
    case 'syncing': {
      const p = s.progress;
      if (!p || p.items === 0) return 'Syncing…';
      const eta = p.etaSeconds ? `, about ${duration(p.etaSeconds)} left` : '';
      const speed = p.bytesPerSecond > 0 ? ` · ${rate(p.bytesPerSecond)}` : '';
      return `Syncing ${p.itemsDone} of ${p.items}${eta}${speed}`;
    }
    case 'paused': return `Paused${until}`;
    case 'throttled': return `OneDrive asked us to slow down${until}`;
    case 'held': return s.detail ?? 'Waiting for you to confirm a large delete';
    default: return s.detail ?? s.state;
  }
}

const arrows: Record<SyncMode, [string, string]> = {
  'two-way': ['⇄', 'Kept the same both ways'],
  'upload-only': ['→', 'Only up to OneDrive: nothing there is brought here'],
  'download-only': ['←', 'Only down from OneDrive: nothing here is sent there'],
};

/** The folders kept in sync, each with its live state, and the controls a tray menu would have. */
export function Pairs() {
  const { pairs, error, load, listen, remove, syncNow, approve, pause, resume, speedLimit, limitSpeed, setFolders, setIgnore, setBackupDir } = usePairs();
  const [picking, setPicking] = useState<string | null>(null);
  const [skipping, setSkipping] = useState<{ id: string; text: string } | null>(null);
  const [backingUp, setBackingUp] = useState<string | null>(null);
  useEffect(() => {
    void load();
    return listen();
  }, [load, listen]);
  if (pairs.length === 0 && !error) return null;
  const paused = pairs.some((p) => p.status.state === 'paused');

  return (
    <section aria-label="Synced folders" className="panel">
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="pairs">
        {pairs.map((p) => (
          <li key={p.id} data-testid="pair">
            <span className="pair-name" title={arrows[p.mode][1]}>{p.local} {arrows[p.mode][0]} /{p.remote}</span>
            <span className="pair-state" data-testid="pair-state">{describe(p.status)}</span>
            {p.status.state === 'held'
              ? <button type="button" onClick={() => void approve(p.id)}>Delete them</button>
              : <button type="button" className="link" onClick={() => void syncNow(p.id)}>Sync now</button>}
            <button type="button" className="link" onClick={() => setPicking(picking === p.id ? null : p.id)}>Choose folders</button>
            <button type="button" className="link" onClick={() => setSkipping(skipping?.id === p.id ? null : { id: p.id, text: p.ignore.join(', ') })}>Skip files</button>
            <button type="button" className="link" onClick={() => setBackingUp(backingUp === p.id ? null : p.id)}>Backup folder</button>
            <button type="button" className="link" onClick={() => void remove(p.id)}>Stop syncing</button>
            {p.selection.length > 0 && <span className="pair-selection">Only {p.selection.join(', ')}</span>}
            {p.ignore.length > 0 && <span className="pair-selection">Skipping {p.ignore.join(', ')}</span>}
            {p.backupDir && <span className="pair-selection">Replaced files kept in /{p.backupDir}</span>}
            {backingUp === p.id && <BackupFolderForm pair={p} onSave={(path) => { setBackingUp(null); void setBackupDir(p.id, path); }} />}
            {skipping?.id === p.id && (
              <form className="skip-form" onSubmit={(e) => {
                e.preventDefault();
                setSkipping(null);
                void setIgnore(p.id, skipping.text.split(',').map((t) => t.trim()).filter(Boolean));
              }}>
                <label>Skip names like <input aria-label="Files to skip" placeholder="*.log, node_modules" value={skipping.text}
                  onChange={(e) => setSkipping({ id: p.id, text: e.target.value })} /></label>
                <button type="submit">Save</button>
                <span className="detail">Temporary files (~*, *.tmp, *.swp, *.partial) are always skipped. Files already synced stay where they are.</span>
              </form>
            )}
            {picking === p.id && (
              <FolderPicker pair={p} onCancel={() => setPicking(null)} onSave={(selection) => { setPicking(null); void setFolders(p.id, selection); }} />
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        {paused
          ? <button type="button" onClick={() => void resume()}>Resume syncing</button>
          : <label>Pause <select aria-label="Pause syncing" value="" onChange={(e) => void pause(Number(e.target.value) as 2 | 8 | 24)}>
              <option value="" disabled>for…</option><option value="2">2 hours</option><option value="8">8 hours</option><option value="24">24 hours</option>
            </select></label>}
        <SpeedLimit value={speedLimit} onChange={(v) => void limitSpeed(v)} />
      </div>
    </section>
  );
}
