export { quickXorOf, scanLocal } from './scan.js';
export type { KnownLocal, ScanOptions, ScanProblem, ScanResult } from './scan.js';
export { LocalWatcher } from './watch.js';
export type { WatchOptions } from './watch.js';
