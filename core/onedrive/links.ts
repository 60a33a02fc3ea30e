import { GraphError } from '../graph/errors.js';
import { describe, isPersonal, itemUrl } from './context.js';
import type { DriveContext, ItemRef } from './context.js';
import type { Permission } from './types.js';

export type LinkType = 'view' | 'edit' | 'embed';
export type LinkScope = 'anonymous' | 'organization';

export interface LinkRequest {
  type?: LinkType;
  scope?: LinkScope;
  password?: string;
  /** When the link stops working. */
  expiry?: Date;
}

/** Why this drive cannot make such a link, or undefined when it can (checked before asking Graph). */
export function linkRefusal(driveType: string, r: Required<Pick<LinkRequest, 'type' | 'scope'>> & LinkRequest): string | undefined {
  const personal = driveType === 'personal';
  if (!['view', 'edit', 'embed'].includes(r.type)) return `Link type "${r.type}" does not exist: use view, edit or embed.`;
  if (!['anonymous', 'organization'].includes(r.scope)) return `Link scope "${r.scope}" does not exist: use anonymous or organization.`;
  if (r.type === 'embed' && !personal) return 'Embed links exist only on OneDrive personal: use a view link on this drive.';
  if (r.scope === 'organization' && personal) return 'Organization links exist only on OneDrive for Business and SharePoint: use an anonymous link on a personal drive.';
  if (r.password && !personal) return 'Link passwords work only on paid OneDrive personal accounts, not on this drive: leave the password out.';
  if (r.expiry && r.expiry.getTime() <= Date.now()) return 'The link expiry is in the past: give a future date.';
  return undefined;
}

/** Creates (or gets back) a share link, with the type, scope and password from the options unless given. */
export async function createLink(ctx: DriveContext, ref: ItemRef, req: LinkRequest = {}): Promise<Permission> {
  const full = {
    type: req.type ?? ctx.options.link_type,
    scope: req.scope ?? ctx.options.link_scope,
    password: req.password ?? (ctx.options.link_password || undefined),
    expiry: req.expiry,
  };
  const refusal = linkRefusal(ctx.driveType, full);
  if (refusal) throw new GraphError({ kind: 'unsupported', code: 'linkNotSupported', item: describe(ref), message: refusal });
  const body: Record<string, unknown> = { type: full.type, scope: full.scope };
  if (full.password) body.password = full.password;
  if (full.expiry) body.expirationDateTime = full.expiry.toISOString();
  try {
    return await ctx.client.json<Permission>('POST', itemUrl(ctx, ref, 'createLink'), { json: body, item: describe(ref), retries: 2 });
  } catch (e) {
    if (e instanceof GraphError && e.kind === 'refused' && isPersonal(ctx) && (full.password || full.expiry)) {
      throw new GraphError({ kind: 'refused', status: e.status, code: e.code, item: describe(ref), detail: e.detail, message: 'This OneDrive personal account cannot set link passwords or expiry (only paid accounts can): leave them out.' });
    }
    throw e;
  }
}
