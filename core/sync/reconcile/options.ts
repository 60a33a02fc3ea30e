import { DEFAULT_IGNORE } from './filters.js';
import type { NameRules, PairOptions } from './types.js';

export const MAX_PATH_LENGTH = 400;
export const MAX_FILE_SIZE = 250 * 1000 ** 3;

/** The defaults of a new pair; hostname, clock and name rules come from the caller so reconcile stays pure. */
export function defaultOptions(names: NameRules, hostname: string, nowMs: number, over: Partial<PairOptions> = {}): PairOptions {
  return {
    mode: 'two-way',
    ignore: DEFAULT_IGNORE,
    selection: [],
    invalidNames: 'encode',
    names,
    followSymlinks: false,
    hostname,
    nowMs,
    remoteRootPath: '',
    maxPathLength: MAX_PATH_LENGTH,
    maxFileSize: MAX_FILE_SIZE,
    // Below 10 deletions the fraction rule stays quiet: deleting 1 of 2 files should not need a confirmation.
    bigDelete: { maxItems: 1000, maxFraction: 0.5, minItemsForFraction: 10 },
    force: false,
    ...over,
    // The user's patterns add to the defaults; they never replace them.
    ...(over.ignore ? { ignore: [...DEFAULT_IGNORE, ...over.ignore] } : {}),
  };
}
