import { readJson, sendGraphError, sendJson } from '../http.js';
import { BodyTooLarge, contentOf, readInto } from './body.js';
import { contentState } from './content-state.js';
import type { GraphContext } from './context.js';
import type { ConflictBehavior, FileSystemInfo, GraphFailure, Item } from './model.js';
import { fail } from './model.js';
import type { ItemRouteArgs } from './plugins.js';
import { checkIfMatch, sendFailure } from './request.js';
import { commitUpload } from './upload-commit.js';
import { newSession, sessionStatus, uploadUrl } from './upload-session.js';

const CONFLICT_PARAM = '@microsoft.graph.conflictBehavior';
// The OneDrive API's spelling of the same annotation, which the service still honours (rclone, abraunegg).
const CONFLICT_PARAM_ONEDRIVE = '@name.conflictBehavior';

function conflictOf(value: unknown): ConflictBehavior | undefined | 'bad' {
  if (value === undefined || value === null || value === '') return undefined;
  return value === 'fail' || value === 'replace' || value === 'rename' ? value : 'bad';
}

interface Destination { parent: Item; name: string; itemId?: string }

/**
 * Where an upload addressed to `target` lands. An existing file is replaced in place only with "replace"
 * (the default for uploads); otherwise the commit applies the rule to the name in its folder.
 */
function destination(ctx: GraphContext, a: ItemRouteArgs, conflict: ConflictBehavior): Destination | GraphFailure {
  const { store } = ctx;
  const { item, parent, leaf } = a.target;
  if (item) {
    if (item.parentId === null) return fail(400, 'invalidRequest', 'Cannot upload content to the root folder.');
    if (item.kind !== 'file') return fail(409, 'nameAlreadyExists', 'A folder or notebook with this name already exists.');
    const ifMatch = checkIfMatch(a.req, store, item);
    if (ifMatch) return ifMatch;
    const folder = store.get(item.parentId)!;
    return conflict === 'replace' ? { parent: folder, name: item.name, itemId: item.id } : { parent: folder, name: item.name };
  }
  if (parent && leaf !== undefined) {
    const named = store.prepareName(parent, leaf, 'rename');
    if (!named.ok) return named;
    return { parent, name: leaf };
  }
  return fail(404, 'itemNotFound', 'Item does not exist');
}

/**
 * A simple PUT by path "upserts": folders missing along the path are made first (OneDrive/onedrive-api-docs
 * issues 82 and 83). Upload sessions do not: their parent folder must exist (issue 364), so they answer 404.
 */
function makeMissingFolders(ctx: GraphContext, a: ItemRouteArgs): Destination | GraphFailure | undefined {
  const m = /\/(root|items\/[^/:]+):\/?(.+?):\/content$/.exec(a.url.pathname);
  if (!m) return undefined;
  const { store } = ctx;
  let cur = m[1] === 'root' ? store.root(a.target.drive) : store.get(decodeURIComponent(m[1]!.slice('items/'.length)));
  if (!cur || cur.driveId !== a.target.drive.id) return undefined;
  let names: string[];
  try {
    names = m[2]!.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return fail(400, 'invalidRequest', 'The path is not valid.', 'invalidPath');
  }
  for (const name of names.slice(0, -1)) {
    const next: Item | GraphFailure | undefined = store.childByName(cur, name) ?? (() => {
      const made = store.createFolder(cur!, name, { by: a.accountId });
      return made.ok ? made.value : made;
    })();
    if ('ok' in next) return next;
    if (next.kind !== 'folder') return fail(409, 'nameAlreadyExists', `${name} is a file, not a folder.`);
    cur = next;
  }
  return { parent: cur, name: names[names.length - 1]! };
}

/** PUT .../content: a whole file in one request (new by path, or replacing by id or path). */
export async function simpleUpload(ctx: GraphContext, a: ItemRouteArgs): Promise<void> {
  const { req, res } = a;
  const conflict = conflictOf(a.url.searchParams.get(CONFLICT_PARAM) ?? a.url.searchParams.get(CONFLICT_PARAM_ONEDRIVE));
  if (conflict === 'bad') return sendGraphError(res, 400, 'invalidRequest', 'conflictBehavior is fail, replace or rename.', { req });
  const limit = contentState(ctx).settings.simpleUploadLimit;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    return sendGraphError(res, 413, 'invalidRequest', `A simple upload takes at most ${limit} bytes; use an upload session.`, { req, inner: 'maxFileSizeExceeded' });
  }
  const quota = ctx.store.checkQuota(a.target.drive, declared);
  if (quota) return sendFailure(res, req, quota);
  const missing = !a.target.item && !a.target.parent;
  const dest = (missing ? makeMissingFolders(ctx, a) : undefined) ?? destination(ctx, a, conflict ?? 'replace');
  if ('ok' in dest) return sendFailure(res, req, dest);
  let data: Buffer;
  try {
    data = (await readInto(req, limit)).buf;
  } catch (err) {
    if (err instanceof BodyTooLarge) return sendGraphError(res, 413, 'invalidRequest', 'The body is too large for a simple upload.', { req });
    return;
  }
  const content = contentOf(data, !ctx.store.business && ctx.store.settings.legacySha1);
  commitUpload(ctx, req, res, {
    accountId: a.accountId, driveId: a.target.drive.id, parentId: dest.parent.id, name: dest.name, itemId: dest.itemId,
    conflict: conflict ?? 'replace', content,
  });
}

function fsInfoOf(raw: unknown): Partial<FileSystemInfo> | undefined | 'bad' {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') return 'bad';
  const out: Partial<FileSystemInfo> = {};
  for (const k of ['createdDateTime', 'lastModifiedDateTime'] as const) {
    const v = (raw as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return 'bad';
    out[k] = v;
  }
  return out;
}

/** POST .../createUploadSession: {item: {conflictBehavior, fileSystemInfo}, deferCommit} -> the upload URL. */
export async function createUploadSession(ctx: GraphContext, a: ItemRouteArgs): Promise<void> {
  const { req, res } = a;
  let body: { item?: Record<string, unknown>; deferCommit?: boolean } | undefined;
  try {
    body = await readJson(req);
  } catch {
    return sendGraphError(res, 400, 'invalidRequest', 'The request body is not valid JSON.', { req });
  }
  const conflict = conflictOf(body?.item?.[CONFLICT_PARAM] ?? body?.item?.[CONFLICT_PARAM_ONEDRIVE]
    ?? a.url.searchParams.get(CONFLICT_PARAM) ?? a.url.searchParams.get(CONFLICT_PARAM_ONEDRIVE));
  const fsInfo = fsInfoOf(body?.item?.fileSystemInfo);
  if (conflict === 'bad') return sendGraphError(res, 400, 'invalidRequest', 'conflictBehavior is fail, replace or rename.', { req });
  if (fsInfo === 'bad') return sendGraphError(res, 400, 'invalidRequest', 'fileSystemInfo holds ISO 8601 dates.', { req });
  const dest = destination(ctx, a, conflict ?? 'replace');
  if ('ok' in dest) return sendFailure(res, req, dest);
  const session = newSession(ctx, {
    accountId: a.accountId, driveId: a.target.drive.id, parentId: dest.parent.id, name: dest.name, itemId: dest.itemId,
    conflict: conflict ?? 'replace', fsInfo, deferCommit: body?.deferCommit === true,
  });
  sendJson(res, 200, { uploadUrl: uploadUrl(ctx, a.origin, session), ...sessionStatus(contentState(ctx), session) });
}
