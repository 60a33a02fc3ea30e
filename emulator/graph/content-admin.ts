import { readJson, sendJson, type Handler } from '../http.js';
import { contentState, type ContentSettings } from './content-state.js';
import type { GraphContext } from './context.js';

// Admin routes of the content half (test-only, under /_emulator/content/): switches, expiring upload
// sessions, the quota, malware flags, and the "paid personal" account flag.
//   POST /_emulator/content/settings  {simpleUploadLimit?, sessionLifetimeMs?, downloadUrlLifetimeMs?, closedRanges?,
//                                      anonymousLinksDisabled?, refuseTokenOnUploadUrl?} -> the settings
//   GET  /_emulator/content/uploads   open sessions {driveId, name, received, total, expirationDateTime}
//   POST /_emulator/content/uploads/expire          every open session expires now (404 on its URL)
//   POST /_emulator/content/quota     {total, drive? | account?} -> the drive's quota
//   POST /_emulator/content/malware   {id | path, drive?, account?, infected?: false to clear}
//   POST /_emulator/content/accounts  {account?, paidPersonal: boolean}

type Body = Record<string, unknown>;

export function contentAdminRoute(ctx: GraphContext): Handler {
  const state = contentState(ctx);
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/_emulator/content/')) return false;
    const what = url.pathname.slice('/_emulator/content/'.length);
    const body: Body = req.method === 'GET' ? {} : ((await readJson<Body>(req).catch(() => undefined)) ?? {});
    const bad = (message: string) => sendJson(res, 400, { error: { code: 'invalidRequest', message } });
    const account = () => ctx.accounts.find((a) => a.id === body.account || a.username === body.account) ?? ctx.accounts[0]!;

    if (what === 'settings') {
      for (const [k, v] of Object.entries(body)) {
        if (!(k in state.settings)) return bad(`unknown setting ${k}`), true;
        if (typeof v !== typeof state.settings[k as keyof ContentSettings]) return bad(`${k} takes a ${typeof state.settings[k as keyof ContentSettings]}`), true;
        (state.settings as unknown as Body)[k] = v;
      }
      sendJson(res, 200, state.settings);
    } else if (what === 'uploads' && req.method === 'GET') {
      const value = [...state.sessions.values()].map((s) => ({
        driveId: s.driveId, name: s.name, received: s.received, total: s.total ?? null, expirationDateTime: new Date(s.expires).toISOString(),
      }));
      sendJson(res, 200, { value });
    } else if (what === 'uploads/expire') {
      // Every open session expires now: the next chunk, GET or DELETE on its URL answers 404.
      for (const s of state.sessions.values()) s.expires = 0;
      sendJson(res, 200, { expired: state.sessions.size });
    } else if (what === 'quota') {
      const drive = typeof body.drive === 'string' ? ctx.store.getDrive(body.drive) : ctx.store.driveFor(account().id);
      if (!drive) return bad('no such drive'), true;
      if (typeof body.total !== 'number' || body.total < 0) return bad('total is a number of bytes'), true;
      drive.quotaTotal = body.total;
      sendJson(res, 200, { driveId: drive.id, ...ctx.store.quota(drive) });
    } else if (what === 'malware') {
      // By id, or by path in the account's (or the given) drive: {"path": "/a/evil.exe"}.
      const drive = typeof body.drive === 'string' ? ctx.store.getDrive(body.drive) : ctx.store.driveFor(account().id);
      const byPath = typeof body.path === 'string' && drive
        ? ctx.store.resolvePath(ctx.store.root(drive), body.path.split('/').filter(Boolean)).item : undefined;
      const item = typeof body.id === 'string' ? ctx.store.get(body.id) : byPath;
      if (!item) return bad('id or path names no live item'), true;
      if (body.infected === false) state.malware.delete(item.id);
      else state.malware.add(item.id);
      sendJson(res, 200, { id: item.id, infected: state.malware.has(item.id) });
    } else if (what === 'accounts') {
      const a = account();
      if (typeof body.paidPersonal === 'boolean') a.paidPersonal = body.paidPersonal;
      sendJson(res, 200, { account: a.id, paidPersonal: a.paidPersonal });
    } else return false;
    return true;
  };
}
