import { GraphError } from '../errors.js';
// Test helpers: tokens from the emulator's admin API (never hand-made), fault rules, the request log.
import type { TokenProvider } from '../client.js';

export interface EmulatorLike {
  adminUrl: string;
  graphUrl: string;
}

export interface CountingTokens {
  provider: TokenProvider;
  calls: { forceRefresh: boolean }[];
}

/** A token provider backed by the emulator: each call (and each forced refresh) asks it for a fresh token. */
export function emulatorTokens(e: EmulatorLike, account?: string): CountingTokens {
  const calls: { forceRefresh: boolean }[] = [];
  let cached: string | undefined;
  const provider: TokenProvider = async (_accountId, opts) => {
    calls.push({ forceRefresh: !!opts?.forceRefresh });
    if (cached && !opts?.forceRefresh) return cached;
    const r = await fetch(`${e.adminUrl}/tokens`, { method: 'POST', body: JSON.stringify(account ? { account } : {}) });
    cached = ((await r.json()) as { access_token: string }).access_token;
    return cached;
  };
  return { provider, calls };
}

export async function expireTokens(e: EmulatorLike): Promise<void> {
  await fetch(`${e.adminUrl}/tokens/expire`, { method: 'POST', body: '{}' });
}

export async function addFault(e: EmulatorLike, rule: Record<string, unknown>): Promise<number> {
  const r = await fetch(`${e.adminUrl}/faults`, { method: 'POST', body: JSON.stringify(rule) });
  if (r.status !== 201) throw new Error(`fault rule refused: ${await r.text()}`);
  return ((await r.json()) as { value: { id: number } }).value.id;
}

export async function faults(e: EmulatorLike): Promise<{ id: number; seen: number; fired: number }[]> {
  return ((await (await fetch(`${e.adminUrl}/faults`)).json()) as { value: { id: number; seen: number; fired: number }[] }).value;
}

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number;
  fault?: number;
}

export async function requestLog(e: EmulatorLike): Promise<LoggedRequest[]> {
  return ((await (await fetch(`${e.adminUrl}/requests`)).json()) as { value: LoggedRequest[] }).value;
}

/** The GraphError a promise rejects with; anything else (or success) fails the test. */
export async function graphFailure(p: Promise<unknown>): Promise<GraphError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof GraphError)) throw new Error(`expected a GraphError, got ${String(e)}`);
  return e;
}
