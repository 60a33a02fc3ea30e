import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readJson, sendGraphError, sendJson } from '../http.js';
import type { GraphContext } from './context.js';
import type { Item } from './model.js';
import { readConflict } from './mkdir.js';
import type { ItemRouteArgs } from './plugins.js';
import { sendFailure } from './request.js';
import { TENANT_HOST } from './setup.js';

interface CopyBody {
  parentReference?: { driveId?: string; id?: string; path?: string };
  name?: unknown;
}

/**
 * POST /copy: 202 with a Location monitor URL that needs no Authorization (rclone polls it with a plain
 * http.Get). The copy itself happens at once; the monitor answers "completed" with the new item's id.
 */
export async function copyItem(ctx: GraphContext, a: ItemRouteArgs): Promise<void> {
  const { store } = ctx;
  const src = a.target.item!;
  const body = (await readJson<CopyBody>(a.req).catch(() => undefined)) ?? {};
  const ref = body.parentReference ?? {};
  // An empty driveId (rclone sends "") means the drive of the request.
  const drive = ref.driveId ? store.getDrive(ref.driveId) : a.target.drive;
  let parent: Item | undefined;
  if (drive) {
    if (ref.id) parent = ref.id === 'root' ? store.root(drive) : store.get(ref.id);
    else if (ref.path) parent = store.resolvePath(store.root(drive), ref.path.slice(ref.path.indexOf(':') + 1).split('/').map(safeDecode)).item;
    else parent = src.parentId ? store.get(src.parentId) : undefined;
  }
  if (!drive || !parent || parent.driveId !== drive.id) {
    sendGraphError(a.res, 404, 'itemNotFound', 'The destination folder was not found.', { req: a.req });
    return;
  }
  const conflict = readConflict(body, a.url, 'fail');
  if (!conflict) {
    sendGraphError(a.res, 400, 'invalidRequest', 'Invalid conflict behavior.', { req: a.req });
    return;
  }
  const name = typeof body.name === 'string' && body.name ? body.name : src.name;
  const done = store.copy(src, parent, name, conflict, a.accountId);
  if (!done.ok) return sendFailure(a.res, a.req, done);
  const id = randomUUID();
  ctx.copyJobs.set(id, { id, status: 'completed', percentageComplete: 100, resourceId: done.value.id });
  a.res.writeHead(202, { location: monitorUrl(a.origin, store.business, id), 'content-length': 0 });
  a.res.end();
}

/**
 * Where the monitor lives. Reached as graph.microsoft.com (through the TLS proxy), the URL names the host the
 * real service uses, so a client that wrongly sends its token there is seen on another host, as in real life;
 * reached directly (tests on loopback), it stays on our origin. Both forms route here by path.
 */
export function monitorUrl(origin: string, business: boolean, id: string): string {
  if (new URL(origin).hostname !== 'graph.microsoft.com') return `${origin}/monitor/${id}`;
  return business ? `https://${TENANT_HOST}-my.sharepoint.com/_api/v2.0/monitor/${id}` : `https://api.onedrive.com/v1.0/monitor/${id}`;
}

/** GET the status of a copy (no Authorization needed): /monitor/{id}, /_api/v2.0/monitor/{id}, /v1.0/monitor/{id}. */
export function copyMonitorRoute(ctx: GraphContext, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const m = /^(?:\/_api\/v2\.0|\/v1\.0)?\/monitor\/([0-9a-f-]+)$/.exec(url.pathname);
  if (!m || req.method !== 'GET') return false;
  const job = ctx.copyJobs.get(m[1]!);
  if (!job) {
    sendGraphError(res, 404, 'itemNotFound', 'The monitor was not found.', { req });
    return true;
  }
  sendJson(res, job.status === 'completed' ? 200 : 202, {
    operation: 'ItemCopy', status: job.status, percentageComplete: job.percentageComplete,
    ...(job.resourceId ? { resourceId: job.resourceId } : {}),
    ...(job.errorCode ? { error: { code: job.errorCode } } : {}),
  });
  return true;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
