import type { Readable } from 'node:stream';
import type { FsError } from './errors.js';

/** What a directory entry is. `other` covers FIFOs, sockets and device files, which are never synced. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface FileInfo {
  kind: EntryKind;
  size: number;
  mtimeMs: number;
  /**
   * The file id (inode on POSIX, file index on Windows) as decimal text: 64-bit ids do not fit a JS number,
   * and rename detection needs them exact.
   */
  ino: string;
  dev: string;
}

export interface DirEntry {
  name: string;
  kind: EntryKind;
}

/** One name of a folder listing with its lstat, or the error that lstat gave (the rest of the folder still lists). */
export type StatEntry = { name: string; info: FileInfo; error?: undefined } | { name: string; info?: undefined; error: FsError };

export interface ReadOptions {
  start?: number;
  /** Read size; small files should not each get a 1 MiB buffer (100,000 of them would churn 100 GB). */
  chunkSize?: number;
}

export interface WriteOptions {
  /** Append to what is already there (a resumed download) instead of truncating. */
  append?: boolean;
}

/**
 * The local side of a sync pair, rooted at the pair's folder. Paths are relative to the root with `/`
 * separators and no leading slash; `''` is the root itself. Every failure is an FsError.
 * Modelled on Syncthing's Filesystem so tests can swap in a fault-injecting version.
 */
export interface LocalFs {
  readonly root: string;
  stat(path: string): Promise<FileInfo>;
  lstat(path: string): Promise<FileInfo>;
  readdir(path: string): Promise<DirEntry[]>;
  /**
   * A folder's names, each with its lstat: the full scan's one call per folder. A name gone between listing and
   * lstat is left out. Throws (an FsError) only when the folder itself cannot be listed.
   */
  readdirStats(path: string): Promise<StatEntry[]>;
  readStream(path: string, opts?: ReadOptions): Readable;
  /**
   * The whole content of a small file in one buffer, or null when it holds more than `limit` bytes (it grew
   * since it was looked at: read it as a stream). Allocates `limit + 1` bytes: pass the size lstat gave. A stream per file costs ten times the memory and time of this
   * over 100,000 small files.
   */
  readSmall(path: string, limit: number): Promise<Uint8Array | null>;
  /** Writes the whole source, fsyncs and closes; returns the file's size afterwards. */
  writeFile(path: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts?: WriteOptions): Promise<number>;
  mkdir(path: string): Promise<void>;
  /** Renames and fsyncs the parent folder(s), so the rename survives a power cut. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file (temp files only: user files go to the trash). */
  unlink(path: string): Promise<void>;
  /** Moves a file or folder to the trash where the user can get it back. */
  trash(path: string): Promise<void>;
  utimes(path: string, mtimeMs: number): Promise<void>;
}

/** The host's trash: Electron's shell.trashItem, or the freedesktop trash. Takes an absolute path. */
export interface Trash {
  trashItem(absolutePath: string): Promise<void>;
}
