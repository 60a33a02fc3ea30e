import { useState } from 'react';
import type { SyncMode } from '../../core/service/contract.js';
import { BACKUP_HELP } from './BackupFolder.js';
import { describe } from './PairCard.js';
import { usePairs } from './pairs-store.js';
import { pairTone } from './status.js';
import { folderSync, pairsBelow } from './synced.js';

/**
 * Under the file browser: where the open folder is synced on this computer, or, for a folder not synced yet,
 * the form that keeps it in sync with a folder here.
 */
export function SyncHere({ accountId, driveId, path, busy }: { accountId: string; driveId?: string; path: string; busy: boolean }) {
  const pairs = usePairs((s) => s.pairs);
  const addPair = usePairs((s) => s.add);
  const [local, setLocal] = useState('');
  const [mode, setMode] = useState<SyncMode>('two-way');
  const [backupDir, setBackupDir] = useState('');
  const [starting, setStarting] = useState(false);
  const shown = path ? `/${path}` : 'the whole drive';
  const sync = driveId ? folderSync(pairs, driveId, path) : undefined;
  const below = driveId ? pairsBelow(pairs, driveId, path) : [];

  if (sync?.kind === 'pair' || sync?.kind === 'inside') {
    const where = sync.kind === 'pair' ? `${shown} is synced with` : `${shown} is synced as part of /${sync.pair.remote}, in`;
    return (
      <div className="sync-here synced" data-testid="synced-here">
        <p className={`pair-status tone-${pairTone(sync.pair.status)}`}>
          <span className="dot" aria-hidden="true" />
          <span>{where} <strong className="path">{sync.local}</strong> · {describe(sync.pair.status)}</span>
        </p>
      </div>
    );
  }
  if (sync?.kind === 'left-out') {
    return (
      <div className="sync-here" data-testid="synced-here">
        <p className="detail">{shown} is inside /{sync.pair.remote}, which syncs with {sync.pair.local}, but is left out of it. Use Choose folders on that folder to bring it in.</p>
      </div>
    );
  }

  return (
    <form className="sync-here" onSubmit={(e) => {
      e.preventDefault();
      if (!driveId || !local || busy || starting) return;
      setStarting(true);
      void addPair({ accountId, driveId, remote: path, local, mode, ...(backupDir.trim() ? { backupDir: backupDir.trim() } : {}) }).then(() => {
        setStarting(false);
        // Emptied once the pair exists, so another folder's form does not offer the same folder here again.
        if (!usePairs.getState().error) { setLocal(''); setBackupDir(''); }
      });
    }}>
      <h3 className="form-title">Keep {shown} in sync with a folder on this computer</h3>
      {below.length > 0 && (
        <p className="detail">Already synced inside it: {below.map((p) => `/${p.remote} (with ${p.local})`).join(', ')}.</p>
      )}
      <div className="form-grid">
        <label htmlFor="sync-local">Folder on this computer</label>
        <input id="sync-local" aria-label="Folder on this computer" placeholder="/home/you/OneDrive" value={local} onChange={(e) => setLocal(e.target.value)} />
        <label htmlFor="sync-mode">Direction</label>
        <select id="sync-mode" aria-label="Direction" value={mode} onChange={(e) => setMode(e.target.value as SyncMode)}>
          <option value="two-way">both ways</option>
          <option value="upload-only">only up to OneDrive</option>
          <option value="download-only">only down from OneDrive</option>
        </select>
        <label htmlFor="sync-backup" title={BACKUP_HELP}>Backup folder</label>
        <input id="sync-backup" aria-label="Backup folder on OneDrive" title={BACKUP_HELP} placeholder="optional, like /Stratus backup" value={backupDir} onChange={(e) => setBackupDir(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={!local || busy || starting}>Sync</button>
        {starting && <span className="detail">Starting…</span>}
      </div>
    </form>
  );
}
