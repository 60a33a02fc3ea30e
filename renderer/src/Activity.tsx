import { useEffect } from 'react';
import type { ItemActivity } from '../../core/service/contract.js';
import { useActivity } from './activity-store.js';

const doing: Record<string, [string, string]> = {
  upload: ['Uploading', 'Uploaded'],
  download: ['Downloading', 'Downloaded'],
  'delete-local': ['Moving to the trash', 'Moved to the trash'],
  'delete-remote': ['Moving to the recycle bin', 'Moved to the recycle bin'],
  'move-local': ['Moving', 'Moved here'],
  'move-remote': ['Moving', 'Moved on OneDrive'],
  'mkdir-local': ['Making folder', 'Made folder'],
  'mkdir-remote': ['Making folder', 'Made folder on OneDrive'],
  conflict: ['Keeping both versions of', 'Kept both versions of'],
};

function line(a: ItemActivity): string {
  const [now, done] = doing[a.action] ?? ['Syncing', 'Synced'];
  switch (a.state) {
    case 'transferring': return `${now} ${a.path}${a.size ? ` — ${Math.floor(((a.bytes ?? 0) / a.size) * 100)}%` : ''}`;
    case 'done': return `${done} ${a.path}`;
    case 'failed': return `Could not sync ${a.path}: ${a.message ?? 'unknown error'}`;
    case 'skipped': return `Not synced: ${a.message ?? a.path}`;
  }
}

/** What the engine did to each file lately, and why a file did not sync: the OneDrive client's activity list. */
export function Activity() {
  const { items, listen } = useActivity();
  useEffect(() => listen(), [listen]);
  if (items.length === 0) return null;
  return (
    <section aria-label="Activity" className="card">
      <h2 className="card-title">Recent activity</h2>
      <ul className="activity">
        {items.map((a) => (
          <li key={`${a.pairId}:${a.path}`} data-testid="activity" className={a.state === 'failed' || a.state === 'skipped' ? 'attention' : undefined}
            title={new Date(a.at).toLocaleString()}>
            {line(a)}
          </li>
        ))}
      </ul>
    </section>
  );
}
