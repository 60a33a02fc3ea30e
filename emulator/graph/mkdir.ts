import { readJson, sendGraphError, sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import type { ConflictBehavior, FileSystemInfo } from './model.js';
import type { ItemRouteArgs } from './plugins.js';
import { sendFailure } from './request.js';
import { driveItemJson } from './serialize.js';

interface CreateBody {
  name?: unknown;
  folder?: unknown;
  fileSystemInfo?: Partial<FileSystemInfo>;
}

export function conflictBehavior(v: unknown, dflt: ConflictBehavior): ConflictBehavior | undefined {
  if (v === undefined || v === null || v === '') return dflt;
  return v === 'fail' || v === 'replace' || v === 'rename' ? v : undefined;
}

// Graph's spelling and the OneDrive API's; the service honours both (rclone and abraunegg send the latter).
const SPELLINGS = ['@microsoft.graph.conflictBehavior', '@name.conflictBehavior'];

/** The conflict rule from a JSON body (or its `item`) or the query string, either spelling; undefined if invalid. */
export function readConflict(body: unknown, url: URL, dflt: ConflictBehavior): ConflictBehavior | undefined {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const item = (b.item && typeof b.item === 'object' ? b.item : {}) as Record<string, unknown>;
  for (const key of SPELLINGS) {
    const v = b[key] ?? item[key] ?? url.searchParams.get(key);
    if (v !== undefined && v !== null) return conflictBehavior(v, dflt);
  }
  return dflt;
}

/**
 * POST /children {name, folder:{}}: a new folder. When the name is taken by a folder and the rule is
 * "fail", personal answers 200 with the existing folder while business answers 409 nameAlreadyExists.
 */
export async function createFolder(ctx: GraphContext, a: ItemRouteArgs): Promise<void> {
  const parent = a.target.item!;
  const body = await readJson<CreateBody>(a.req).catch(() => undefined);
  if (!body || typeof body.name !== 'string' || typeof body.folder !== 'object' || body.folder === null) {
    sendGraphError(a.res, 400, 'invalidRequest', 'A name and a folder facet are required to create a folder.', { req: a.req });
    return;
  }
  const conflict = readConflict(body, a.url, 'fail');
  if (!conflict) {
    sendGraphError(a.res, 400, 'invalidRequest', 'Invalid conflict behavior.', { req: a.req });
    return;
  }
  const sctx = serializeContext(ctx, a.req);
  const existing = ctx.store.childByName(parent, body.name);
  if (existing && conflict === 'fail' && !ctx.store.business && existing.kind === 'folder' && parent.kind === 'folder') {
    sendJson(a.res, 200, driveItemJson(sctx, existing));
    return;
  }
  const made = ctx.store.createFolder(parent, body.name, { by: a.accountId, conflict, fsInfo: body.fileSystemInfo });
  if (!made.ok) return sendFailure(a.res, a.req, made);
  sendJson(a.res, 201, driveItemJson(sctx, made.value));
}
