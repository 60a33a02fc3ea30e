import type { JournalRow } from '../journal/types.js';
import type { DirectDownload } from '../remote/types.js';

/** One local file or folder as observed (scan or watcher), by its path relative to the pair's folder. */
export interface LocalEntry {
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  mtimeMs: number;
  ino: string;
  /** QuickXorHash; present when the observer hashed it (new, or size/mtime differ from the journal). */
  hash?: string;
}

/** One remote item as currently known, with its path (decoded to local names) relative to the pair's folder. */
export interface RemoteEntry {
  path: string;
  id: string;
  parentId: string | null;
  /** The name as stored on OneDrive (encoded). */
  name: string;
  kind: 'file' | 'dir' | 'package';
  size: number;
  mtimeMs: number;
  hash?: string;
  eTag?: string;
  cTag?: string;
  /** Only from this pass's delta (never from the journal): lets the download skip the `/content` redirect. */
  direct?: DirectDownload;
}

export type SyncMode = 'two-way' | 'upload-only' | 'download-only';

/** What reconcile needs from core/names: the encoder (NameEncoder fits) and which names OneDrive refuses outright. */
export interface NameRules {
  encode(name: string): string;
  roundTrips(name: string): boolean;
  /** Why OneDrive refuses this (already encoded) name even so, or null when it is fine. */
  refuse(encodedName: string, atRoot: boolean): string | null;
}

export interface PairOptions {
  mode: SyncMode;
  /** Glob patterns (`*`, `?`, `[...]`) matched against a name, or against the path when they contain `/`. */
  ignore: readonly string[];
  /** Remote subfolders to keep (paths relative to the pair); empty keeps everything. */
  selection: readonly string[];
  /** Names OneDrive refuses: map them with the encoding, or leave them out with a message. */
  invalidNames: 'encode' | 'skip';
  names: NameRules;
  followSymlinks: boolean;
  hostname: string;
  /** Used for conflict names; reconcile never reads the clock itself. */
  nowMs: number;
  /** The pair's folder path on the drive (`/Documents/Work`), counted in the 400-character limit. */
  remoteRootPath: string;
  maxPathLength: number;
  maxFileSize: number;
  bigDelete: { maxItems: number; maxFraction: number; minItemsForFraction: number };
  /** Go ahead even when the big-delete guard would hold (the user confirmed, or --force). */
  force: boolean;
}

export type ProblemKind =
  | 'invalid-name'
  | 'case-clash'
  | 'path-too-long'
  | 'too-large'
  | 'symlink'
  | 'special-file'
  | 'onenote'
  | 'inside-skipped';

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** A name that would work, when there is one. */
  suggestion?: string;
}

type Base = { path: string; row: JournalRow | null };

/** One step of a plan. Paths are local, relative to the pair's folder. */
export type Action =
  | (Base & { type: 'upload'; local: LocalEntry; remoteName: string; replaceId: string | null; why: 'new' | 'changed' | 'restore' })
  /** `expect`: the local file as observed (null: none), so the executor never overwrites a newer edit. */
  | (Base & { type: 'download'; remote: RemoteEntry; why: 'new' | 'changed' | 'restore'; expect: { size: number; mtimeMs: number } | null })
  | (Base & { type: 'mkdir-local'; remote: RemoteEntry })
  | (Base & { type: 'mkdir-remote'; local: LocalEntry; remoteName: string })
  | (Base & { type: 'move-local'; from: string; itemId: string })
  | (Base & { type: 'move-remote'; from: string; itemId: string; remoteName: string })
  | (Base & { type: 'delete-local'; local: LocalEntry; kind: 'file' | 'dir'; items: number })
  | (Base & { type: 'delete-remote'; remote: RemoteEntry; itemId: string; kind: 'file' | 'dir'; items: number })
  /**
   * The server's version keeps `path`; the local one is renamed to `conflictPath` and, unless the pair is
   * download-only (OneDrive is never written then), uploaded.
   */
  | (Base & { type: 'conflict'; conflictPath: string; local: LocalEntry; remote: RemoteEntry; reason: string; uploadCopy: boolean })
  | (Base & { type: 'metadata-local'; mtimeMs: number; remote: RemoteEntry; local: LocalEntry })
  | (Base & { type: 'metadata-remote'; mtimeMs: number; remote: RemoteEntry; local: LocalEntry })
  /** Same on both sides already (or gone from both): only the journal changes. */
  | (Base & { type: 'record'; local: LocalEntry | null; remote: RemoteEntry | null })
  | (Base & { type: 'skip'; side: 'local' | 'remote'; problem: Problem });

export type ActionType = Action['type'];

export interface Plan {
  actions: Action[];
  /** Set when the big-delete guard holds the plan until the user confirms. */
  held: { deletes: number; total: number; message: string } | null;
  counts: Partial<Record<ActionType, number>>;
}
