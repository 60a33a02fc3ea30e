/**
 * What went wrong with a Graph request, as a value the UI can act on: `kind` says what to do (wait, sign in
 * again, rename, free space...), `message` says it to a person.
 */
export type GraphErrorKind =
  | 'throttled'
  | 'auth'
  | 'reconnect'
  | 'not-found'
  | 'conflict'
  | 'quota'
  | 'name'
  | 'path-too-long'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'server'
  | 'precondition'
  | 'refused'
  | 'range'
  | 'resync'
  | 'malware'
  | 'unsupported'
  | 'invalid'
  | 'hash-mismatch';

export class GraphError extends Error {
  readonly kind: GraphErrorKind;
  readonly status: number;
  readonly code: string;
  readonly innerCode: string | undefined;
  /** The path or id the request was about, when known. */
  readonly item: string | undefined;
  /** What the server itself said, for --verbose. */
  readonly detail: string | undefined;

  constructor(init: { kind: GraphErrorKind; message: string; status?: number; code?: string; innerCode?: string; item?: string; detail?: string }) {
    super(init.message);
    this.name = 'GraphError';
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code ?? init.kind;
    this.innerCode = init.innerCode;
    this.item = init.item;
    this.detail = init.detail;
  }
}

export function isGraphError(e: unknown): e is GraphError {
  return e instanceof GraphError;
}

/** Graph's error body: {"error":{"code","message","innerError":{"code"?}}} (inner codes may nest). */
export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { code?: string; innerError?: { code?: string } }; innererror?: { code?: string } };
}

const NAME_CODES = new Set(['invalidPath', 'nameContainsInvalidCharacters', 'invalidName', 'fileNameInvalid']);

/** Turns an HTTP answer Graph gave into a typed error with a sentence for the user. */
export function errorFromResponse(status: number, body: GraphErrorBody | undefined, opts: { item?: string; headers?: Headers; method?: string } = {}): GraphError {
  const e = body?.error;
  const code = e?.code ?? `http${status}`;
  const inner = e?.innerError?.innerError?.code ?? e?.innerError?.code ?? e?.innererror?.code;
  const server = e?.message;
  const what = opts.item ? `"${opts.item}"` : 'the item';
  const mk = (kind: GraphErrorKind, message: string) =>
    new GraphError({ kind, message, status, code, innerCode: inner, item: opts.item, detail: server });

  if (opts.headers?.get('x-virus-infected')) return mk('malware', `OneDrive flagged ${what} as malware and will not let it be downloaded.`);
  if (inner === 'pathIsTooLong') return mk('path-too-long', `The path of ${what} is too long for OneDrive (at most 400 characters): shorten a folder or file name.`);
  if (inner && NAME_CODES.has(inner)) return mk('name', `OneDrive does not accept the name of ${what}: rename it without characters like " * : < > ? / \\ |.`);
  if (code === 'quotaLimitReached' || status === 507) return mk('quota', `Your OneDrive is full, so ${what} could not be stored: free some space or buy more storage.`);
  if (code === 'resyncRequired' || status === 410) return mk('resync', 'OneDrive forgot where the last sync left off: a full rescan is needed.');
  switch (status) {
    case 400:
      if (code === 'nameAlreadyExists') break;
      return mk('invalid', `OneDrive refused the request about ${what}${server ? ` (${server})` : ''}.`);
    case 401: return mk('auth', 'OneDrive no longer accepts the sign-in for this account: sign in again.');
    case 403:
      return mk('refused', `OneDrive refused access to ${what}${server ? ` (${server})` : ''}: check that the account may do this.`);
    case 404: return mk('not-found', `${cap(what)} was not found on OneDrive: it may have been moved or deleted.`);
    case 409: return mk('conflict', `${cap(what)} already exists on OneDrive or clashes with another item: rename one of them.`);
    case 412: return mk('precondition', `${cap(what)} changed on OneDrive since it was last read: refresh and try again.`);
    case 416: return mk('range', `OneDrive did not accept the byte range sent for ${what}.`);
    case 429: return mk('throttled', 'OneDrive is throttling this account (too many requests): Stratus will try again later.');
    case 501: return mk('unsupported', `This drive does not support that operation${server ? ` (${server})` : ''}.`);
  }
  if (code === 'nameAlreadyExists') return mk('conflict', `${cap(what)} already exists on OneDrive: rename one of them.`);
  if (status === 503 || status === 509) return mk('throttled', 'OneDrive is busy or throttling this account: Stratus will try again later.');
  if (status >= 500) return mk('server', `OneDrive had a problem on its side (HTTP ${status}): try again in a few minutes.`);
  return mk('invalid', `OneDrive answered HTTP ${status} for ${what}${server ? ` (${server})` : ''}.`);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** True for the network failures worth retrying: resets, hang-ups, refused connections. */
export function isNetworkReset(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: string }).code;
    if (code && RESET_CODES.has(code)) return true;
    const msg = String((e as Error).message ?? '');
    if (/socket hang up|other side closed|fetch failed|terminated/i.test(msg)) return true;
  }
  return false;
}

export function networkError(err: unknown, item?: string): GraphError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err as Error).message;
  return new GraphError({ kind: 'network', message: 'Could not reach OneDrive (the connection failed or was cut): check the network and try again.', item, detail });
}
