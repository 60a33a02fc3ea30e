// Helpers for the content tests: an in-process emulator, a token, and Graph calls with it.
import { startEmulator, type Emulator } from '../server.js';
import type { EmulatorOptions, Profile } from '../options.js';

export interface Kit {
  e: Emulator;
  token: string;
  /** fetch on the Graph base with the bearer token; `path` starts with "/". */
  g(path: string, init?: RequestInit): Promise<Response>;
  json<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<T>;
  /** A file made by simple upload at the drive root. */
  put(name: string, data: Uint8Array | string, query?: string): Promise<Response>;
  admin(path: string, body?: unknown): Promise<Response>;
}

export async function startKit(profile: Profile, options: Partial<EmulatorOptions> = {}): Promise<Kit> {
  const e = await startEmulator({ profile, ...options });
  const r = await fetch(`${e.adminUrl}/tokens`, { method: 'POST', body: '{}' });
  const token = ((await r.json()) as { access_token: string }).access_token;
  const g = (path: string, init: RequestInit = {}) =>
    fetch(`${e.graphUrl}${path}`, { redirect: 'manual', ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });
  return {
    e, token, g,
    json: async <T>(path: string, init?: RequestInit) => (await (await g(path, init)).json()) as T,
    put: (name, data, query = '') => g(`/me/drive/root:/${encodeURIComponent(name)}:/content${query}`, { method: 'PUT', body: typeof data === 'string' ? data : Buffer.from(data) }),
    admin: (path, body) => fetch(`${e.adminUrl}${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) }),
  };
}

/** Deterministic bytes (no randomness in tests). */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; b[i] = x >>> 24; }
  return b;
}
