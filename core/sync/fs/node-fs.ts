import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import type { BigIntStats, Dirent } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { FsError, toFsError } from './errors.js';
import type { DirEntry, EntryKind, FileInfo, LocalFs, ReadOptions, Trash, WriteOptions } from './types.js';

/** LocalFs over node:fs, rooted at `root`. */
export class NodeFs implements LocalFs {
  constructor(
    readonly root: string,
    private readonly trasher: Trash,
  ) {}

  /** Absolute path of a root-relative one; refuses anything that would climb out of the root. */
  abs(path: string): string {
    if (path === '') return this.root;
    if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new FsError('other', path, `"${path}" is not a path inside the sync folder.`);
    }
    return join(this.root, ...path.split('/'));
  }

  async stat(path: string): Promise<FileInfo> {
    try {
      return toInfo(await stat(this.abs(path), { bigint: true }));
    } catch (e) {
      throw toFsError(e, 'read', path);
    }
  }

  async lstat(path: string): Promise<FileInfo> {
    try {
      return toInfo(await lstat(this.abs(path), { bigint: true }));
    } catch (e) {
      throw toFsError(e, 'read', path);
    }
  }

  async readdir(path: string): Promise<DirEntry[]> {
    try {
      const entries = await readdir(this.abs(path), { withFileTypes: true });
      return entries.map((d) => ({ name: d.name, kind: direntKind(d) }));
    } catch (e) {
      throw toFsError(e, 'list', path);
    }
  }

  readStream(path: string, opts: ReadOptions = {}): Readable {
    return createReadStream(this.abs(path), { start: opts.start, highWaterMark: opts.chunkSize ?? 1 << 20 });
  }

  async writeFile(path: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: WriteOptions = {}): Promise<number> {
    let fh;
    try {
      fh = await open(this.abs(path), opts.append ? 'a' : 'w');
    } catch (e) {
      throw toFsError(e, 'write', path);
    }
    // An error of the source (a download cut off) is not the disk's: it passes through as the source's own.
    let reading = true;
    try {
      for await (const chunk of source) {
        reading = false;
        await fh.write(chunk);
        reading = true;
      }
      reading = false;
      // Data must be on disk before the caller renames the file over its target.
      await fh.sync();
      return (await fh.stat()).size;
    } catch (e) {
      if (reading) throw e;
      throw toFsError(e, 'write', path);
    } finally {
      await fh.close();
    }
  }

  async mkdir(path: string): Promise<void> {
    try {
      await mkdir(this.abs(path), { recursive: true });
    } catch (e) {
      throw toFsError(e, 'create folder', path);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    try {
      await rename(this.abs(from), this.abs(to));
      await syncDir(dirname(this.abs(to)));
      if (dirname(from) !== dirname(to)) await syncDir(dirname(this.abs(from)));
    } catch (e) {
      throw toFsError(e, 'rename', from);
    }
  }

  async unlink(path: string): Promise<void> {
    try {
      await unlink(this.abs(path));
    } catch (e) {
      throw toFsError(e, 'remove', path);
    }
  }

  async trash(path: string): Promise<void> {
    try {
      await this.trasher.trashItem(this.abs(path));
    } catch (e) {
      throw toFsError(e, 'move to the trash', path);
    }
  }

  async utimes(path: string, mtimeMs: number): Promise<void> {
    try {
      const t = new Date(mtimeMs);
      await utimes(this.abs(path), t, t);
    } catch (e) {
      throw toFsError(e, 'set the time of', path);
    }
  }
}

function toInfo(s: BigIntStats): FileInfo {
  const kind: EntryKind = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
  return { kind, size: Number(s.size), mtimeMs: Number(s.mtimeNs / 1_000_000n), ino: s.ino.toString(), dev: s.dev.toString() };
}

function direntKind(d: Dirent): EntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'other';
}

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals renames itself.
  if (sep === '\\') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
