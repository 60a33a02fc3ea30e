import { startEmulator, type Emulator } from '../../../emulator/server.js';
import type { EmulatorOptions } from '../../../emulator/options.js';
import { AuthManager, type AuthConfig } from '../manager.js';
import { MemorySecretStore } from './memory-store.js';

export const CLIENT_ID = '3b1f0e0c-2a11-4c6b-9d5a-4f1e8d2b7a90';

/** An emulator plus an AuthManager pointed at it through auth_url / token_url / graph_url overrides. */
export interface Harness {
  emulator: Emulator;
  store: MemorySecretStore;
  logs: string[];
  manager(extra?: Partial<AuthConfig>): AuthManager;
  admin<T = unknown>(path: string, body?: unknown): Promise<T>;
  graph(token: string, path?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const emulator = await startEmulator({ autoApprove: true, ...options });
  const store = new MemorySecretStore();
  const logs: string[] = [];
  const harness: Harness = {
    emulator, store, logs,
    manager: (extra = {}) => new AuthManager({
      store,
      clientId: CLIENT_ID,
      authUrl: `${emulator.origin}/common/oauth2/v2.0/authorize`,
      tokenUrl: `${emulator.origin}/common/oauth2/v2.0/token`,
      graphUrl: emulator.graphUrl,
      log: (level, message) => logs.push(`${level} ${message}`),
      ...extra,
    }),
    async admin<T>(path: string, body?: unknown): Promise<T> {
      const r = await fetch(`${emulator.adminUrl}/auth/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`admin ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    graph: (token, path = '/me/drive') => fetch(`${emulator.graphUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    close: () => emulator.close(),
  };
  return harness;
}

/**
 * A browser with no window, for the auto-approve path: follows the authorize URL (the emulator approves at
 * once), then does what the returned form_post page's script does: posts its hidden fields to the redirect.
 */
export async function formPostBrowser(url: string): Promise<void> {
  const page = await (await fetch(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no form_post page: ${page.slice(0, 200)}`);
  const fields = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(unescape(m[1]!), unescape(m[2]!));
  const target = new URL(unescape(action));
  target.hostname = '127.0.0.1';
  await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
}

/** A browser for the query response mode: follow the authorize URL's 302 to the loopback. */
export async function queryBrowser(url: string): Promise<void> {
  const r = await fetch(url, { redirect: 'manual' });
  const location = r.headers.get('location');
  if (!location) throw new Error(`authorize did not redirect: ${r.status}`);
  const target = new URL(location);
  target.hostname = '127.0.0.1';
  await fetch(target);
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
