import { GraphError, errorFromResponse, isNetworkReset, networkError } from './errors.js';
import type { GraphErrorBody } from './errors.js';
import { defaultBandwidth } from './bandwidth.js';
import type { AccountBandwidth } from './bandwidth.js';
import { meteredBody, meterResponse } from './metered.js';
import { cancelled, defaultPacers, sleep } from './pacer.js';
import type { ThrottleEvent , Pacer} from './pacer.js';

/** What core/auth provides: a valid access token for an account, fetched anew when `forceRefresh`. */
export type TokenProvider = (accountId: string, opts?: { forceRefresh?: boolean }) => Promise<string>;

export interface GraphClientOptions {
  accountId: string;
  tokens: TokenProvider;
  /** Graph base with the version, e.g. https://graph.microsoft.com/v1.0 (see graphBaseUrl). */
  baseUrl: string;
  /** Defaults to the process-wide pacer of the account. */
  pacer?: Pacer;
  /** Defaults to the process-wide upload and download budgets of the account (no limit until one is set). */
  bandwidth?: AccountBandwidth;
  /** Per request, until the answer is read (streamed bodies: until the headers; a paced upload: since its last piece). */
  timeoutMs?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is; must be re-sendable, so retries can send it again. */
  body?: Uint8Array | string;
  headers?: Record<string, string>;
  /** Send the bearer token (default true). Upload session URLs and download URLs must not get it. */
  auth?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Override the client's retry count (0: no retries). */
  retries?: number;
  /** Retry network resets (default true). Upload chunks turn it off: they resume from the server's ranges. */
  retryNetwork?: boolean;
  /** Statuses that are answers, not errors (e.g. 302 when following a download by hand). */
  accept?: number[];
  redirect?: 'follow' | 'manual' | 'error';
  /** The path or name the request is about, for error messages. */
  item?: string;
  /** Bytes of a binary body handed to the connection so far, per piece (256 KiB or less); again from 0 on a retry. */
  onBodySent?: (sent: number) => void;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504, 509]);

/**
 * HTTP to Microsoft Graph for one account: every request goes through the account's pacer, carries a
 * timeout, is retried with backoff and jitter when Graph or the network says so, and fails as a GraphError.
 */
export class GraphClient {
  readonly accountId: string;
  readonly baseUrl: string;
  readonly pacer: Pacer;
  readonly bandwidth: AccountBandwidth;
  private readonly tokens: TokenProvider;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(o: GraphClientOptions) {
    this.accountId = o.accountId;
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.tokens = o.tokens;
    this.pacer = o.pacer ?? defaultPacers.for(o.accountId);
    this.bandwidth = o.bandwidth ?? defaultBandwidth.for(o.accountId);
    this.timeoutMs = o.timeoutMs ?? 60_000;
    this.maxRetries = o.maxRetries ?? 8;
    this.backoffBaseMs = o.backoffBaseMs ?? 250;
    this.backoffMaxMs = o.backoffMaxMs ?? 30_000;
    this.fetchImpl = o.fetch ?? fetch;
  }

  onThrottle(listener: (e: ThrottleEvent) => void): () => void {
    return this.pacer.onThrottle(listener);
  }

  /** Absolute URL for a Graph path (paths start with /, absolute URLs pass through). */
  url(pathOrUrl: string, query?: RequestOptions['query']): string {
    const u = new URL(/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Sends and parses the JSON answer (undefined for an empty one). */
  json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return this.send(method, path, opts, async (res) => {
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    });
  }

  /**
   * Sends and hands back the answer with its body unread (downloads); the timeout covers only the headers.
   * `res.body` is read at the pace of the account's download budget.
   */
  stream(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    return this.send(method, path, opts, async (res) => (res.status === 200 || res.status === 206 ? meterResponse(res, this.bandwidth.down, opts.signal) : res), true);
  }

  private async send<T>(method: string, path: string, o: RequestOptions, consume: (res: Response) => Promise<T>, streaming = false): Promise<T> {
    const url = this.url(path, o.query);
    const auth = o.auth ?? true;
    const maxRetries = o.retries ?? this.maxRetries;
    const headers: Record<string, string> = { ...o.headers };
    let body: Uint8Array | string | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    }
    let attempt = 0;
    let refreshed = false;
    let forceRefresh = false;

    for (;;) {
      const paced = body instanceof Uint8Array && body.length > 0 && this.bandwidth.up.rate !== null;
      const release = await this.pacer.acquire(o.signal, auth, paced);
      const timeout = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      // Re-armed by every piece of a paced body: a slow limit must not look like a server that does not answer.
      const arm = () => {
        if (settled) return;
        clearTimeout(timer);
        timer = setTimeout(() => timeout.abort(), o.timeoutMs ?? this.timeoutMs);
      };
      arm();
      const signal = o.signal ? AbortSignal.any([o.signal, timeout.signal]) : timeout.signal;
      try {
        if (auth) headers.authorization = `Bearer ${await this.token(forceRefresh)}`;
        forceRefresh = false;
        let res: Response;
        try {
          res = await this.fetchImpl(url, { method, headers, signal, redirect: o.redirect ?? 'follow', ...this.body(body, headers, o, signal, arm) });
        } catch (err) {
          if (o.signal?.aborted) throw cancelled();
          const timedOut = timeout.signal.aborted;
          if ((timedOut || isNetworkReset(err)) && (o.retryNetwork ?? true) && attempt < maxRetries) {
            attempt++;
            await sleep(this.backoff(attempt), o.signal);
            continue;
          }
          if (timedOut) throw new GraphError({ kind: 'timeout', message: `OneDrive did not answer within ${Math.round((o.timeoutMs ?? this.timeoutMs) / 1000)} s: check the network and try again.`, item: o.item });
          throw networkError(err, o.item);
        }
        if (res.ok || o.accept?.includes(res.status)) {
          if (streaming) clearTimeout(timer);
          return await consume(res);
        }
        const errBody = await readErrorBody(res);
        if (res.status === 401 && auth && !refreshed && isExpiredToken(res, errBody)) {
          refreshed = true;
          forceRefresh = true;
          continue;
        }
        if (RETRY_STATUS.has(res.status) && attempt < maxRetries) {
          attempt++;
          const ra = retryAfterMs(res.headers.get('retry-after'));
          if (ra !== undefined && (res.status === 429 || res.status === 503)) this.pacer.pauseUntil(Date.now() + ra);
          else await sleep(this.backoff(attempt), o.signal);
          continue;
        }
        throw errorFromResponse(res.status, errBody, { item: o.item, headers: res.headers, method });
      } catch (err) {
        if (err instanceof GraphError) throw err;
        if (o.signal?.aborted) throw cancelled();
        if (timeout.signal.aborted) throw new GraphError({ kind: 'timeout', message: 'OneDrive took too long to send its answer: try again.', item: o.item });
        throw networkError(err, o.item);
      } finally {
        settled = true;
        clearTimeout(timer);
        release();
      }
    }
  }

  /**
   * File content (a binary body) goes in pieces under the account's upload budget, reporting progress, when a
   * limit is set or progress is asked for; anything else goes as is. Content-Length stays exact: Graph's upload
   * URLs refuse chunked bodies.
   */
  private body(body: Uint8Array | string | undefined, headers: Record<string, string>, o: RequestOptions, signal: AbortSignal, arm: () => void): { body?: RequestInit['body']; duplex?: 'half' } {
    if (!(body instanceof Uint8Array) || body.length === 0 || (this.bandwidth.up.rate === null && !o.onBodySent)) return { body };
    const onSent = (n: number) => {
      arm();
      o.onBodySent?.(n);
    };
    headers['content-length'] = String(body.length);
    return { body: meteredBody(body, this.bandwidth.up, onSent, signal), duplex: 'half' };
  }

  private async token(forceRefresh: boolean): Promise<string> {
    try {
      return await this.tokens(this.accountId, forceRefresh ? { forceRefresh: true } : undefined);
    } catch (err) {
      if (err instanceof GraphError) throw err;
      const kind = (err as { kind?: string }).kind === 'reconnect' ? 'reconnect' : 'auth';
      throw new GraphError({ kind, message: (err as Error).message || 'Could not get a sign-in token: sign in again.', detail: String((err as { code?: string }).code ?? '') });
    }
  }

  /** Equal jitter: between half and all of the exponential ceiling, so clients that failed together spread out. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

async function readErrorBody(res: Response): Promise<GraphErrorBody | undefined> {
  try {
    const text = await res.text();
    return text ? (JSON.parse(text) as GraphErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function isExpiredToken(res: Response, body: GraphErrorBody | undefined): boolean {
  if (/expired_token/i.test(res.headers.get('www-authenticate') ?? '')) return true;
  const e = body?.error;
  return e?.code === 'InvalidAuthenticationToken' || /expired/i.test(e?.message ?? '');
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
