// The request log tests read to see what a client really sent: method, path, status, time. Never headers,
// never bodies; secrets in URLs (upload session and download URLs are capabilities) are blanked.

export interface RequestEntry {
  seq: number;
  /** When the request arrived (ISO). */
  time: string;
  method: string;
  /** Path and query as sent, secrets redacted. */
  path: string;
  /** 0 when the connection closed before an answer was sent. */
  status: number;
  ms: number;
  /** The fault rule that fired for it, if any. */
  fault?: number;
}

const SECRET_PARAM = /^(access_token|token|tempauth|code|client_secret|refresh_token|password|sig|key)$/i;
// Session and download capabilities are long random base64url strings; item ids are shorter or contain "!".
const SECRET_SEGMENT = /^[A-Za-z0-9_-]{40,}$/;

export function redact(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const safePath = path.split('/').map((s) => (SECRET_SEGMENT.test(s) ? '[redacted]' : s)).join('/');
  if (q < 0) return safePath;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  for (const k of [...params.keys()]) if (SECRET_PARAM.test(k)) params.set(k, '[redacted]');
  return `${safePath}?${params.toString()}`;
}

/** The last `capacity` requests, oldest first. */
export class RequestLog {
  private entries: RequestEntry[] = [];
  private seq = 0;
  constructor(private readonly capacity = 10_000) {}

  start(method: string, rawPath: string): RequestEntry {
    const e: RequestEntry = { seq: ++this.seq, time: new Date().toISOString(), method, path: redact(rawPath), status: 0, ms: 0 };
    this.entries.push(e);
    // Trim in batches so the log costs O(1) per request.
    if (this.entries.length > this.capacity * 1.25) this.entries = this.entries.slice(-this.capacity);
    return e;
  }

  since(seq = 0): RequestEntry[] {
    return seq <= 0 ? [...this.entries] : this.entries.filter((e) => e.seq > seq);
  }

  clear(): void { this.entries = []; }
}
