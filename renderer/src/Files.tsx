import { useEffect, useState } from 'react';
import { useFiles } from './files-store.js';
import { usePairs } from './pairs-store.js';
import { SyncHere } from './SyncHere.js';
import { pairAt } from './synced.js';

const FolderIcon = () => (
  <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" className="folder-icon">
    <path fill="currentColor" d="M1.5 3h4l1.5 1.5h7.5v8.5h-13z" />
  </svg>
);
const FileIcon = () => (
  <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" className="file-icon">
    <path fill="none" stroke="currentColor" d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3" />
  </svg>
);

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

/** Browse the drive, make a share link in one click, clean up old versions of a folder, and sync a folder. */
export function Files({ accountId }: { accountId: string }) {
  const f = useFiles();
  const pairs = usePairs((s) => s.pairs);
  const { open } = f;
  useEffect(() => { void open(accountId); }, [accountId, open]);
  useEffect(() => f.listen(), [f.listen]);
  const crumbs = f.path ? f.path.split('/') : [];
  const drive = f.drives.find((d) => d.id === f.driveId);
  // Work and school accounts can reach SharePoint libraries; the user's own drive comes first in the list.
  const business = f.drives[0] !== undefined && f.drives[0].driveType !== 'personal';
  const [siteTerm, setSiteTerm] = useState('');

  return (
    <section aria-label="Files" className="card files">
      <h2 className="card-title">Files on OneDrive</h2>
      {(f.drives.length > 1 || business) && (
        <div className="drive-picker">
          <label className="inline-label">Drive <select aria-label="Drive" value={f.driveId ?? ''} onChange={(e) => void f.chooseDrive(e.target.value)}>
            {f.drives.map((d) => <option key={d.id} value={d.id}>{d.site ? `${d.site} — ${d.name}` : d.name}</option>)}
          </select></label>
          {business && (
            <form className="field-row" aria-label="Find a SharePoint library" onSubmit={(e) => { e.preventDefault(); if (siteTerm.trim()) void f.findLibraries(siteTerm.trim()); }}>
              <span className="inline-label">or a site’s library</span>
              <input aria-label="SharePoint site" placeholder="site name, like Marketing" value={siteTerm} onChange={(e) => setSiteTerm(e.target.value)} />
              <button type="submit" disabled={!siteTerm.trim() || f.busy}>Find</button>
            </form>
          )}
        </div>
      )}
      <nav aria-label="Folder" className="crumbs">
        <button type="button" className="link" aria-current={crumbs.length === 0 ? 'page' : undefined} onClick={() => void f.browse('')}>{drive?.name ?? 'OneDrive'}</button>
        {crumbs.map((c, i) => (
          <span key={i}><span className="crumb-sep" aria-hidden="true">›</span><button type="button" className="link" aria-current={i === crumbs.length - 1 ? 'page' : undefined}
            onClick={() => void f.browse(crumbs.slice(0, i + 1).join('/'))}>{c}</button></span>
        ))}
      </nav>
      {f.error && <p role="alert" className="error">{f.error}</p>}
      <ul className="entries" aria-busy={f.busy}>
        {f.entries.map((e) => {
          const synced = e.isFolder && f.driveId ? pairAt(pairs, f.driveId, e.path) : undefined;
          return (
            <li key={e.path} data-testid="entry">
              {e.isFolder
                ? <button type="button" className="link entry-name" onClick={() => void f.browse(e.path)}><FolderIcon /> {e.name}</button>
                : <span className="entry-name"><FileIcon /> {e.name} <span className="entry-size">{size(e.size)}</span></span>}
              {synced && <span className="tag tone-ok" title={`Synced with ${synced.local}`}>synced</span>}
              <button type="button" className="small" onClick={() => void f.share(e.path)} aria-label={`Share ${e.name}`}>Share</button>
              {f.links[e.path] && <input readOnly className="share-url" aria-label={`Link to ${e.name}`} value={f.links[e.path]!.url} />}
            </li>
          );
        })}
        {!f.busy && f.entries.length === 0 && <li className="detail">This folder is empty.</li>}
      </ul>
      <div className="files-tools">
        <span className="inline-label">Share links
          <select aria-label="Link type" value={f.linkSettings.type} onChange={(e) => f.setLinkSettings({ type: e.target.value as 'view' })}>
            <option value="view">can view</option><option value="edit">can edit</option><option value="embed">embed</option>
          </select>
          for
          <select aria-label="Link scope" value={f.linkSettings.scope} onChange={(e) => f.setLinkSettings({ scope: e.target.value as 'anonymous' })}>
            <option value="anonymous">anyone</option><option value="organization">my organization</option>
          </select>
        </span>
        <button type="button" className="small" onClick={() => void f.cleanUp(f.path, true)}>Old versions in this folder…</button>
      </div>
      {f.cleanup && (
        <p className="cleanup" data-testid="cleanup">
          {f.cleanup.summary.dryRun
            ? <>{f.cleanup.summary.versions} old versions ({size(f.cleanup.summary.bytes)}) in {f.cleanup.summary.files} files.{' '}
                {f.cleanup.summary.versions > 0 && <button type="button" className="small" onClick={() => void f.cleanUp(f.cleanup!.path, false)}>Remove them</button>}</>
            : <>Removed {f.cleanup.summary.versions} old versions, freeing {size(f.cleanup.summary.bytes)}.</>}
        </p>
      )}
      <SyncHere accountId={accountId} driveId={f.driveId} path={f.path} busy={f.busy} />
    </section>
  );
}
