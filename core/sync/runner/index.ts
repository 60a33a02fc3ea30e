// Continuous sync of a pair (PairRunner), its progress and state events, and the pairs the user configured.
export { PairRunner, PAUSE_CHOICES_MS } from './pair-runner.js';
export type { RunnerEvents, RunnerOptions } from './pair-runner.js';
export type { EngineState } from './state.js';
export { stateOfError } from './state.js';
export { ProgressTracker } from './progress.js';
export type { ItemProgress, ProgressEvent, TotalsProgress } from './progress.js';
export { Emitter } from './emitter.js';
export { CountingDrive } from './counting-drive.js';
export { journalPath, loadPairs, MODES, newPairId, overlaps, pairsPath, recordRun, savePairs } from './pairs.js';
export type { PairConfig, PairRunSummary } from './pairs.js';
export { DEFAULT_TRANSFERS, openPair } from './open.js';
export type { OpenedPair } from './open.js';
