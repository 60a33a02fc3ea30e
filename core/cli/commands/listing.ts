import { quickXorToHex } from '../hashes.js';
import { joinPath } from '../../onedrive/paths.js';
import type { OneDrive } from '../../onedrive/onedrive.js';
import type { DriveItem } from '../../onedrive/types.js';
import { has, remotePath, UsageError } from '../args.js';
import { listTime, pad } from '../format.js';
import type { Session } from '../session.js';

function target(s: Session, usage: string): string {
  const arg = s.args.positionals[0] ?? ':';
  const p = remotePath(arg);
  if (p === undefined) throw new UsageError(`usage: stratus ${usage} (a OneDrive path looks like remote:path or :path)`);
  return p;
}

/** Every item under `path`, depth first, with its path relative to `path`; a file path yields just the file. */
export async function* walk(drive: OneDrive, path: string, rel = ''): AsyncGenerator<{ rel: string; item: DriveItem }> {
  if (rel === '') {
    const top = await drive.get(path);
    if (!top.folder && !top.root) {
      yield { rel: top.name, item: top };
      return;
    }
  }
  for await (const page of drive.listPages(path)) {
    for (const item of page) {
      const r = joinPath(rel, item.name);
      yield { rel: r, item };
      if (item.folder) yield* walk(drive, joinPath(path, item.name), r);
    }
  }
}

/** `lsd`: folders only, as rclone prints them. */
export async function lsd(s: Session, out: (l: string) => void): Promise<void> {
  const path = target(s, 'lsd remote:path');
  const drive = await s.onedrive(s.args.positionals[0]);
  for await (const page of drive.listPages(path)) {
    for (const i of page) if (i.folder) out(`${pad(-1, 12)} ${listTime(i.fileSystemInfo?.lastModifiedDateTime ?? i.lastModifiedDateTime)} ${pad(i.folder.childCount ?? -1, 9)} ${i.name}`);
  }
}

/** `ls`: every file below, with its size, as rclone prints them. */
export async function ls(s: Session, out: (l: string) => void): Promise<void> {
  const path = target(s, 'ls remote:path');
  const drive = await s.onedrive(s.args.positionals[0]);
  for await (const { rel, item } of walk(drive, path)) if (!item.folder) out(`${pad(item.size ?? 0, 9)} ${rel}`);
}

/** `lsjson`: rclone's JSON listing (add -R for everything below). */
export async function lsjson(s: Session, out: (l: string) => void): Promise<void> {
  const path = target(s, 'lsjson remote:path');
  const drive = await s.onedrive(s.args.positionals[0]);
  const rows: unknown[] = [];
  const row = (rel: string, i: DriveItem) => {
    const q = i.file?.hashes?.quickXorHash;
    return {
      Path: rel, Name: i.name, Size: i.folder ? -1 : (i.size ?? 0), MimeType: i.folder ? 'inode/directory' : (i.file?.mimeType ?? ''),
      ModTime: i.fileSystemInfo?.lastModifiedDateTime ?? i.lastModifiedDateTime ?? '', IsDir: !!i.folder, ID: i.id,
      ...(q ? { Hashes: { quickxor: quickXorToHex(q) } } : {}),
    };
  };
  if (has(s.args, 'R', 'recursive')) {
    for await (const { rel, item } of walk(drive, path)) rows.push(row(rel, item));
  } else {
    const top = await drive.get(path);
    if (!top.folder && !top.root) rows.push(row(top.name, top));
    else for await (const page of drive.listPages(path)) for (const i of page) rows.push(row(i.name, i));
  }
  out(JSON.stringify(rows, null, 1).replace(/\n /g, '\n'));
}
