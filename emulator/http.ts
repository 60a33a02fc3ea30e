import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** A route handler: answers and returns true, or returns false to let the next part try. */
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export async function readBody(req: IncomingMessage, limit = 300 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson<T = unknown>(req: IncomingMessage): Promise<T | undefined> {
  const body = await readBody(req, 16 * 1024 * 1024);
  if (body.length === 0) return undefined;
  return JSON.parse(body.toString('utf8')) as T;
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Microsoft Graph's error body: {"error":{"code","message","innerError":{code?,date,request-id,client-request-id}}}. */
export function sendGraphError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  opts: { inner?: string; headers?: Record<string, string>; req?: IncomingMessage } = {},
): void {
  const requestId = randomUUID();
  const innerError: Record<string, string> = {
    date: new Date().toISOString().replace(/\.\d+Z$/, ''),
    'request-id': requestId,
    'client-request-id': String(opts.req?.headers['client-request-id'] ?? requestId),
  };
  if (opts.inner) innerError.code = opts.inner;
  sendJson(res, status, { error: { code, message, innerError } }, { 'request-id': requestId, ...opts.headers });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
