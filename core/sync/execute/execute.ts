import { commitTemp, tempPathFor } from '../fs/atomic.js';
import { FsError } from '../fs/errors.js';
import type { FileInfo, LocalFs } from '../fs/types.js';
import type { Journal } from '../journal/journal.js';
import type { JournalOp } from '../journal/types.js';
import { quickXorOf } from '../local/scan.js';
import type { Action, Plan, RemoteEntry } from '../reconcile/types.js';
import { RemoteError } from '../remote/errors.js';
import type { DirectDownload, RemoteDrive } from '../remote/types.js';
import type { Backup } from './backup.js';
import { agreedRow, factsOf, factsOfEntry, parentOf } from './rows.js';

export type ExecEvent =
  | { type: 'item'; path: string; action: Action['type']; state: 'started' | 'done' }
  | { type: 'item'; path: string; action: Action['type']; state: 'failed'; kind: string; message: string }
  | { type: 'skipped'; path: string; message: string };

export interface ExecContext {
  pairId: string;
  fs: LocalFs;
  remote: RemoteDrive;
  journal: Journal;
  /** Uploads and downloads at once. */
  transfers: number;
  now(): number;
  onEvent?(e: ExecEvent): void;
  /** The pair's backup folder (--backup-dir): remote files are moved there instead of replaced or deleted. */
  backup?: Backup;
}

export interface ExecReport {
  held: boolean;
  done: number;
  failed: { path: string; kind: string; message: string }[];
  /** Actions not tried because their path is waiting out a backoff after earlier failures. */
  deferred: number;
  /** Something was set up that the next pass finishes (a conflict copy to upload, a file that changed meanwhile). */
  again: boolean;
}

/**
 * Carries out a plan. Each action's journal change is written only after the action really happened, in
 * its own transaction; a failed action is recorded with backoff and the rest goes on. A held plan does nothing.
 */
export async function execute(plan: Plan, ctx: ExecContext): Promise<ExecReport> {
  const report: ExecReport = { held: plan.held !== null, done: 0, failed: [], deferred: 0, again: false };
  if (plan.held) return report;
  // Actions of one phase and depth are independent; folders before contents, deeper deletions first. A group is
  // a range of the plan, not a copy: a first sync's plan can hold 100,000 actions.
  const actions = plan.actions;
  for (let start = 0; start < actions.length;) {
    const end = groupEnd(actions, start);
    recordAll(actions, start, end, ctx, report);
    const rest: Action[] = [];
    for (let i = start; i < end; i++) if (!isPureRecord(actions[i]!)) rest.push(actions[i]!);
    await runLimited(rest, ctx.transfers, (a) => runOne(a, ctx, report));
    start = end;
  }
  return report;
}

/** Where the group starting at `start` ends: same phase and, for folders and deletions, the same depth; moves one by one. */
function groupEnd(actions: readonly Action[], start: number): number {
  const phase = phaseOf(actions[start]!);
  if (phase === 1) return start + 1;
  const byDepth = phase === 0 || phase === 4;
  const depth = byDepth ? slashes(actions[start]!.path) : 0;
  let end = start + 1;
  while (end < actions.length && phaseOf(actions[end]!) === phase && (!byDepth || slashes(actions[end]!.path) === depth)) end++;
  return end;
}

function slashes(path: string): number {
  let n = 0;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) n++;
  return n;
}

type PureRecord = Extract<Action, { type: 'record' }> & { local: NonNullable<Extract<Action, { type: 'record' }>['local']>; remote: NonNullable<Extract<Action, { type: 'record' }>['remote']> };

function isPureRecord(a: Action): a is PureRecord {
  return a.type === 'record' && a.local !== undefined && a.local !== null && a.remote !== undefined && a.remote !== null;
}

/**
 * Both sides already agree: nothing to do but write the row. Written in one transaction per thousand rather than
 * one each, because every transaction is an fsync that blocks the event loop (a 100,000-item first sync of an
 * already-equal pair spent minutes on them). No I/O happens between observing and recording, so batching changes
 * nothing about what a crash can leave behind. Rows are made a batch at a time, so only a thousand exist at once.
 */
function recordAll(actions: readonly Action[], start: number, end: number, ctx: ExecContext, report: ExecReport): void {
  // The failures read once, not two queries per row: a first sync of 100,000 equal items asked 200,000.
  let failing: Set<string> | null = null;
  let ops: JournalOp[] = [];
  let batch: PureRecord[] = [];
  const flush = () => {
    ctx.journal.apply(ctx.pairId, ops);
    for (const a of batch) {
      if (failing!.has(a.path)) clearFailure(a.path, ctx);
      report.done++;
      ctx.onEvent?.({ type: 'item', path: a.path, action: a.type, state: 'done' });
    }
    ops = [];
    batch = [];
  };
  for (let i = start; i < end; i++) {
    const a = actions[i]!;
    if (!isPureRecord(a)) continue;
    failing ??= new Set(ctx.journal.failures(ctx.pairId).map((f) => f.path));
    if (failing.size > 0 && failing.has(a.path) && ctx.journal.isBackingOff(ctx.pairId, a.path, ctx.now())) {
      report.deferred++;
      continue;
    }
    ops.push({ op: 'put', row: agreedRow(a.path, ctx.remote.driveId, factsOfEntry(a.remote), a.local, a.local.hash) });
    batch.push(a);
    if (batch.length === 1000) flush();
  }
  if (batch.length > 0) flush();
}

/** Only when there is one: a delete is a write transaction, and so an fsync, even when it finds no row. */
function clearFailure(path: string, ctx: ExecContext): void {
  if (ctx.journal.failure(ctx.pairId, path)) ctx.journal.clearFailure(ctx.pairId, path);
}

function phaseOf(a: Action): number {
  switch (a.type) {
    case 'mkdir-local': case 'mkdir-remote': return 0;
    case 'move-local': case 'move-remote': return 1;
    case 'delete-local': case 'delete-remote': return 4;
    case 'skip': return 5;
    default: return 3;
  }
}

async function runOne(a: Action, ctx: ExecContext, report: ExecReport): Promise<void> {
  if (a.type === 'skip') {
    ctx.onEvent?.({ type: 'skipped', path: a.path, message: a.problem.message });
    return;
  }
  if (ctx.journal.isBackingOff(ctx.pairId, a.path, ctx.now())) {
    report.deferred++;
    return;
  }
  ctx.onEvent?.({ type: 'item', path: a.path, action: a.type, state: 'started' });
  try {
    const ops = await perform(a, ctx, report);
    ctx.journal.apply(ctx.pairId, ops);
    clearFailure(a.path, ctx);
    report.done++;
    ctx.onEvent?.({ type: 'item', path: a.path, action: a.type, state: 'done' });
  } catch (e) {
    const kind = e instanceof FsError || e instanceof RemoteError ? e.kind : 'other';
    const message = e instanceof Error ? e.message : String(e);
    if (kind === 'changed') {
      // The user changed the file after the plan was made: nothing failed, the plan is stale. Look again at once,
      // without a backoff that would hold the path for a minute; the delta token stays put so nothing is missed.
      report.deferred++;
      report.again = true;
      ctx.onEvent?.({ type: 'skipped', path: a.path, message });
      return;
    }
    ctx.journal.recordFailure(ctx.pairId, a.path, kind, message, ctx.now());
    report.failed.push({ path: a.path, kind, message });
    ctx.onEvent?.({ type: 'item', path: a.path, action: a.type, state: 'failed', kind, message });
  }
}

/** Does the action; returns the journal changes that describe the new agreed state. */
async function perform(a: Exclude<Action, { type: 'skip' }>, ctx: ExecContext, report: ExecReport): Promise<JournalOp[]> {
  const { fs, remote } = ctx;
  const drive = remote.driveId;
  switch (a.type) {
    case 'mkdir-local': {
      await fs.mkdir(a.path);
      return [{ op: 'put', row: agreedRow(a.path, drive, factsOfEntry(a.remote), await fs.lstat(a.path)) }];
    }
    case 'mkdir-remote': {
      const item = await remote.mkdir(parentId(a.path, ctx), a.remoteName);
      return [{ op: 'put', row: agreedRow(a.path, drive, factsOf(item), await fs.lstat(a.path)) }];
    }
    case 'move-local': {
      await fs.mkdir(parentOf(a.path));
      await fs.rename(a.from, a.path);
      return [{ op: 'move', from: a.row!.path, to: a.path }];
    }
    case 'move-remote': {
      const item = await remote.move(a.itemId, { parentId: parentId(a.path, ctx), name: a.remoteName });
      const row = a.row!;
      return [{ op: 'move', from: row.path, to: a.path }, { op: 'put', row: { ...row, path: a.path, name: item.name ?? a.remoteName, parentId: item.parentId, eTag: item.eTag ?? row.eTag } }];
    }
    case 'upload':
      return upload(a, ctx, report);
    case 'download': {
      const info = await download(a.path, a.remote, a.expect, ctx);
      return [{ op: 'put', row: agreedRow(a.path, drive, factsOfEntry(a.remote), info) }];
    }
    case 'conflict': {
      // Both versions are kept: this computer's moves aside (and goes up on the next pass), OneDrive's takes the name.
      await fs.rename(a.path, a.conflictPath);
      ctx.journal.logConflict(ctx.pairId, a.path, a.conflictPath, a.reason, ctx.now());
      report.again = true;
      if (a.remote.kind === 'dir') {
        await fs.mkdir(a.path);
        return [{ op: 'put', row: agreedRow(a.path, drive, factsOfEntry(a.remote), await fs.lstat(a.path)) }];
      }
      const info = await download(a.path, a.remote, null, ctx);
      return [{ op: 'remove', path: a.path, subtree: true }, { op: 'put', row: agreedRow(a.path, drive, factsOfEntry(a.remote), info) }];
    }
    // Only times change: the file's content, and so its hash here, stays what the plan saw.
    case 'metadata-local': {
      await fs.utimes(a.path, a.mtimeMs);
      return [{ op: 'put', row: agreedRow(a.path, drive, factsOfEntry(a.remote), await fs.lstat(a.path), a.local.hash) }];
    }
    case 'metadata-remote': {
      const item = await remote.setMtime(a.remote.id, a.mtimeMs);
      return [{ op: 'put', row: agreedRow(a.path, drive, factsOf(item), await fs.lstat(a.path), a.local.hash) }];
    }
    case 'delete-local':
      await fs.trash(a.path);
      return [{ op: 'remove', path: a.row?.path ?? a.path, subtree: true }];
    case 'delete-remote':
      if (ctx.backup) await ctx.backup.keep(a.itemId, a.path, a.kind === 'file' ? a.remote.eTag : undefined);
      else await remote.delete(a.itemId, a.kind === 'file' && a.remote.eTag ? { ifMatch: a.remote.eTag } : {});
      return [{ op: 'remove', path: a.row?.path ?? a.path, subtree: true }];
    case 'record': {
      if (!a.local || !a.remote) return [{ op: 'remove', path: a.row?.path ?? a.path, subtree: true }];
      return [{ op: 'put', row: agreedRow(a.path, drive, factsOfEntry(a.remote), a.local, a.local.hash) }];
    }
  }
}

/** The remote id of a path's parent folder: the pair's root, or the folder the journal knows. */
function parentId(path: string, ctx: ExecContext): string {
  const parent = parentOf(path);
  if (parent === '') return ctx.remote.rootId;
  const row = ctx.journal.item(ctx.pairId, parent);
  if (!row) throw new RemoteError('not-found', `Cannot put "${path}" on OneDrive yet: its folder "${parent}" is not there; it will be retried.`);
  return row.itemId;
}

async function upload(a: Extract<Action, { type: 'upload' }>, ctx: ExecContext, report: ExecReport): Promise<JournalOp[]> {
  const { fs, journal, pairId } = ctx;
  const before = await fs.lstat(a.path);
  // Moved aside first, so the upload makes a new item. A crash in between leaves the file only here and in the
  // backup: the next pass sees it gone from OneDrive and uploads it again. A saved session would replace the
  // item now in the backup, so it is not resumed.
  const backedUp = a.replaceId !== null && ctx.backup !== undefined;
  if (backedUp) await ctx.backup!.keep(a.replaceId!, a.path, a.row?.eTag ?? undefined);
  const saved = journal.upload(pairId, a.path);
  const resume = !backedUp && saved && saved.localSize === before.size && saved.localMtimeMs === before.mtimeMs && saved.expiresAtMs > ctx.now() ? saved : undefined;
  let savedNow = false;
  const item = await ctx.remote.upload({
    parentId: parentId(a.path, ctx),
    name: a.remoteName,
    path: a.path,
    size: before.size,
    mtimeMs: before.mtimeMs,
    open: (offset) => fs.readStream(a.path, { start: offset }),
    ...(a.replaceId && !backedUp && a.row?.eTag ? { ifMatch: a.row.eTag } : {}),
    ...(resume ? { resume: { url: resume.url, offset: resume.offset, expiresAtMs: resume.expiresAtMs } } : {}),
    // Saved once a chunk has landed: before that a resume would save only the session's creation, not worth two
    // fsyncs (save, drop) on every small file, which is most files.
    onSession: (s) => {
      if (s.offset === 0) return;
      journal.saveUpload(pairId, { path: a.path, url: s.url, offset: s.offset, expiresAtMs: s.expiresAtMs, localSize: before.size, localMtimeMs: before.mtimeMs });
      savedNow = true;
    },
  });
  if (saved || savedNow) journal.dropUpload(pairId, a.path);
  const after = await fs.lstat(a.path);
  // Changed while uploading: record what was sent; the next pass sees the newer file and sends it again.
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) report.again = true;
  // What was sent is what the scan hashed only if the file did not move in between; OneDrive answering other
  // bytes (SharePoint rewrote an Office file) keeps that hash, so saving the same bytes again is no change.
  const sentHash = a.local.size === before.size && a.local.mtimeMs === before.mtimeMs ? a.local.hash : undefined;
  return [{ op: 'put', row: agreedRow(a.path, ctx.remote.driveId, factsOf(item), before, sentHash) }];
}

/**
 * Downloads into a temp file beside the target (resuming a saved partial one), checks the QuickXorHash,
 * and renames it over the target only if the target is still as the plan saw it.
 */
async function download(path: string, remote: RemoteEntry, expect: Pick<FileInfo, 'size' | 'mtimeMs'> | null, ctx: ExecContext): Promise<FileInfo> {
  const { fs, journal, pairId } = ctx;
  const { id: itemId, hash, mtimeMs, eTag, direct } = remote;
  await fs.mkdir(parentOf(path));
  const saved = journal.download(pairId, itemId);
  const resume = saved && saved.eTag === (eTag ?? null) ? saved : null;
  // A partial of an older version of the item is of no use now; left there it would fill the disk unseen.
  if (saved && !resume) await fs.unlink(saved.tempPath).catch(() => undefined);
  const temp = resume?.tempPath ?? tempPathFor(path);
  const offset = resume ? await fs.lstat(temp).then((i) => i.size, () => 0) : 0;
  // Stopped after the last byte landed but before the rename: the partial file is whole, and asking for
  // the range after its end would be refused (416) on every pass.
  const whole = offset > 0 && hash !== undefined && (await quickXorOf(fs, temp)) === hash;
  if (!whole) {
    try {
      await fetchInto(temp, itemId, offset, eTag, direct, ctx);
    } catch (e) {
      // A partial the server will not continue (range refused, or a full answer to a range): start over.
      if (offset === 0 || !(e instanceof RemoteError) || e.kind !== 'other') throw e;
      await fs.unlink(temp).catch(() => undefined);
      await fetchInto(temp, itemId, 0, eTag, direct, ctx);
    }
  }
  if (hash !== undefined) {
    const got = await quickXorOf(fs, temp);
    if (got !== hash) {
      await fs.unlink(temp).catch(() => undefined);
      journal.dropDownload(pairId, itemId);
      throw new RemoteError('hash-mismatch', `"${path}" arrived damaged (its QuickXorHash does not match OneDrive's); it will be downloaded again.`);
    }
  }
  await commitTemp(fs, temp, path, { mtimeMs, expect });
  journal.dropDownload(pairId, itemId);
  return fs.lstat(path);
}

async function fetchInto(temp: string, itemId: string, offset: number, eTag: string | undefined, direct: DirectDownload | undefined, ctx: ExecContext): Promise<void> {
  const { fs, journal, pairId } = ctx;
  journal.saveDownload(pairId, { itemId, tempPath: temp, offset, eTag: eTag ?? null });
  try {
    const body = await ctx.remote.download({ itemId, offset, ...(eTag ? { ifMatch: eTag } : {}), ...(direct ? { direct } : {}) });
    await fs.writeFile(temp, body, { append: offset > 0 });
  } catch (e) {
    const have = await fs.lstat(temp).then((i) => i.size, () => 0);
    journal.saveDownload(pairId, { itemId, tempPath: temp, offset: have, eTag: eTag ?? null });
    throw e;
  }
}

/** Removes the partial downloads of items that are no longer on OneDrive (deleted or moved out of the pair). */
export async function dropStalePartials(fs: LocalFs, journal: Journal, pairId: string, live: readonly { id: string }[]): Promise<void> {
  const partial = journal.downloads(pairId);
  // Most passes have none: no set of every item id (100,000 on a large pair) is built for nothing.
  if (partial.length === 0) return;
  const liveIds = new Set(live.map((e) => e.id));
  for (const d of partial) {
    if (liveIds.has(d.itemId)) continue;
    await fs.unlink(d.tempPath).catch(() => undefined);
    journal.dropDownload(pairId, d.itemId);
  }
}

async function runLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
