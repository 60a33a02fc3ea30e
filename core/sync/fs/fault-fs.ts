import { Readable } from 'node:stream';
import { fsErrorFromCode } from './errors.js';
import type { DirEntry, FileInfo, LocalFs, ReadOptions, StatEntry, WriteOptions } from './types.js';

export type FsOp = 'stat' | 'lstat' | 'readdir' | 'read' | 'write' | 'mkdir' | 'rename' | 'unlink' | 'trash' | 'utimes';

export interface Fault {
  /** Operations it hits; all when absent. */
  ops?: FsOp[];
  /** Paths it hits (for rename, either side); all when absent. */
  path?: string | RegExp | ((path: string) => boolean);
  /** The errno to raise: ENOSPC, EACCES, EIO, ... */
  code: string;
  /** For writes: let this many bytes through first, to model a disk filling up mid-file. */
  afterBytes?: number;
  /** Fire this many times, then stop; forever when absent. */
  times?: number;
}

/** LocalFs that fails on chosen operations and paths, as Syncthing's errorfs does; for tests. */
export class FaultFs implements LocalFs {
  private readonly faults: Fault[] = [];
  /** Every operation attempted, in order, as `op path`; lets tests assert what the engine did. */
  readonly log: string[] = [];

  constructor(private readonly inner: LocalFs) {}

  get root(): string {
    return this.inner.root;
  }

  inject(fault: Fault): this {
    this.faults.push({ ...fault });
    return this;
  }

  clear(): void {
    this.faults.length = 0;
  }

  private match(op: FsOp, ...paths: string[]): Fault | undefined {
    this.log.push(`${op} ${paths.join(' -> ')}`);
    const f = this.faults.find((f) => (!f.ops || f.ops.includes(op)) && paths.some((p) => pathHits(f.path, p)) && f.times !== 0);
    if (f && f.times !== undefined) f.times--;
    return f;
  }

  private check(op: FsOp, opName: string, ...paths: string[]): void {
    const f = this.match(op, ...paths);
    if (f) throw fsErrorFromCode(f.code, opName, paths[0] ?? '');
  }

  async stat(path: string): Promise<FileInfo> {
    this.check('stat', 'read', path);
    return this.inner.stat(path);
  }

  async lstat(path: string): Promise<FileInfo> {
    this.check('lstat', 'read', path);
    return this.inner.lstat(path);
  }

  async readdir(path: string): Promise<DirEntry[]> {
    this.check('readdir', 'list', path);
    return this.inner.readdir(path);
  }

  /** The listing's faults are readdir's; each name's are lstat's, as if the scan had asked them one by one. */
  async readdirStats(path: string): Promise<StatEntry[]> {
    this.check('readdir', 'list', path);
    const out: StatEntry[] = [];
    for (const e of await this.inner.readdirStats(path)) {
      const child = path === '' ? e.name : `${path}/${e.name}`;
      const f = this.match('lstat', child);
      out.push(f ? { name: e.name, error: fsErrorFromCode(f.code, 'read', child) } : e);
    }
    return out;
  }

  readStream(path: string, opts?: ReadOptions): Readable {
    const f = this.match('read', path);
    if (!f) return this.inner.readStream(path, opts);
    const err = fsErrorFromCode(f.code, 'read', path);
    return new Readable({ read() { this.destroy(err); } });
  }

  async readSmall(path: string, limit: number): Promise<Uint8Array | null> {
    this.check('read', 'read', path);
    return this.inner.readSmall(path, limit);
  }

  async writeFile(path: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts?: WriteOptions): Promise<number> {
    const f = this.match('write', path);
    if (!f) return this.inner.writeFile(path, source, opts);
    const err = fsErrorFromCode(f.code, 'write', path);
    if (f.afterBytes === undefined) throw err;
    // Write the allowed prefix for real, then fail: the half-written temp file is what a full disk leaves.
    await this.inner.writeFile(path, truncate(source, f.afterBytes), opts);
    throw err;
  }

  async mkdir(path: string): Promise<void> {
    this.check('mkdir', 'create folder', path);
    return this.inner.mkdir(path);
  }

  async rename(from: string, to: string): Promise<void> {
    this.check('rename', 'rename', from, to);
    return this.inner.rename(from, to);
  }

  async unlink(path: string): Promise<void> {
    this.check('unlink', 'remove', path);
    return this.inner.unlink(path);
  }

  async trash(path: string): Promise<void> {
    this.check('trash', 'move to the trash', path);
    return this.inner.trash(path);
  }

  async utimes(path: string, mtimeMs: number): Promise<void> {
    this.check('utimes', 'set the time of', path);
    return this.inner.utimes(path, mtimeMs);
  }
}

function pathHits(rule: Fault['path'], path: string): boolean {
  if (rule === undefined) return true;
  if (typeof rule === 'string') return rule === path;
  if (rule instanceof RegExp) return rule.test(path);
  return rule(path);
}

async function* truncate(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let left = limit;
  for await (const chunk of source) {
    if (left <= 0) return;
    const part = chunk.subarray(0, left);
    left -= part.length;
    yield part;
  }
}
