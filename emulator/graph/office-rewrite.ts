import { makeContent } from './content.js';
import type { GraphContext } from './context.js';
import type { Content, Item } from './model.js';

/** When SharePoint's rewrite of an uploaded Office file shows: in the upload's answer, or only after it. */
export type OfficeRewrite = 'off' | 'answer' | 'after';

const OFFICE = /\.(docx|xlsx|pptx)$/i;
// What SharePoint adds stands in as a fixed trailer: enough to change the size and the hash.
const TRAILER = Buffer.from('\n<!-- SharePoint: document properties -->\n');

/**
 * SharePoint (not OneDrive) rewrites an Office file it receives, adding its metadata, so the stored file's size
 * and hash differ from what was sent (rclone's docs; OneDrive/onedrive-api-docs#935). Business only, behind the
 * `officeRewrite` switch. A file that already carries the trailer is kept as sent, as a converted file is.
 */
function rewritten(ctx: GraphContext, name: string, content: Content): Content | null {
  const data = content.data;
  if (!ctx.store.business || ctx.store.settings.officeRewrite === 'off' || !OFFICE.test(name) || !data) return null;
  if (data.length >= TRAILER.length && data.subarray(data.length - TRAILER.length).equals(TRAILER)) return null;
  return makeContent(Buffer.concat([data, TRAILER]), content.sha1Hash !== undefined);
}

/** The content to store at commit: rewritten already when the answer is to show it. */
export function asStored(ctx: GraphContext, name: string, content: Content): Content {
  return ctx.store.settings.officeRewrite === 'answer' ? rewritten(ctx, name, content) ?? content : content;
}

/** After the answer went out: the service's own new version, same modification time (delta shows it). */
export function rewriteAfterAnswer(ctx: GraphContext, item: Item, by: string): void {
  if (ctx.store.settings.officeRewrite !== 'after' || !item.content) return;
  const next = rewritten(ctx, item.name, item.content);
  if (next) ctx.store.setContent(item, next, { by, fsInfo: { lastModifiedDateTime: item.fileSystemInfo.lastModifiedDateTime } });
}
