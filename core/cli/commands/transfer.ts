import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GraphError } from '../../graph/errors.js';
import type { OneDrive } from '../../onedrive/onedrive.js';
import { copyAcross } from '../../onedrive/across.js';
import { joinPath, parentOf } from '../../onedrive/paths.js';
import type { DriveItem } from '../../onedrive/types.js';
import { has, need, remotePath, UsageError } from '../args.js';
import { ProgressBar } from '../progress.js';
import type { Session } from '../session.js';
import { walk } from './listing.js';

interface Counts { copied: number; skipped: number; bytes: number }

/** Same size and the same mtime to the second: rclone's default check that a file needs no copy. */
function same(size: number, mtime: Date, item: DriveItem | undefined): boolean {
  if (!item || item.folder || item.size !== size) return false;
  const t = item.fileSystemInfo?.lastModifiedDateTime ?? item.lastModifiedDateTime;
  return !!t && Math.floor(Date.parse(t) / 1000) === Math.floor(mtime.getTime() / 1000);
}

async function localFiles(root: string, rel = ''): Promise<{ rel: string; path: string }[]> {
  const out: { rel: string; path: string }[] = [];
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await localFiles(root, r)));
    else if (e.isFile()) out.push({ rel: r, path: join(root, r) });
  }
  return out;
}

async function upload(s: Session, drive: OneDrive, src: string, dst: string, bar: ProgressBar, c: Counts, log: (l: string) => void, moved: string[]) {
  const st = await stat(src).catch(() => undefined);
  if (!st) throw new GraphError({ kind: 'not-found', item: src, message: `"${src}" does not exist on this computer.` });
  const files = st.isDirectory() ? await localFiles(src) : [{ rel: basename(src), path: src }];
  if (st.isDirectory()) await drive.mkdir(dst, { parents: true });
  for (const f of files) {
    const fst = await stat(f.path);
    const remote = joinPath(dst, f.rel);
    if (same(fst.size, fst.mtime, await drive.find(remote))) {
      c.skipped++;
      moved.push(f.path);
      continue;
    }
    await drive.upload(f.path, remote, { onProgress: (n, t) => bar.update(f.rel, n, t) });
    bar.done();
    c.copied++;
    c.bytes += fst.size;
    moved.push(f.path);
    if (s.verbose) log(`Copied: ${f.rel}`);
  }
}

async function download(s: Session, drive: OneDrive, src: string, dst: string, bar: ProgressBar, c: Counts, log: (l: string) => void, moved: string[]) {
  const top = await drive.get(src);
  const files: { rel: string; item: DriveItem; remote: string }[] = [];
  if (top.folder || top.root) {
    for await (const { rel, item } of walk(drive, src)) if (!item.folder) files.push({ rel, item, remote: joinPath(src, rel) });
  } else files.push({ rel: top.name, item: top, remote: src });
  for (const f of files) {
    const local = join(dst, ...f.rel.split('/'));
    await mkdir(join(local, '..'), { recursive: true });
    const lst = await stat(local).catch(() => undefined);
    if (lst && same(lst.size, lst.mtime, f.item)) {
      c.skipped++;
      moved.push(f.remote);
      continue;
    }
    await drive.download({ id: f.item.id }, local, { onProgress: (n, t) => bar.update(f.rel, n, t) });
    bar.done();
    c.copied++;
    c.bytes += f.item.size ?? 0;
    moved.push(f.remote);
    if (s.verbose) log(`Copied: ${f.rel}`);
  }
}

/** Between two drives: server-side where OneDrive allows it (server_side_across_configs), else streamed. */
async function across(s: Session, from: OneDrive, src: string, to: OneDrive, dst: string, bar: ProgressBar, c: Counts, log: (l: string) => void, move: boolean) {
  const top = await from.get(src);
  const files: { rel: string; item: DriveItem }[] = [];
  if (top.folder || top.root) {
    for await (const { rel, item } of walk(from, src)) if (!item.folder) files.push({ rel, item });
  } else files.push({ rel: top.name, item: top });
  for (const f of files) {
    const { parent, leaf } = parentOf(joinPath(dst, f.rel));
    const mtime = f.item.fileSystemInfo?.lastModifiedDateTime;
    if (mtime && same(f.item.size ?? 0, new Date(mtime), await to.find(joinPath(parent, leaf)))) {
      c.skipped++;
    } else {
      await to.mkdir(parent, { parents: true });
      await copyAcross(from, { id: f.item.id }, to, { parent, name: leaf }, { onProgress: (n, t) => bar.update(f.rel, n, t) });
      bar.done();
      c.copied++;
      c.bytes += f.item.size ?? 0;
      if (s.verbose) log(`Copied: ${f.rel}`);
    }
    if (move) await from.delete({ id: f.item.id });
  }
}

/** `copy SRC DST` (and `move`): local to OneDrive, OneDrive to local, or on OneDrive itself (server-side). */
export async function copyCommand(s: Session, out: (l: string) => void, opts: { move?: boolean } = {}): Promise<void> {
  const name = opts.move ? 'move' : 'copy';
  const [srcArg, dstArg] = need(s.args, 2, `${name} SRC DST (one of them remote:path)`);
  const src = remotePath(srcArg!);
  const dst = remotePath(dstArg!);
  if (src === undefined && dst === undefined) throw new UsageError(`${name} needs a OneDrive side: write it as remote:path`);
  const bar = new ProgressBar(process.stderr, !!process.stderr.isTTY && !has(s.args, 'no-progress'));
  const c: Counts = { copied: 0, skipped: 0, bytes: 0 };
  const done: string[] = [];
  if (src !== undefined && dst !== undefined) {
    const from = await s.onedrive(srcArg);
    const to = await s.onedrive(dstArg);
    if (from.ctx.driveId === to.ctx.driveId) {
      const item = await from.get(src);
      await to.mkdir(dst, { parents: true });
      if (opts.move) await from.move({ id: item.id }, { parent: dst });
      else await from.copy({ id: item.id }, { parent: dst });
      c.copied++;
    } else {
      await across(s, from, src, to, dst, bar, c, out, !!opts.move);
    }
  } else if (dst !== undefined) {
    await upload(s, await s.onedrive(dstArg), srcArg!, dst, bar, c, out, done);
    if (opts.move) for (const p of done) await rm(p, { force: true });
  } else {
    const drive = await s.onedrive(srcArg);
    await download(s, drive, src!, dstArg!, bar, c, out, done);
    if (opts.move) for (const p of done) await drive.delete(p);
  }
  if (s.verbose) out(`Transferred: ${c.copied} file(s), ${c.bytes} bytes; unchanged: ${c.skipped}`);
}

