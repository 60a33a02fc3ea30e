export { FsError, fsErrorFromCode, toFsError } from './errors.js';
export type { FsErrorKind } from './errors.js';
export type { DirEntry, EntryKind, FileInfo, LocalFs, ReadOptions, StatEntry, Trash, WriteOptions } from './types.js';
export { NodeFs } from './node-fs.js';
export { FaultFs } from './fault-fs.js';
export type { Fault, FsOp } from './fault-fs.js';
export { FreedesktopTrash } from './freedesktop-trash.js';
export { commitTemp, tempPathFor, writeAtomic } from './atomic.js';
export type { ReplaceOptions } from './atomic.js';
