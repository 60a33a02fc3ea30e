/** The last state both sides agreed on for one item of a pair: what reconcile compares against. */
export interface JournalRow {
  /** The local path relative to the pair's folder, `/`-separated. */
  path: string;
  driveId: string;
  itemId: string;
  parentId: string | null;
  /** The remote name (encoded if the local one is not allowed on OneDrive). */
  name: string;
  kind: 'file' | 'dir';
  size: number;
  mtimeMs: number;
  quickXorHash: string | null;
  eTag: string | null;
  cTag: string | null;
  localSize: number;
  localMtimeMs: number;
  localIno: string;
  /**
   * The QuickXorHash of the file here when it differs from OneDrive's (SharePoint rewrote the Office file it was
   * sent, and its version was accepted); absent otherwise. Saving the same bytes here again is then no change.
   */
  localHash?: string | null;
}

export interface PairRecord {
  pairId: string;
  driveId: string;
  remoteRootId: string;
  localRoot: string;
  deltaToken: string | null;
}

export interface SavedUpload {
  path: string;
  url: string;
  offset: number;
  expiresAtMs: number;
  /** The local file as it was when the session began; a different file means start over. */
  localSize: number;
  localMtimeMs: number;
}

export interface PartialDownload {
  itemId: string;
  tempPath: string;
  offset: number;
  eTag: string | null;
}

export interface Failure {
  path: string;
  kind: string;
  message: string;
  attempts: number;
  firstAtMs: number;
  nextAttemptAtMs: number;
}

export type ConflictResolution = 'keep-mine' | 'keep-theirs' | 'keep-both';

export interface ConflictRecord {
  id: number;
  path: string;
  conflictPath: string;
  reason: string;
  atMs: number;
  resolution: ConflictResolution | null;
}

/** One change to the journal; a batch of them is applied in one transaction. */
export type JournalOp =
  | { op: 'put'; row: JournalRow }
  | { op: 'remove'; path: string; subtree?: boolean }
  | { op: 'move'; from: string; to: string }
  | { op: 'token'; token: string | null };
