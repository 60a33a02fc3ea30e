import { useEffect } from 'react';
import { useConflicts } from './conflicts-store.js';

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Files that changed on both sides. Both versions are already safe (OneDrive's under the name, this computer's
 * beside it); the user only chooses what to keep, and what is given up goes to the trash or recycle bin.
 */
export function Conflicts() {
  const { conflicts, error, load, listen, resolve } = useConflicts();
  useEffect(() => {
    void load();
    return listen();
  }, [load, listen]);
  if (conflicts.length === 0 && !error) return null;

  return (
    <section aria-label="Conflicts" className="card attention-card">
      <h2 className="card-title">Changed in two places</h2>
      <p className="detail">Both versions are safe. Keep one (the other goes to the trash or the OneDrive recycle bin), or keep both under their names.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="conflicts">
        {conflicts.map((c) => (
          <li key={`${c.pairId}:${c.id}`} data-testid="conflict">
            <span className="conflict-text">
              <strong>{c.path}</strong> changed here and on OneDrive. OneDrive’s version kept the name; yours is
              saved beside it as <em>{fileName(c.conflictPath)}</em>.
            </span>
            <span className="row-actions">
              <button type="button" onClick={() => void resolve(c, 'keep-mine')}>Keep mine</button>
              <button type="button" onClick={() => void resolve(c, 'keep-theirs')}>Keep OneDrive’s</button>
              <button type="button" onClick={() => void resolve(c, 'keep-both')}>Keep both</button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
