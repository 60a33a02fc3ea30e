import { isGraphError } from '../../graph/errors.js';
import { RemoteError } from '../remote/errors.js';

/** What a pair's engine is doing, for the tray icon and the status line. */
export type EngineState =
  /** `message`: up to date, but with something the user should know (the folder watcher gave out, say). */
  | { state: 'idle'; lastSyncMs: number | null; message?: string }
  | { state: 'scanning' }
  | { state: 'syncing' }
  /** untilMs null: until resumed. */
  | { state: 'paused'; untilMs: number | null }
  | { state: 'throttled'; untilMs: number; message: string }
  | { state: 'offline'; message: string }
  | { state: 'needs-sign-in'; message: string }
  /** The big-delete guard holds the plan until the user confirms (`approveHeld()`, or --force). */
  | { state: 'held'; deletes: number; total: number; message: string };

/** A failed pass as a state: what the user can act on (wait, reconnect, sign in) rather than a bare error. */
export function stateOfError(e: unknown, now: number): EngineState | null {
  const message = (e as Error)?.message ?? String(e);
  if (e instanceof RemoteError) {
    if (e.kind === 'throttled') return { state: 'throttled', untilMs: now + (e.retryAfterMs ?? 60_000), message };
    if (e.kind === 'unauthenticated') return { state: 'needs-sign-in', message };
    if (e.kind === 'network') return { state: 'offline', message };
    return null;
  }
  if (isGraphError(e)) {
    if (e.kind === 'throttled') return { state: 'throttled', untilMs: now + 60_000, message };
    if (e.kind === 'auth' || e.kind === 'reconnect') return { state: 'needs-sign-in', message };
    if (e.kind === 'network' || e.kind === 'timeout') return { state: 'offline', message };
  }
  return null;
}
