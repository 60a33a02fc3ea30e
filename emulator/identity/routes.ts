import { join } from 'node:path';
import type { EmulatorContext } from '../context.js';
import { sendJson, type Handler } from '../http.js';
import { identityAdmin } from './admin.js';
import { authorizeGet, authorizePost } from './authorize.js';
import { DEVICE_LOGIN_PATH, deviceCodePost, deviceLoginGet, deviceLoginPost } from './devicecode.js';
import { openidConfiguration } from './openid.js';
import { IdentityState } from './state.js';
import { tokenPost } from './token.js';

const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const OAUTH = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token|devicecode|logout)$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;

/**
 * The Microsoft identity platform: openid configuration, authorize (consent page), token, device code,
 * and its admin routes under /_emulator/auth/. Answers false for every path it does not own.
 */
export function identityRoutes(ctx: EmulatorContext): Handler {
  const state = new IdentityState();
  // With --data, issued tokens (kept as hashes) survive a restart, so a signed-in client stays signed in.
  if (ctx.options.dataDir) ctx.tokens.persistTo(join(ctx.options.dataDir, 'identity-tokens.json'));
  return async (req, res, url) => {
    const path = url.pathname;
    if (path.startsWith('/_emulator/auth/')) return identityAdmin(ctx, state, req, res, url);
    if (path === DEVICE_LOGIN_PATH) {
      if (req.method === 'POST') await deviceLoginPost(ctx, state, req, res);
      else deviceLoginGet(ctx, res, url);
      return true;
    }
    const openid = OPENID.exec(path);
    if (openid && req.method === 'GET') {
      sendJson(res, 200, openidConfiguration(ctx, openid[1]!));
      return true;
    }
    if (KEYS.test(path)) {
      // id_tokens are unsigned (alg none), so there are no keys to publish.
      sendJson(res, 200, { keys: [] });
      return true;
    }
    const m = OAUTH.exec(path);
    if (!m) return false;
    const [, tenant, endpoint] = m as unknown as [string, string, string];
    if (endpoint === 'authorize') {
      if (req.method === 'POST') await authorizePost(ctx, state, req, res);
      else authorizeGet(ctx, state, res, url, tenant);
    } else if (endpoint === 'logout') {
      res.writeHead(204).end();
    } else if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'invalid_request', error_description: `${endpoint} takes POST` }, { allow: 'POST' });
    } else if (endpoint === 'token') {
      await tokenPost(ctx, state, req, res);
    } else {
      await deviceCodePost(ctx, state, req, res, tenant);
    }
    return true;
  };
}
