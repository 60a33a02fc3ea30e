/** Kinds of remote failure the engine acts on differently. */
export type RemoteErrorKind =
  /** The delta token was forgotten (410): re-enumerate and compare, never bother the user. */
  | 'resync-required'
  | 'not-found'
  /** Name taken (409) or the item changed since the plan (412): re-observe, then decide again. */
  | 'conflict'
  | 'changed'
  | 'throttled'
  | 'unauthenticated'
  | 'quota'
  | 'hash-mismatch'
  | 'too-large'
  | 'invalid-name'
  | 'path-too-long'
  | 'malware'
  | 'network'
  | 'other';

/** What the server suggested doing after a forgotten token (resyncChangesApplyDifferences / ...UploadDifferences). */
export type ResyncHint = 'apply-differences' | 'upload-differences';

export class RemoteError extends Error {
  readonly retryAfterMs?: number;
  readonly resync?: ResyncHint;

  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    extra: { retryAfterMs?: number; resync?: ResyncHint } = {},
  ) {
    super(message);
    this.name = 'RemoteError';
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.resync !== undefined) this.resync = extra.resync;
  }

  /** Worth trying again later without changing anything. */
  get transient(): boolean {
    return this.kind === 'throttled' || this.kind === 'network';
  }
}

export function isResyncRequired(e: unknown): e is RemoteError {
  return e instanceof RemoteError && e.kind === 'resync-required';
}
