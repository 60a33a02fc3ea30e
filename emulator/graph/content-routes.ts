import { sendGraphError } from '../http.js';
import type { GraphContext } from './context.js';
import { contentAdminRoute } from './content-admin.js';
import { contentRedirect, downloadRoute, downloadUrlFor } from './download.js';
import { linkRoutes } from './links.js';
import type { ItemRoute, ItemRouteArgs, RawRoute } from './plugins.js';
import { createUploadSession, simpleUpload } from './upload.js';
import { uploadSessionRoute } from './upload-session.js';
import { versionRoutes } from './versions.js';

// The content half of Graph, plugged into the item routes through plugins.ts: uploads, downloads,
// versions, share links and permissions, and their admin routes.

export const contentRawRoutes: RawRoute[] = [
  (ctx) => {
    ctx.downloadUrl = (item, origin) => downloadUrlFor(ctx, item, origin);
    return uploadSessionRoute(ctx);
  },
  downloadRoute,
  contentAdminRoute,
];

async function contentItemRoute(ctx: GraphContext, a: ItemRouteArgs): Promise<boolean> {
  const { route, item } = a.target;
  const method = a.req.method;
  if (route === 'content') {
    if (method === 'PUT') {
      await simpleUpload(ctx, a);
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (!item) {
      sendGraphError(a.res, 404, 'itemNotFound', 'Item does not exist', { req: a.req });
      return true;
    }
    contentRedirect(ctx, a);
    return true;
  }
  if (route === 'createUploadSession' && method === 'POST') {
    await createUploadSession(ctx, a);
    return true;
  }
  if (route === 'versions' || route.startsWith('versions/')) return versionRoutes(ctx, a);
  return linkRoutes(ctx, a);
}

export const contentItemRoutes: ItemRoute[] = [contentItemRoute];
