/** What went wrong with a local file, in terms the engine and the UI can act on. */
export type FsErrorKind =
  | 'not-found'
  | 'exists'
  | 'permission'
  | 'no-space'
  | 'io'
  | 'not-a-folder'
  | 'is-a-folder'
  | 'not-empty'
  | 'cross-device'
  | 'busy'
  | 'name-too-long'
  | 'loop'
  | 'changed'
  | 'other';

export class FsError extends Error {
  constructor(
    readonly kind: FsErrorKind,
    readonly path: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'FsError';
  }
}

const KIND_BY_CODE: Record<string, FsErrorKind> = {
  ENOENT: 'not-found',
  EEXIST: 'exists',
  EACCES: 'permission',
  EPERM: 'permission',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
  EIO: 'io',
  ENOTDIR: 'not-a-folder',
  EISDIR: 'is-a-folder',
  ENOTEMPTY: 'not-empty',
  EXDEV: 'cross-device',
  EBUSY: 'busy',
  ENAMETOOLONG: 'name-too-long',
  ELOOP: 'loop',
};

const ADVICE: Record<FsErrorKind, string> = {
  'not-found': 'it no longer exists (deleted or moved meanwhile)',
  exists: 'something with that name already exists',
  permission: 'permission denied; check that your user may read and write it',
  'no-space': 'the disk is full; free some space and sync will continue',
  io: 'the disk reported an input/output error; check the drive',
  'not-a-folder': 'a part of the path is a file, not a folder',
  'is-a-folder': 'it is a folder, not a file',
  'not-empty': 'the folder is not empty',
  'cross-device': 'it is on another disk',
  busy: 'it is in use by another program',
  'name-too-long': 'the name is too long for this disk',
  loop: 'it is a symbolic link loop',
  changed: 'it changed since it was checked; it will be looked at again',
  other: 'an unexpected error',
};

export function fsErrorFromCode(code: string, op: string, path: string, detail?: string): FsError {
  const kind = KIND_BY_CODE[code] ?? 'other';
  const tail = kind === 'other' && detail ? `${ADVICE.other} (${detail})` : ADVICE[kind];
  return new FsError(kind, path, `Cannot ${op} "${path}": ${tail}.`, code);
}

/** Turns whatever node:fs threw into an FsError; FsErrors pass through untouched. */
export function toFsError(e: unknown, op: string, path: string): FsError {
  if (e instanceof FsError) return e;
  const err = e as NodeJS.ErrnoException | undefined;
  return fsErrorFromCode(err?.code ?? 'UNKNOWN', op, path, err?.message);
}
