import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.js';
import { serializeContext, type GraphContext } from './context.js';
import { fail, type ConflictBehavior, type Content, type FileSystemInfo, type Item, type Outcome } from './model.js';
import { sendFailure } from './request.js';
import { asStored, rewriteAfterAnswer } from './office-rewrite.js';
import { driveItemJson } from './serialize.js';

export interface Commit {
  accountId: string;
  driveId: string;
  parentId: string;
  name: string;
  /** The item the upload was addressed to, when it existed: it gets the new content (same id). */
  itemId?: string;
  conflict: ConflictBehavior;
  fsInfo?: Partial<FileSystemInfo>;
  content: Content;
}

/**
 * Puts uploaded content in place, as the end of a simple upload or of an upload session: replacing keeps
 * the item (a new version, 200), a new name makes a new file (201). The name rule is checked now, at
 * commit, because another client may have taken the name while the chunks were coming.
 */
export function placeContent(ctx: GraphContext, c: Commit): Outcome<{ item: Item; created: boolean }> {
  const { store } = ctx;
  const by = c.accountId;
  c = { ...c, content: asStored(ctx, c.name, c.content) };
  if (c.itemId) {
    const item = store.get(c.itemId);
    if (!item) return fail(404, 'itemNotFound', 'The item being uploaded to no longer exists.');
    if (item.kind !== 'file') return fail(409, 'nameAlreadyExists', 'A folder or notebook with this name already exists.');
    const quota = store.checkQuota(store.driveOf(item), c.content.size);
    if (quota) return quota;
    store.setContent(item, c.content, { by, fsInfo: c.fsInfo });
    return { ok: true, value: { item, created: false } };
  }
  const parent = store.get(c.parentId);
  if (!parent) return fail(404, 'itemNotFound', 'The parent folder no longer exists.');
  const existing = store.childByName(parent, c.name);
  if (existing && c.conflict === 'replace') {
    if (existing.kind !== 'file') return fail(409, 'nameAlreadyExists', 'A folder or notebook with this name already exists.');
    const quota = store.checkQuota(store.driveOf(existing), c.content.size);
    if (quota) return quota;
    store.setContent(existing, c.content, { by, fsInfo: c.fsInfo });
    return { ok: true, value: { item: existing, created: false } };
  }
  const made = store.createFile(parent, c.name, c.content, { by, fsInfo: c.fsInfo, conflict: c.conflict });
  return made.ok ? { ok: true, value: { item: made.value, created: true } } : made;
}

export function commitUpload(ctx: GraphContext, req: IncomingMessage, res: ServerResponse, c: Commit): void {
  const placed = placeContent(ctx, c);
  if (!placed.ok) return sendFailure(res, req, placed);
  sendJson(res, placed.value.created ? 201 : 200, driveItemJson(serializeContext(ctx, req), placed.value.item));
  rewriteAfterAnswer(ctx, placed.value.item, c.accountId);
}
