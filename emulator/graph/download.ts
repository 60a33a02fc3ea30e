import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGraphError, type Handler } from '../http.js';
import { downloadBase, isDownloadPath } from './content-hosts.js';
import { contentState, type ContentState } from './content-state.js';
import type { GraphContext } from './context.js';
import type { Content, Item, Version } from './model.js';
import type { ItemRouteArgs } from './plugins.js';
import { cTagOf, eTagOf } from './serialize.js';

// Downloads as the service does them: GET .../content answers 302 to a short-lived URL that needs no
// Authorization (it carries a signature instead) and honours Range and If-None-Match.

function sign(state: ContentState, item: string, version: string, expires: number): string {
  return createHmac('sha256', state.key).update(`${item}\n${version}\n${expires}`).digest('base64url');
}

// Listings put a download URL on every file: reuse a signed URL while more than half its life is left.
const recent = new WeakMap<Version, { origin: string; url: string; until: number; lifetime: number }>();

/** The pre-authenticated URL of an item's current content, or of one of its versions. */
export function downloadUrlFor(ctx: GraphContext, item: Item, origin: string, versionId?: string): string | undefined {
  if (item.kind !== 'file' || !item.content || item.versions.length === 0) return undefined;
  const current = versionId === undefined ? item.versions[item.versions.length - 1]! : undefined;
  const now = Date.now();
  const state = contentState(ctx);
  const lifetime = state.settings.downloadUrlLifetimeMs;
  const cached = current && recent.get(current);
  if (cached && cached.origin === origin && cached.until > now && cached.lifetime === lifetime) return cached.url;
  const version = versionId ?? current!.id;
  const expires = Math.floor((now + lifetime) / 1000);
  const q = new URLSearchParams({ item: item.id, v: version, e: String(expires), tempauth: sign(state, item.id, version, expires) });
  const url = `${downloadBase(origin, ctx.store.driveOf(item))}?${q.toString()}`;
  if (current) recent.set(current, { origin, url, until: now + lifetime / 2, lifetime });
  return url;
}

function refuseMalware(state: ContentState, item: Item, req: IncomingMessage, res: ServerResponse): boolean {
  if (!state.malware.has(item.id)) return false;
  sendGraphError(res, 403, 'malwareDetected', 'Malware detected in the file; it cannot be downloaded.', { req, headers: { 'x-virus-infected': 'true' } });
  return true;
}

/** GET .../content and GET .../versions/{id}/content: 302 to the download URL. */
export function contentRedirect(ctx: GraphContext, a: ItemRouteArgs, versionId?: string): void {
  const { req, res } = a;
  const item = a.target.item!;
  if (item.kind !== 'file') {
    const what = item.kind === 'package' ? 'A OneNote notebook' : 'A folder';
    return sendGraphError(res, 400, 'invalidRequest', `${what} has no content to download.`, { req });
  }
  if (refuseMalware(contentState(ctx), item, req, res)) return;
  const noneMatch = req.headers['if-none-match'];
  if (!versionId && noneMatch && (noneMatch === eTagOf(ctx.store, item) || noneMatch === cTagOf(ctx.store, item))) {
    res.writeHead(304, { etag: noneMatch }).end();
    return;
  }
  if (versionId && !item.versions.some((v) => v.id === versionId)) {
    return sendGraphError(res, 404, 'itemNotFound', 'The version was not found.', { req });
  }
  res.writeHead(302, { location: downloadUrlFor(ctx, item, a.origin, versionId)!, 'content-length': 0 }).end();
}

type Range = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One byte range ("a-b", "a-", "-n"); several ranges get the whole body, as RFC 9110 allows. */
function parseRange(header: string | undefined, size: number): Range {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number, end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

const ZEROS = Buffer.alloc(1024 * 1024);

/** Writes [start, end] of the content; sparse seeded files are zeros made on the fly. */
function sendBytes(res: ServerResponse, content: Content, start: number, end: number): void {
  if (content.data) {
    res.end(content.data.subarray(start, end + 1));
    return;
  }
  let left = end - start + 1;
  const more = (): void => {
    while (left > 0) {
      const n = Math.min(left, ZEROS.length);
      left -= n;
      if (left === 0) { res.end(ZEROS.subarray(0, n)); return; }
      if (!res.write(ZEROS.subarray(0, n))) { res.once('drain', more); return; }
    }
    res.end();
  };
  more();
}

/** The download URL itself: no Authorization, a signature that expires. */
export function downloadRoute(ctx: GraphContext): Handler {
  const state = contentState(ctx);
  return (req, res, url) => {
    if (!isDownloadPath(url.pathname)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendGraphError(res, 405, 'invalidRequest', 'Download URLs take GET.', { req });
      return true;
    }
    const p = url.searchParams;
    const [id, version, expires, auth] = [p.get('item') ?? '', p.get('v') ?? '', Number(p.get('e')), p.get('tempauth') ?? ''];
    const want = Buffer.from(sign(state, id, version, expires));
    const given = Buffer.from(auth);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      sendGraphError(res, 401, 'unauthenticated', 'The download URL is not valid.', { req });
      return true;
    }
    if (expires * 1000 <= Date.now()) {
      sendGraphError(res, 401, 'unauthenticated', 'The download URL has expired; ask for the item again.', { req });
      return true;
    }
    const item = ctx.store.get(id);
    const v = item?.versions.findLast((x) => x.id === version);
    if (!item || !v) {
      sendGraphError(res, 404, 'itemNotFound', 'The item or version no longer exists.', { req });
      return true;
    }
    if (refuseMalware(state, item, req, res)) return true;
    const content = v.content;
    const etag = `"{${item.guid.toUpperCase()}},${version}"`;
    const headers: Record<string, string | number> = {
      etag, 'accept-ranges': 'bytes', 'content-type': item.mimeType ?? 'application/octet-stream',
      'last-modified': new Date(v.lastModifiedDateTime).toUTCString(),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    const range = parseRange(req.headers.range, content.size);
    if (range === 'unsatisfiable') {
      sendGraphError(res, 416, 'invalidRange', 'The requested range is not satisfiable.', { req, headers: { 'content-range': `bytes */${content.size}` } });
      return true;
    }
    const [start, end] = range ? [range.start, range.end] : [0, content.size - 1];
    headers['content-length'] = Math.max(0, end - start + 1);
    if (range) headers['content-range'] = `bytes ${start}-${end}/${content.size}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || content.size === 0) res.end();
    else sendBytes(res, content, start, end);
    return true;
  };
}
