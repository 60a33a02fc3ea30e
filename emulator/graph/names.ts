import { fail, type GraphFailure } from './model.js';

// Names and limits as OneDrive and SharePoint enforce them (see graph-onedrive-facts.md, "Names and limits").
export const MAX_PATH_LENGTH = 400;
export const MAX_FILE_SIZE = 250 * 1024 ** 3;

const INVALID_CHARS = /["*:<>?/\\|]/;
const RESERVED = /^(\.lock|con|prn|aux|nul|com[0-9]|lpt[0-9]|desktop\.ini)$/i;

function hasControlChar(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Checks one name; business also refuses a leading `~` and `forms` at a library root. */
export function checkName(name: string, business: boolean, atRoot = false): GraphFailure | undefined {
  if (name.length === 0) return fail(400, 'invalidRequest', 'The name cannot be empty.', 'invalidName');
  if (INVALID_CHARS.test(name) || hasControlChar(name)) {
    return fail(400, 'invalidRequest', 'The provided name cannot contain any illegal characters.', 'nameContainsInvalidCharacters');
  }
  if (name.endsWith('.') || name.endsWith(' ')) {
    return fail(400, 'invalidRequest', `Path (${name}) contains invalid trailing character.`, 'nameContainsInvalidCharacters');
  }
  if (name.startsWith(' ')) {
    return fail(400, 'invalidRequest', `Path (${name}) contains invalid leading character.`, 'nameContainsInvalidCharacters');
  }
  if (business && name.startsWith('~')) {
    return fail(400, 'invalidRequest', 'The provided name cannot contain any illegal characters.', 'nameContainsInvalidCharacters');
  }
  if (RESERVED.test(name) || name.startsWith('~$') || name.toLowerCase().includes('_vti_') || (atRoot && business && name.toLowerCase() === 'forms')) {
    return fail(400, 'invalidRequest', `The name "${name}" is reserved and cannot be used.`, 'invalidName');
  }
  return undefined;
}

/** The whole decoded path ("/A/B/name", without the drive root) is at most 400 characters. */
export function checkPathLength(path: string): GraphFailure | undefined {
  if (path.length > MAX_PATH_LENGTH) {
    return fail(400, 'invalidRequest', 'The length of the full path exceeds the limit of 400 characters.', 'pathIsTooLong');
  }
  return undefined;
}

export function checkFileSize(size: number): GraphFailure | undefined {
  if (size > MAX_FILE_SIZE) {
    return fail(400, 'invalidRequest', 'The file exceeds the maximum file size of 250 GB.', 'maxFileSizeExceeded');
  }
  return undefined;
}

/** "name 1.txt", "name 2.txt", ... as the service renames on conflictBehavior=rename. */
export function renamedCandidate(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} ${n}${name.slice(dot)}` : `${name} ${n}`;
}

const MIME: Record<string, string> = {
  txt: 'text/plain', md: 'text/markdown', json: 'application/json', html: 'text/html', csv: 'text/csv',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', pdf: 'application/pdf',
  zip: 'application/zip', mp4: 'video/mp4', mp3: 'audio/mpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeTypeFor(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return MIME[ext] ?? 'application/octet-stream';
}
