import type { ServerResponse } from 'node:http';
import { applyChange, type ChangeSpec } from './graph/admin-change.js';
import { pickDrive, seed, treeOf, type SeedEntry } from './graph/admin-tree.js';
import type { GraphContext } from './graph/context.js';
import type { StoreSettings } from './graph/settings.js';
import { readJson, sendJson, type Handler } from './http.js';

type Body = Record<string, unknown>;

/**
 * The test-only admin API under /_emulator/: things no real client can ask of Microsoft's servers.
 * /_emulator/auth/ belongs to the identity platform; faults, pace and requests (the log) to faults/hook.ts.
 *
 *   GET  accounts                      the accounts
 *   POST tokens {account?, lifetimeSeconds?} -> {access_token}    POST tokens/expire {account?}
 *   GET  drives                        every drive (OneDrives and SharePoint libraries)
 *   GET  tree?drive=|account=          one drive whole: items (path, id, size, hashes, mtimes, eTag/cTag,
 *                                      versions, permissions), recycle bin, quota
 *   POST seed {drive?|account?, items: [{path, folder?, package?: "oneNote", content?|base64?|size?, mtime?}]}
 *   POST change {drive?|account?, op, path, ...} or {changes: [...]}: create|mkdir|edit|rename|move|delete|restore,
 *                                      as another device would (delta and eTags show it)
 *   POST delta/forget {inner?}         every delta token answers 410 resyncRequired from now on
 *   GET|POST settings                  {legacySha1, personalChildCountBug, deltaShuffle, cannotSnapshotTree:
 *                                      true|false|N, resyncInner, folderListLimit, parentPathEncoded,
 *                                      deltaParentPath (business),
 *                                      officeRewrite: off|answer|after (business: Office files
 *                                      stored with bytes added, shown in the upload's answer or only after it)}
 *   PATCH accounts/{id|username} {paidPersonal?, quotaTotal?, quotaUnknown?}
 */
export function adminRoutes(ctx: GraphContext): Handler {
  return async (req, res, url) => {
    const path = url.pathname;
    if (!path.startsWith('/_emulator/') || path.startsWith('/_emulator/auth/')) return false;
    const route = `${req.method} ${path.slice('/_emulator'.length)}`;
    const body = async () => ((await readJson<Body>(req).catch(() => undefined)) ?? {}) as Body;
    const by = (b: Body) => pickDrive(ctx, { drive: str(b.drive), account: str(b.account) });
    switch (route) {
      case 'GET /accounts':
        sendJson(res, 200, { value: ctx.accounts });
        return true;
      case 'POST /tokens': {
        // A long-lived access token for an account, as rclone's config holds one: no sign-in needed.
        const b = await body();
        const account = ctx.accounts.find((a) => a.id === b.account || a.username === b.account) ?? ctx.accounts[0]!;
        const lifetime = typeof b.lifetimeSeconds === 'number' ? b.lifetimeSeconds : 3600;
        const { token, expiresIn } = ctx.tokens.issueAccess(account.id, ['Files.ReadWrite.All'], lifetime);
        sendJson(res, 200, { access_token: token, expires_in: expiresIn, account: account.id });
        return true;
      }
      case 'POST /tokens/expire':
        sendJson(res, 200, { expired: ctx.tokens.expireAccess(str((await body()).account)) });
        return true;
      case 'GET /drives':
        sendJson(res, 200, { value: [...ctx.store.drives.values()].map((d) => ({ id: d.id, driveType: d.driveType, name: d.name, owner: d.ownerAccountId, siteId: d.siteId })) });
        return true;
      case 'GET /tree': {
        const drive = pickDrive(ctx, { drive: url.searchParams.get('drive') ?? undefined, account: url.searchParams.get('account') ?? undefined });
        if (!drive) return notFound(res, 'drive');
        sendJson(res, 200, treeOf(ctx, drive));
        return true;
      }
      case 'POST /seed': {
        const b = await body();
        const drive = by(b);
        if (!drive) return notFound(res, 'drive');
        const done = seed(ctx, drive, (b.items ?? []) as SeedEntry[], drive.ownerAccountId ?? ctx.accounts[0]!.id);
        return reply(res, done.ok ? { status: 201, body: { value: done.value } } : failure(done));
      }
      case 'POST /change': {
        const b = await body();
        const drive = by(b);
        if (!drive) return notFound(res, 'drive');
        const changes = (Array.isArray(b.changes) ? b.changes : [b]) as ChangeSpec[];
        const results: unknown[] = [];
        for (const c of changes) {
          const done = applyChange(ctx, drive, c, drive.ownerAccountId ?? ctx.accounts[0]!.id);
          if (!done.ok) return reply(res, failure(done));
          results.push(done.value === true ? { deleted: c.path } : { path: c.path, id: done.value.id });
        }
        return reply(res, { status: 200, body: { value: results } });
      }
      case 'POST /delta/forget': {
        const b = await body();
        if (typeof b.inner === 'string' || b.inner === null) ctx.store.settings.resyncInner = (b.inner as string | null) ?? '';
        ctx.store.forgetTokens();
        sendJson(res, 200, { tokenEpoch: ctx.store.tokenEpoch });
        return true;
      }
      case 'GET /settings':
        sendJson(res, 200, ctx.store.settings);
        return true;
      case 'POST /settings':
        return reply(res, applySettings(ctx.store.settings, await body()));
    }
    const acct = /^\/_emulator\/accounts\/([^/]+)$/.exec(path);
    if (acct && (req.method === 'PATCH' || req.method === 'POST')) {
      const key = decodeURIComponent(acct[1]!);
      const account = ctx.accounts.find((a) => a.id === key || a.username === key);
      if (!account) return notFound(res, 'account');
      const b = await body();
      const drive = ctx.store.driveFor(account.id);
      if (typeof b.paidPersonal === 'boolean') {
        account.paidPersonal = b.paidPersonal;
        if (drive && drive.driveType === 'personal' && typeof b.quotaTotal !== 'number') drive.quotaTotal = (b.paidPersonal ? 1024 : 5) * 1024 ** 3;
      }
      if (drive && typeof b.quotaTotal === 'number') drive.quotaTotal = b.quotaTotal;
      if (drive && typeof b.quotaUnknown === 'boolean') drive.quotaUnknown = b.quotaUnknown;
      sendJson(res, 200, { ...account, quota: drive ? ctx.store.quota(drive) : undefined });
      return true;
    }
    return false;
  };
}

function applySettings(s: StoreSettings, b: Body): { status: number; body: unknown } {
  for (const k of ['legacySha1', 'personalChildCountBug', 'deltaShuffle', 'parentPathEncoded', 'deltaParentPath'] as const) if (typeof b[k] === 'boolean') s[k] = b[k];
  // cannotSnapshotTree: true (until switched off), false, or a count of failing delta requests.
  if (typeof b.cannotSnapshotTree === 'boolean') s.cannotSnapshotTree = b.cannotSnapshotTree ? -1 : 0;
  else if (typeof b.cannotSnapshotTree === 'number') s.cannotSnapshotTree = Math.trunc(b.cannotSnapshotTree);
  if (typeof b.resyncInner === 'string') s.resyncInner = b.resyncInner;
  if (typeof b.folderListLimit === 'number') s.folderListLimit = b.folderListLimit;
  if (b.officeRewrite === 'off' || b.officeRewrite === 'answer' || b.officeRewrite === 'after') s.officeRewrite = b.officeRewrite;
  return { status: 200, body: s };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function failure(f: { status: number; code: string; message: string; inner?: string }): { status: number; body: unknown } {
  return { status: f.status, body: { error: { code: f.code, message: f.message, innerError: f.inner ? { code: f.inner } : undefined } } };
}

function reply(res: ServerResponse, r: { status: number; body: unknown }): true {
  sendJson(res, r.status, r.body);
  return true;
}

function notFound(res: ServerResponse, what: string): true {
  sendJson(res, 404, { error: { code: 'itemNotFound', message: `No such ${what}` } });
  return true;
}

