import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { FolderEntry, PairSummary } from '../../core/service/contract.js';
import { stratus } from './api.js';

const under = (path: string, folder: string) => path.toLowerCase().startsWith(`${folder.toLowerCase()}/`);

/**
 * "Choose folders" for one pair, as OneDrive's own client has it: a tree of the pair's OneDrive subfolders with
 * a box each. A checked folder brings everything in it; leaving every top folder checked keeps everything,
 * including folders made later.
 */
export function FolderPicker({ pair, onSave, onCancel }: { pair: PairSummary; onSave(selection: string[]): void; onCancel(): void }) {
  const [children, setChildren] = useState<Record<string, FolderEntry[]>>({});
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [checked, setChecked] = useState<Set<string> | 'all'>(pair.selection.length ? new Set(pair.selection) : 'all');
  const [error, setError] = useState<string>();

  const load = async (path: string) => {
    try {
      const list = await stratus().listPairFolders(pair.id, path);
      setChildren((c) => ({ ...c, [path]: list }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  // The top level once per pair; deeper levels load when opened.
  useEffect(() => { void load(''); }, [pair.id]);

  const top = children[''] ?? [];
  const set = checked === 'all' ? new Set(top.map((f) => f.path)) : checked;
  const implied = (path: string) => [...set].some((c) => under(path, c));
  const toggle = (path: string) => {
    const next = new Set([...set].filter((c) => !under(c, path)));
    if (set.has(path)) next.delete(path);
    else next.add(path);
    setChecked(next);
  };
  const save = () => {
    const all = top.length > 0 && top.every((f) => set.has(f.path));
    onSave(all ? [] : [...set]);
  };

  const rows = (path: string, depth: number): ReactElement[] => (children[path] ?? []).flatMap((f) => {
    const isOpen = open.has(f.path);
    const row = (
      <li key={f.path} style={{ paddingLeft: `${depth * 18}px` }}>
        <button type="button" className="link twisty" aria-label={`${isOpen ? 'Close' : 'Open'} ${f.name}`} aria-expanded={isOpen}
          onClick={() => {
            const next = new Set(open);
            if (isOpen) next.delete(f.path);
            else {
              next.add(f.path);
              if (!children[f.path]) void load(f.path);
            }
            setOpen(next);
          }}>{isOpen ? '▾' : '▸'}</button>
        <label>
          <input type="checkbox" checked={set.has(f.path) || implied(f.path)} disabled={implied(f.path)} onChange={() => toggle(f.path)} /> {f.name}
        </label>
      </li>
    );
    return isOpen ? [row, ...rows(f.path, depth + 1)] : [row];
  });

  return (
    <div className="folder-picker" role="group" aria-label={`Folders of /${pair.remote}`}>
      {error && <p role="alert" className="error">{error}</p>}
      <p className="detail">Files directly in /{pair.remote} always sync. Folders you leave out stay as they are, here and on OneDrive.</p>
      <ul>{rows('', 0)}</ul>
      {children[''] && top.length === 0 && <p className="detail">This folder has no subfolders.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={save} disabled={!children['']}>Save</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
