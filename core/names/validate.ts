/**
 * OneDrive's own rules for names, paths and sizes (Microsoft's "Invalid file names and file types in OneDrive and
 * SharePoint"). Check the name as it will be stored on OneDrive, i.e. after encoding: encoding already turns
 * forbidden characters and leading/trailing spaces into look-alikes, but cannot fix a reserved name or a long path.
 */
import type { DriveType, NameProblem } from './problems.js';

/** Whole path, file name included, in characters (UTF-16 units, which is at least the count Microsoft makes). */
export const MAX_PATH_CHARS = 400;
/** 250 GB as Microsoft counts it (its errors quote the older 10 GB limit as 10,737,418,240 bytes). */
export const MAX_FILE_BYTES = 250 * 1024 ** 3;

const INVALID_CHARS = ['"', '*', ':', '<', '>', '?', '/', '\\', '|'];
const RESERVED = new Set([
  '.lock', 'con', 'prn', 'aux', 'nul', 'desktop.ini',
  ...Array.from({ length: 10 }, (_, i) => `com${i}`),
  ...Array.from({ length: 10 }, (_, i) => `lpt${i}`),
]);

export interface NameCheckOptions {
  /** Defaults to personal. Business and SharePoint libraries add the leading-`~` and root `forms` rules. */
  driveType?: DriveType;
  /** The name sits directly at the root of the drive (library). */
  atRoot?: boolean;
}

const renameHint = 'Rename it on this computer and it will sync.';

/** Every problem with one file or folder name, in the order a person would fix them. */
export function checkName(name: string, opts: NameCheckOptions = {}): NameProblem[] {
  const driveType = opts.driveType ?? 'personal';
  const problems: NameProblem[] = [];
  const add = (kind: NameProblem['kind'], why: string) => problems.push({ kind, name, reason: `"${name}" ${why}` });
  if (name === '') {
    problems.push({ kind: 'empty-name', name, reason: 'A file or folder name is empty; OneDrive needs at least one character.' });
    return problems;
  }
  const bad = INVALID_CHARS.filter((c) => name.includes(c));
  if (bad.length) {
    add('invalid-character', `contains ${bad.map((c) => `"${c}"`).join(', ')}, which OneDrive does not allow in names. ` +
      `${renameHint} (Or turn on name encoding, which stores look-alike characters instead.)`);
  }
  if (name.startsWith(' ')) add('leading-space', `starts with a space, which OneDrive does not allow. ${renameHint}`);
  if (name.endsWith(' ')) add('trailing-space', `ends with a space, which OneDrive does not allow. ${renameHint}`);
  if (name.endsWith('.')) add('trailing-dot', `ends with a dot, which OneDrive does not allow. ${renameHint}`);
  if (driveType !== 'personal' && name.startsWith('~')) {
    add('leading-tilde', `starts with "~", which OneDrive for work or school does not allow. ${renameHint}`);
  }
  const lower = name.toLowerCase();
  if (RESERVED.has(lower)) {
    add('reserved-name', `is a name OneDrive reserves (like CON, PRN, AUX, NUL, COM0-9, LPT0-9, .lock, desktop.ini). ${renameHint}`);
  }
  if (name.startsWith('~$')) {
    add('office-lock-name', 'starts with "~$", which marks an Office lock file; OneDrive refuses such names. ' +
      'If it is a leftover from an open document, close the document; otherwise rename it.');
  }
  if (lower.includes('_vti_')) add('vti-name', `contains "_vti_", which OneDrive reserves. ${renameHint}`);
  if (opts.atRoot && driveType !== 'personal' && lower === 'forms') {
    add('forms-at-root', 'cannot be used at the top of a SharePoint or OneDrive for work or school library. ' +
      'Rename it or move it into a subfolder.');
  }
  return problems;
}

/**
 * Problems with a whole path relative to the drive root (`a/b/c.txt`, names as stored on OneDrive): every
 * component's, plus the length limit.
 */
export function checkPath(path: string, opts: Omit<NameCheckOptions, 'atRoot'> = {}): NameProblem[] {
  const parts = path.split('/').filter((p, i, all) => p !== '' || (i > 0 && i < all.length - 1));
  const problems = parts.flatMap((p, i) => checkName(p, { ...opts, atRoot: i === 0 }));
  if (path.length > MAX_PATH_CHARS) {
    problems.push({
      kind: 'path-too-long',
      name: path,
      reason: `The path "${path}" is ${path.length} characters long; OneDrive allows at most ${MAX_PATH_CHARS} for the ` +
        'whole path including the file name. Shorten some folder or file names, or move it higher in the tree.',
    });
  }
  return problems;
}

/** A file larger than OneDrive accepts, or undefined. */
export function checkSize(name: string, size: number): NameProblem | undefined {
  if (size <= MAX_FILE_BYTES) return undefined;
  const gb = (n: number) => (n / 1024 ** 3).toFixed(1);
  return {
    kind: 'file-too-large',
    name,
    reason: `"${name}" is ${gb(size)} GB; OneDrive accepts files up to 250 GB. ` +
      'It will not be uploaded: split or compress it, or keep it out of the synced folder.',
  };
}
