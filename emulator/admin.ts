import type { EmulatorContext } from './context.js';
import { readJson, sendJson, type Handler } from './http.js';

/** The test-only admin API under /_emulator/: things no real client can ask of Microsoft's servers. */
export function adminRoutes(ctx: EmulatorContext): Handler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/_emulator/')) return false;
    if (req.method === 'GET' && url.pathname === '/_emulator/accounts') {
      sendJson(res, 200, { value: ctx.accounts });
      return true;
    }
    // A long-lived access token for an account, as rclone's config holds one: no sign-in needed.
    if (req.method === 'POST' && url.pathname === '/_emulator/tokens') {
      const body = (await readJson<{ account?: string; lifetimeSeconds?: number }>(req)) ?? {};
      const account = ctx.accounts.find((a) => a.id === body.account || a.username === body.account) ?? ctx.accounts[0]!;
      const { token, expiresIn } = ctx.tokens.issueAccess(account.id, ['Files.ReadWrite.All'], body.lifetimeSeconds ?? 3600);
      sendJson(res, 200, { access_token: token, expires_in: expiresIn, account: account.id });
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/tokens/expire') {
      const body = (await readJson<{ account?: string }>(req)) ?? {};
      sendJson(res, 200, { expired: ctx.tokens.expireAccess(body.account) });
      return true;
    }
    return false;
  };
}
