/** What can be wrong with a name or path for OneDrive, as values the UI can show and act on. */
export type NameProblemKind =
  | 'empty-name'
  | 'invalid-character'
  | 'leading-space'
  | 'trailing-space'
  | 'trailing-dot'
  | 'leading-tilde'
  | 'reserved-name'
  | 'office-lock-name'
  | 'vti-name'
  | 'forms-at-root'
  | 'path-too-long'
  | 'file-too-large'
  | 'case-collision'
  | 'not-reversible';

export interface NameProblem {
  kind: NameProblemKind;
  /** The name (or path, for path-too-long) the problem is about, as the user knows it. */
  name: string;
  /** One or two sentences: which name, why OneDrive refuses it, what to do. */
  reason: string;
}

export type DriveType = 'personal' | 'business' | 'documentLibrary';
