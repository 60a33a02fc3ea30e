import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphError } from '../graph/errors.js';
import type { ItemRef } from './context.js';
import type { OneDrive } from './onedrive.js';
import { joinPath } from './paths.js';
import type { DriveItem } from './types.js';

export interface AcrossOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Copies a file from one drive (or account) to another. Server-side when both ends are OneDrive personal and
 * server_side_across_configs is on, as rclone does (OneDrive copies only what the destination can already
 * see); otherwise, or when the server refuses, streamed through a temp file: downloaded with its hash
 * checked, then uploaded with its mtime.
 */
export async function copyAcross(src: OneDrive, ref: ItemRef, dst: OneDrive, to: { parent: string; name?: string }, o: AcrossOptions = {}): Promise<{ item: DriveItem; serverSide: boolean }> {
  const item = await src.get(ref);
  if (item.folder) throw new GraphError({ kind: 'invalid', message: `"${item.name}" is a folder: copy the files inside it one by one.` });
  const serverSideAllowed = src.ctx.options.server_side_across_configs && src.driveType === 'personal' && dst.driveType === 'personal';
  if (serverSideAllowed) {
    try {
      return { item: await src.copy({ id: item.id }, { parent: to.parent, name: to.name, toDrive: dst }, { signal: o.signal }), serverSide: true };
    } catch (e) {
      if (!(e instanceof GraphError) || !['refused', 'not-found', 'invalid', 'unsupported'].includes(e.kind)) throw e;
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'stratus-copy-'));
  try {
    const local = join(dir, 'file');
    await src.download({ id: item.id }, local, { signal: o.signal, onProgress: (n, t) => o.onProgress?.(n / 2, t) });
    const uploaded = await dst.upload(local, joinPath(to.parent, to.name ?? item.name), {
      signal: o.signal,
      onProgress: (n, t) => o.onProgress?.(t / 2 + n / 2, t),
      modTime: item.fileSystemInfo?.lastModifiedDateTime ? new Date(item.fileSystemInfo.lastModifiedDateTime) : undefined,
    });
    return { item: uploaded, serverSide: false };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
