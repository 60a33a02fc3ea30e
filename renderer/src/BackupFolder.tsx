import { useState } from 'react';
import type { PairSummary } from '../../core/service/contract.js';

export const BACKUP_HELP = 'Files OneDrive would replace or delete are moved there first. Choose a folder outside the synced one.';

/** Sets or clears a pair's backup folder (rclone's --backup-dir); the service refuses a folder inside the pair. */
export function BackupFolderForm({ pair, onSave }: { pair: PairSummary; onSave(path: string | null): void }) {
  const [text, setText] = useState(pair.backupDir ? `/${pair.backupDir}` : '');
  return (
    <form className="inline-form" onSubmit={(e) => {
      e.preventDefault();
      onSave(text.trim() ? text.trim() : null);
    }}>
      <span className="field-label">Keep replaced files in this folder on OneDrive</span>
      <span className="field-row">
        <input aria-label="Backup folder on OneDrive" placeholder="/Stratus backup" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Save</button>
      </span>
      <span className="detail">{BACKUP_HELP} Leave it empty for none.</span>
    </form>
  );
}
