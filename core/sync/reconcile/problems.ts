import { splitExt } from './conflict-name.js';
import type { LocalEntry, PairOptions, Problem, RemoteEntry } from './types.js';

const GB = 1000 ** 3;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function fmtSize(bytes: number): string {
  return `${(bytes / GB).toFixed(1)} GB`;
}

/** The remote name a local name gets, or the reason it cannot go up. */
export function remoteNameFor(path: string, opts: PairOptions): { name: string } | { problem: Problem } {
  const name = baseName(path);
  const { names } = opts;
  if (!names.roundTrips(name)) {
    return { problem: { kind: 'invalid-name', message: `"${name}" cannot be stored on OneDrive and read back unchanged. Rename it.`, suggestion: cleanName(name) } };
  }
  const encoded = names.encode(name);
  if (encoded !== name && opts.invalidNames === 'skip') {
    return { problem: { kind: 'invalid-name', message: `"${name}" has characters OneDrive does not allow; it is left out (name mapping is off). Rename it, or turn name mapping on.`, suggestion: cleanName(name) } };
  }
  const refused = names.refuse(encoded, !path.includes('/'));
  if (refused) return { problem: { kind: 'invalid-name', message: `"${name}": ${refused} Rename it.`, suggestion: reservedSuggestion(name) } };
  return { name: encoded };
}

/** Why a local item cannot be uploaded, or null. Checked only for items that would go up. */
export function localProblem(local: LocalEntry, opts: PairOptions): Problem | null {
  if (local.kind === 'symlink') {
    return { kind: 'symlink', message: `"${local.path}" is a symbolic link; links are not followed (turn on "follow symbolic links" to sync what it points to).` };
  }
  if (local.kind === 'other') {
    return { kind: 'special-file', message: `"${local.path}" is a special file (a pipe, socket or device), which cannot be stored on OneDrive.` };
  }
  if (local.kind === 'file' && local.size > opts.maxFileSize) {
    return { kind: 'too-large', message: `"${local.path}" is ${fmtSize(local.size)}; OneDrive takes files up to ${fmtSize(opts.maxFileSize)}.` };
  }
  const encodedPath = local.path.split('/').map((s) => opts.names.encode(s)).join('/');
  const full = [opts.remoteRootPath.replace(/^\/+|\/+$/g, ''), encodedPath].filter((s) => s !== '').join('/');
  if (full.length > opts.maxPathLength) {
    return { kind: 'path-too-long', message: `"${local.path}" makes a OneDrive path of ${full.length} characters; the limit is ${opts.maxPathLength}. Shorten a folder or file name.` };
  }
  return null;
}

/** Why a remote item is not brought down, or null. */
export function remoteProblem(remote: RemoteEntry): Problem | null {
  if (remote.kind === 'package') {
    return { kind: 'onenote', message: `"${remote.path}" is a OneNote notebook; open it in OneNote, it cannot be synced as files.` };
  }
  return null;
}

/** A name with the characters OneDrive refuses replaced by `_` and the ends trimmed. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const out = name.replace(/[\x00-\x1f\x7f"*:<>?/\\|]/g, '_').replace(/^\s+|[\s.]+$/g, '');
  return out || '_';
}

function reservedSuggestion(name: string): string {
  const { stem, ext } = splitExt(name);
  return `${stem}_${ext}`;
}

/** A sibling-free variant: `Report (2).docx`, `Report (3).docx`, ... */
export function numberedName(name: string, taken: (lowerName: string) => boolean): string {
  const { stem, ext } = splitExt(name);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken(candidate.toLowerCase())) return candidate;
  }
}
