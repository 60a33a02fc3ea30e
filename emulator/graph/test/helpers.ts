import { request } from 'node:http';
import { startEmulator, type Emulator } from '../../server.js';
import type { EmulatorOptions } from '../../options.js';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** An emulator plus a signed-in Graph client for tests: every call goes over HTTP, as a real client's. */
export interface Harness {
  emulator: Emulator;
  token: string;
  /** Graph call relative to /v1.0 (or an absolute URL, e.g. a nextLink). */
  graph<T = Record<string, unknown>>(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer<T>>;
  admin<T = Record<string, unknown>>(path: string, body?: unknown, method?: string): Promise<Answer<T>>;
  close(): Promise<void>;
}

export async function harness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const emulator = await startEmulator(options);
  const call = async <T>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> => {
    const r = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: 'manual',
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as T, headers: r.headers };
  };
  const t = await call<{ access_token: string }>(`${emulator.adminUrl}/tokens`, { method: 'POST', body: {} });
  const token = t.body.access_token;
  return {
    emulator,
    token,
    graph: (path, init = {}) => call(path.startsWith('http') ? path : `${emulator.graphUrl}${path}`, {
      ...init, headers: { authorization: `Bearer ${token}`, ...init.headers },
    }),
    admin: (path, body, method) => call(`${emulator.adminUrl}${path}`, { method: method ?? (body === undefined ? 'GET' : 'POST'), body }),
    close: () => emulator.close(),
  };
}

export type Item = { id: string; name: string; eTag: string; cTag?: string; size: number; folder?: { childCount: number }; file?: { hashes: Record<string, string> }; parentReference: { id?: string; driveId: string; driveType: string; path?: string }; deleted?: unknown; fileSystemInfo: { lastModifiedDateTime: string }; package?: { type: string }; root?: unknown };
export type Page = { value: Item[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

/** A request with headers fetch() will not send (Host), as a TLS proxy in front of the emulator would. */
export function rawRequest<T>(url: string, init: { method?: string; body?: unknown; headers: Record<string, string> }): Promise<Answer<T>> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers = payload ? { ...init.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : init.headers;
    const req = request(url, { method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T, headers: new Headers(res.headers as Record<string, string>) });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function rawGet<T>(url: string, headers: Record<string, string>): Promise<Answer<T>> {
  return rawRequest<T>(url, { headers });
}
