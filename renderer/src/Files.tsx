import { useEffect, useState } from 'react';
import type { SyncMode } from '../../core/service/contract.js';
import { BACKUP_HELP } from './BackupFolder.js';
import { useFiles } from './files-store.js';
import { usePairs } from './pairs-store.js';

const FolderIcon = () => (
  <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" className="folder-icon">
    <path fill="currentColor" d="M1.5 3h4l1.5 1.5h7.5v8.5h-13z" />
  </svg>
);

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

/** Browse the drive, make a share link in one click, clean up old versions of a folder. */
export function Files({ accountId }: { accountId: string }) {
  const f = useFiles();
  const addPair = usePairs((s) => s.add);
  const [local, setLocal] = useState('');
  const [mode, setMode] = useState<SyncMode>('two-way');
  const [backupDir, setBackupDir] = useState('');
  const { open } = f;
  useEffect(() => { void open(accountId); }, [accountId, open]);
  useEffect(() => f.listen(), [f.listen]);
  const crumbs = f.path ? f.path.split('/') : [];
  const drive = f.drives.find((d) => d.id === f.driveId);
  // Work and school accounts can reach SharePoint libraries; the user's own drive comes first in the list.
  const business = f.drives[0] !== undefined && f.drives[0].driveType !== 'personal';
  const [siteTerm, setSiteTerm] = useState('');

  return (
    <section aria-label="Files" className="panel files">
      {(f.drives.length > 1 || business) && (
        <div className="drive-picker">
          <label>Drive <select aria-label="Drive" value={f.driveId ?? ''} onChange={(e) => void f.chooseDrive(e.target.value)}>
            {f.drives.map((d) => <option key={d.id} value={d.id}>{d.site ? `${d.site} — ${d.name}` : d.name}</option>)}
          </select></label>
          {business && (
            <form onSubmit={(e) => { e.preventDefault(); if (siteTerm.trim()) void f.findLibraries(siteTerm.trim()); }}>
              <input aria-label="SharePoint site" placeholder="Find a SharePoint site" value={siteTerm} onChange={(e) => setSiteTerm(e.target.value)} />
              <button type="submit" disabled={!siteTerm.trim() || f.busy}>Find</button>
            </form>
          )}
        </div>
      )}
      <nav aria-label="Folder" className="crumbs">
        <button type="button" className="link" onClick={() => void f.browse('')}>{drive?.name ?? 'OneDrive'}</button>
        {crumbs.map((c, i) => (
          <span key={i}> / <button type="button" className="link" onClick={() => void f.browse(crumbs.slice(0, i + 1).join('/'))}>{c}</button></span>
        ))}
      </nav>
      <div className="link-settings">
        <label>Link <select aria-label="Link type" value={f.linkSettings.type} onChange={(e) => f.setLinkSettings({ type: e.target.value as 'view' })}>
          <option value="view">can view</option><option value="edit">can edit</option><option value="embed">embed</option>
        </select></label>
        <label>for <select aria-label="Link scope" value={f.linkSettings.scope} onChange={(e) => f.setLinkSettings({ scope: e.target.value as 'anonymous' })}>
          <option value="anonymous">anyone</option><option value="organization">my organization</option>
        </select></label>
      </div>
      {f.error && <p role="alert" className="error">{f.error}</p>}
      <ul className="entries" aria-busy={f.busy}>
        {f.entries.map((e) => (
          <li key={e.path} data-testid="entry">
            {e.isFolder
              ? <button type="button" className="link entry-name" onClick={() => void f.browse(e.path)}><FolderIcon /> {e.name}</button>
              : <span className="entry-name">{e.name} <span className="entry-size">{size(e.size)}</span></span>}
            <button type="button" onClick={() => void f.share(e.path)} aria-label={`Share ${e.name}`}>Share</button>
            {f.links[e.path] && <input readOnly className="share-url" aria-label={`Link to ${e.name}`} value={f.links[e.path]!.url} />}
          </li>
        ))}
        {!f.busy && f.entries.length === 0 && <li className="detail">This folder is empty.</li>}
      </ul>
      <form className="sync-folder" onSubmit={(e) => {
        e.preventDefault();
        if (f.driveId && local && !f.busy) void addPair({ accountId, driveId: f.driveId, remote: f.path, local, mode, ...(backupDir.trim() ? { backupDir: backupDir.trim() } : {}) });
      }}>
        <label>Keep {f.path ? `/${f.path}` : 'the whole drive'} in sync with <input aria-label="Folder on this computer" placeholder="/home/you/OneDrive" value={local} onChange={(e) => setLocal(e.target.value)} /></label>
        <select aria-label="Direction" value={mode} onChange={(e) => setMode(e.target.value as SyncMode)}>
          <option value="two-way">both ways</option>
          <option value="upload-only">only up to OneDrive</option>
          <option value="download-only">only down from OneDrive</option>
        </select>
        <label title={BACKUP_HELP}>keeping replaced files in <input aria-label="Backup folder on OneDrive" placeholder="(optional) /Stratus backup" value={backupDir} onChange={(e) => setBackupDir(e.target.value)} /></label>
        <button type="submit" disabled={!local || f.busy}>Sync</button>
      </form>
      <div className="actions">
        <button type="button" className="link" onClick={() => void f.cleanUp(f.path, true)}>Old versions in this folder…</button>
        {f.cleanup && (
          <span data-testid="cleanup">
            {f.cleanup.summary.dryRun
              ? <>{f.cleanup.summary.versions} old versions ({size(f.cleanup.summary.bytes)}) in {f.cleanup.summary.files} files.{' '}
                  {f.cleanup.summary.versions > 0 && <button type="button" onClick={() => void f.cleanUp(f.cleanup!.path, false)}>Remove them</button>}</>
              : <>Removed {f.cleanup.summary.versions} old versions, freeing {size(f.cleanup.summary.bytes)}.</>}
          </span>
        )}
      </div>
    </section>
  );
}
