import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGraphError } from '../http.js';
import type { GraphFailure, Item } from './model.js';
import { cTagOf, eTagOf } from './serialize.js';
import type { DriveStore } from './store.js';

/**
 * The origin the client used, for absolute URLs in answers. rclone reaches the emulator through a TLS proxy
 * as https://graph.microsoft.com, so this comes from Host and X-Forwarded-Proto, not from our socket.
 */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  if (!host) return fallback;
  const fwd = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim() || 'http';
  return `${proto}://${host}`;
}

export function sendFailure(res: ServerResponse, req: IncomingMessage, f: GraphFailure, headers?: Record<string, string>): void {
  sendGraphError(res, f.status, f.code, f.message, { req, inner: f.inner, headers });
}

/** If-Match with an eTag or cTag of the item (or "*"): undefined when it holds, else 412. */
export function checkIfMatch(req: IncomingMessage, store: DriveStore, item: Item): GraphFailure | undefined {
  const want = req.headers['if-match'];
  if (!want || want.trim() === '*') return undefined;
  const tags = new Set([eTagOf(store, item), cTagOf(store, item)]);
  const given = want.split(/,(?=\s*(?:"|W\/|a))/).map((t) => t.trim().replace(/^W\//, ''));
  if (given.some((t) => tags.has(t) || tags.has(t.replace(/^"(.*)"$/, '$1')))) return undefined;
  return {
    ok: false, status: 412, code: 'resourceModified',
    message: 'ETag does not match current item\'s value', inner: 'entityTagDoesNotMatch',
  };
}

/** A positive integer query parameter ($top), or the default. */
export function queryInt(url: URL, name: string, dflt: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(url.searchParams.get(name));
  return Number.isInteger(v) && v > 0 ? Math.min(v, max) : dflt;
}

/** Opaque tokens (delta, skiptoken): base64url JSON, so they survive any client's URL handling. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: string | null): T | undefined {
  if (!token) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
