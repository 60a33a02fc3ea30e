// The sync engine: observe -> reconcile -> execute -> record. See each folder's index for details.
export * from './fs/index.js';
export * from './journal/index.js';
export * from './reconcile/index.js';
export * from './local/index.js';
export * from './remote/index.js';
export { GraphDrive } from './remote/graph-drive.js';
export * from './execute/index.js';
export { syncOnce } from './engine/sync-once.js';
export type { PairRuntime, PassResult } from './engine/sync-once.js';
