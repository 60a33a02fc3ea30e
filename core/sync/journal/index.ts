export { DEFAULT_BACKOFF, Journal } from './journal.js';
export type { BackoffPolicy } from './journal.js';
export { migrate, MIGRATIONS } from './migrations.js';
export type { ConflictRecord, ConflictResolution, Failure, JournalOp, JournalRow, PairRecord, PartialDownload, SavedUpload } from './types.js';
