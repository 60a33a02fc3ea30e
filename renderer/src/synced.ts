import type { PairSummary } from '../../core/service/contract.js';

/** How a OneDrive folder stands against the pairs: the file browser shows this instead of offering a second pair. */
export type FolderSync =
  | { kind: 'pair'; pair: PairSummary; local: string }
  | { kind: 'inside'; pair: PairSummary; local: string }
  | { kind: 'left-out'; pair: PairSummary };

// OneDrive ignores case in names, so /reports and /Reports are the same folder.
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const within = (path: string, folder: string) => folder === '' || path.toLowerCase().startsWith(`${folder.toLowerCase()}/`);

/** The local path of `rel` inside a pair's folder, written with the separator that folder already uses. */
function localPath(pairLocal: string, rel: string): string {
  if (!rel) return pairLocal;
  const sep = pairLocal.includes('\\') && !pairLocal.includes('/') ? '\\' : '/';
  return `${pairLocal.replace(/[\\/]+$/, '')}${sep}${rel.split('/').join(sep)}`;
}

/**
 * Whether the folder at `path` (no leading slash, '' for the top) of a drive is synced: the root of a pair,
 * inside a pair (and kept by its folder choice), or inside a pair but left out by "Choose folders".
 * The closest pair wins when pairs nest on OneDrive.
 */
export function folderSync(pairs: PairSummary[], driveId: string, path: string): FolderSync | undefined {
  const onDrive = pairs.filter((p) => p.driveId === driveId);
  const root = onDrive.find((p) => same(p.remote, path));
  if (root) return { kind: 'pair', pair: root, local: root.local };
  const parent = onDrive.filter((p) => within(path, p.remote)).sort((a, b) => b.remote.length - a.remote.length)[0];
  if (!parent) return undefined;
  const rel = parent.remote ? path.slice(parent.remote.length + 1) : path;
  // A selection keeps its folders whole; a folder above a kept one is partly synced, which still counts.
  const kept = parent.selection.length === 0
    || parent.selection.some((s) => same(s, rel) || within(rel, s) || within(s, rel));
  return kept ? { kind: 'inside', pair: parent, local: localPath(parent.local, rel) } : { kind: 'left-out', pair: parent };
}

/** The pair whose root is this folder, to mark it in a listing. */
export function pairAt(pairs: PairSummary[], driveId: string, path: string): PairSummary | undefined {
  return pairs.find((p) => p.driveId === driveId && same(p.remote, path));
}

/** Pairs of folders inside this one (not the folder itself), which a pair of this folder would sync a second time. */
export function pairsBelow(pairs: PairSummary[], driveId: string, path: string): PairSummary[] {
  return pairs.filter((p) => p.driveId === driveId && !same(p.remote, path) && within(p.remote, path));
}
