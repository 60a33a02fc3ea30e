import { useState } from 'react';
import type { PairStatus, PairSummary, SyncMode } from '../../core/service/contract.js';
import { BackupFolderForm } from './BackupFolder.js';
import { FolderPicker } from './FolderPicker.js';
import { usePairs } from './pairs-store.js';
import { pairTone } from './status.js';

const duration = (s: number) => (s < 90 ? `${Math.max(1, Math.round(s))} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
const rate = (b: number) => (b < 1e6 ? `${Math.max(1, Math.round(b / 1e3))} kB/s` : `${(b / 1e6).toFixed(1)} MB/s`);

export function describe(s: PairStatus): string {
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
    // The engine's message ends with the CLI's way out, which means nothing in the app.
    case 'held': return s.detail?.replace(/ \(or run with --force\)/, '') ?? 'Waiting for you to confirm a large delete';
    default: return s.detail ?? s.state;
  }
}

export const arrows: Record<SyncMode, [string, string, string]> = {
  'two-way': ['⇄', 'both ways', 'Kept the same both ways'],
  'upload-only': ['→', 'only up', 'Only up to OneDrive: nothing there is brought here'],
  'download-only': ['←', 'only down', 'Only down from OneDrive: nothing here is sent there'],
};

const baseName = (path: string) => path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path;

type Open = 'folders' | 'skip' | 'backup' | 'stop' | null;

/** One synced folder: where it is on both sides, its live state, what it leaves out, and its actions. */
export function PairCard({ pair: p }: { pair: PairSummary }) {
  const { remove, syncNow, approve, setFolders, setIgnore, setBackupDir } = usePairs();
  const [open, setOpen] = useState<Open>(null);
  const [skipText, setSkipText] = useState('');
  const toggle = (what: Open) => {
    if (what === 'skip' && open !== 'skip') setSkipText(p.ignore.join(', '));
    setOpen(open === what ? null : what);
  };
  const [arrow, modeWord, modeHelp] = arrows[p.mode];

  return (
    <li data-testid="pair" className="pair">
      <div className="pair-head">
        <span className="pair-title">{baseName(p.local)}</span>
        <span className="tag" title={modeHelp}>{modeWord}</span>
      </div>
      <span className="pair-name" title={modeHelp}>{p.local} {arrow} /{p.remote}</span>
      <p className={`pair-status tone-${pairTone(p.status)}`}>
        <span className="dot" aria-hidden="true" /><span className="pair-state" data-testid="pair-state">{describe(p.status)}</span>
      </p>
      {p.status.state === 'syncing' && p.status.progress && p.status.progress.items > 0 && (
        // Bytes when the pass moves any (a few large files), else items (renames, folders, deletes).
        <progress aria-label={`Syncing ${baseName(p.local)}`} max={p.status.progress.bytes || p.status.progress.items}
          value={p.status.progress.bytes ? p.status.progress.bytesDone : p.status.progress.itemsDone} />
      )}
      {(p.selection.length > 0 || p.ignore.length > 0 || p.backupDir) && (
        <ul className="pair-settings">
          {p.selection.length > 0 && <li>Only {p.selection.join(', ')}</li>}
          {p.ignore.length > 0 && <li>Skipping {p.ignore.join(', ')}</li>}
          {p.backupDir && <li>Replaced files kept in /{p.backupDir}</li>}
        </ul>
      )}
      {p.status.state === 'held' && (
        <p className="detail">Nothing is deleted until you choose. If it was a mistake, put the files back (from the trash or the
          OneDrive recycle bin) and choose Sync now; otherwise, Delete them.</p>
      )}
      <div className="pair-actions">
        {p.status.state === 'held' && <button type="button" className="danger" onClick={() => void approve(p.id)}>Delete them</button>}
        <button type="button" onClick={() => void syncNow(p.id)}>Sync now</button>
        <button type="button" aria-expanded={open === 'folders'} onClick={() => toggle('folders')}>Choose folders</button>
        <button type="button" aria-expanded={open === 'skip'} onClick={() => toggle('skip')}>Skip files</button>
        <button type="button" aria-expanded={open === 'backup'} onClick={() => toggle('backup')}>Backup folder</button>
        <button type="button" className="danger" aria-expanded={open === 'stop'} onClick={() => toggle('stop')}>Stop syncing</button>
      </div>
      {open === 'stop' && (
        <div className="inline-form" role="group" aria-label="Stop syncing this folder">
          <span>Stop keeping {p.local} and /{p.remote} the same? Their files stay where they are, on this computer and on OneDrive.</span>
          <span className="field-row">
            <button type="button" className="danger" onClick={() => { setOpen(null); void remove(p.id); }}>Stop syncing</button>
            <button type="button" onClick={() => setOpen(null)}>Keep syncing</button>
          </span>
        </div>
      )}
      {open === 'backup' && <BackupFolderForm pair={p} onSave={(path) => { setOpen(null); void setBackupDir(p.id, path); }} />}
      {open === 'skip' && (
        <form className="inline-form" onSubmit={(e) => {
          e.preventDefault();
          setOpen(null);
          void setIgnore(p.id, skipText.split(',').map((t) => t.trim()).filter(Boolean));
        }}>
          <span className="field-label">Skip names like</span>
          <span className="field-row">
            <input aria-label="Files to skip" placeholder="*.log, node_modules" value={skipText} onChange={(e) => setSkipText(e.target.value)} />
            <button type="submit">Save</button>
          </span>
          <span className="detail">Temporary files (~*, *.tmp, *.swp, *.partial) are always skipped. Files already synced stay where they are.</span>
        </form>
      )}
      {open === 'folders' && (
        <FolderPicker pair={p} onCancel={() => setOpen(null)} onSave={(selection) => { setOpen(null); void setFolders(p.id, selection); }} />
      )}
    </li>
  );
}
