import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { migrate } from './migrations.js';
import type { ConflictRecord, ConflictResolution, Failure, JournalOp, JournalRow, PairRecord, PartialDownload, SavedUpload } from './types.js';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Retry after 1 min, 2, 4, ... capped at 6 h: a stuck item must not spin, but must not be forgotten either. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 60_000, maxMs: 6 * 3600_000 };

const ITEM_COLS = `path, drive_id, item_id, parent_id, name, kind, size, mtime_ms, quick_xor_hash, etag, ctag,
  local_size, local_mtime_ms, local_ino, local_hash`;

/**
 * The same columns named as JournalRow's fields: SQLite hands back the row itself, with no copy per row (the
 * columns' NULLs are the row's nulls). A 100,000-row read is a pass's largest single cost after the scan.
 */
const ROW_COLS = `path, drive_id AS driveId, item_id AS itemId, parent_id AS parentId, name, kind, size, mtime_ms AS mtimeMs,
  quick_xor_hash AS quickXorHash, etag AS eTag, ctag AS cTag, local_size AS localSize, local_mtime_ms AS localMtimeMs,
  local_ino AS localIno, local_hash AS localHash`;

/** The sync journal: one SQLite file (WAL) holding every pair's last agreed state. */
export class Journal {
  readonly db: Db;
  private readonly st: Record<string, Statement>;

  constructor(file: string, private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a transaction reported committed survives a power cut, which "record only after it happened" needs.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // SQLite's own default page cache (2 MB). better-sqlite3 builds it with 16 MB, which a 100,000-item first sync
    // fills while recording (and a full pass while reading every row): 15-20 MB more resident, no faster here.
    this.db.pragma('cache_size = -2000');
    migrate(this.db);
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      putItem: p(`INSERT OR REPLACE INTO items (pair_id, ${ITEM_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      removeItem: p('DELETE FROM items WHERE pair_id = ? AND path = ?'),
      removeById: p('DELETE FROM items WHERE pair_id = ? AND item_id = ? AND path <> ?'),
      removeSubtree: p('DELETE FROM items WHERE pair_id = ? AND (path = ? OR substr(path, 1, length(?) + 1) = ? || \'/\')'),
      moveSubtree: p(`UPDATE items SET path = ? || substr(path, length(?) + 1)
        WHERE pair_id = ? AND (path = ? OR substr(path, 1, length(?) + 1) = ? || '/')`),
      getItem: p(`SELECT ${ROW_COLS} FROM items WHERE pair_id = ? AND path = ?`),
      getById: p(`SELECT ${ROW_COLS} FROM items WHERE pair_id = ? AND item_id = ?`),
      allItems: p(`SELECT ${ITEM_COLS} FROM items WHERE pair_id = ?`).raw(true),
      countItems: p('SELECT count(*) AS n FROM items WHERE pair_id = ?'),
      setToken: p('UPDATE pairs SET delta_token = ? WHERE pair_id = ?'),
      getPair: p('SELECT pair_id, drive_id, remote_root_id, local_root, delta_token FROM pairs WHERE pair_id = ?'),
      putPair: p(`INSERT INTO pairs (pair_id, drive_id, remote_root_id, local_root) VALUES (?, ?, ?, ?)
        ON CONFLICT (pair_id) DO UPDATE SET drive_id = excluded.drive_id, remote_root_id = excluded.remote_root_id,
        local_root = excluded.local_root`),
      removePair: p('DELETE FROM pairs WHERE pair_id = ?'),
      putUpload: p(`INSERT OR REPLACE INTO upload_sessions (pair_id, path, url, offset, expires_at_ms, local_size, local_mtime_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      getUpload: p('SELECT path, url, offset, expires_at_ms, local_size, local_mtime_ms FROM upload_sessions WHERE pair_id = ? AND path = ?'),
      dropUpload: p('DELETE FROM upload_sessions WHERE pair_id = ? AND path = ?'),
      putDownload: p('INSERT OR REPLACE INTO partial_downloads (pair_id, item_id, temp_path, offset, etag) VALUES (?, ?, ?, ?, ?)'),
      getDownload: p('SELECT item_id, temp_path, offset, etag FROM partial_downloads WHERE pair_id = ? AND item_id = ?'),
      allDownloads: p('SELECT item_id, temp_path, offset, etag FROM partial_downloads WHERE pair_id = ?'),
      dropDownload: p('DELETE FROM partial_downloads WHERE pair_id = ? AND item_id = ?'),
      getFailure: p('SELECT path, kind, message, attempts, first_at_ms, next_attempt_at_ms FROM failures WHERE pair_id = ? AND path = ?'),
      putFailure: p(`INSERT OR REPLACE INTO failures (pair_id, path, kind, message, attempts, first_at_ms, next_attempt_at_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      dropFailure: p('DELETE FROM failures WHERE pair_id = ? AND path = ?'),
      allFailures: p('SELECT path, kind, message, attempts, first_at_ms, next_attempt_at_ms FROM failures WHERE pair_id = ? ORDER BY path'),
      addConflict: p('INSERT INTO conflicts (pair_id, path, conflict_path, reason, at_ms) VALUES (?, ?, ?, ?, ?)'),
      openConflicts: p('SELECT id, path, conflict_path, reason, at_ms, resolution FROM conflicts WHERE pair_id = ? AND resolution IS NULL ORDER BY id'),
      resolveConflict: p('UPDATE conflicts SET resolution = ?, resolved_at_ms = ? WHERE id = ? AND resolution IS NULL'),
    };
  }

  close(): void {
    this.db.close();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  // --- pairs and the delta token

  putPair(p: Omit<PairRecord, 'deltaToken'>): void {
    this.st.putPair!.run(p.pairId, p.driveId, p.remoteRootId, p.localRoot);
  }

  pair(pairId: string): PairRecord | null {
    const r = this.st.getPair!.get(pairId) as Record<string, string | null> | undefined;
    if (!r) return null;
    return { pairId, driveId: r.drive_id!, remoteRootId: r.remote_root_id!, localRoot: r.local_root!, deltaToken: r.delta_token ?? null };
  }

  /** Forgets a pair and everything recorded about it. */
  removePair(pairId: string): void {
    this.st.removePair!.run(pairId);
  }

  // --- items

  /**
   * Applies a batch in one transaction: all of it or, if anything throws (or the process dies), none of it.
   * Put the delta token in the batch that applies a delta's last page, so the token never runs ahead of the items.
   */
  apply(pairId: string, ops: readonly JournalOp[]): void {
    this.db.transaction(() => {
      for (const o of ops) this.applyOne(pairId, o);
    })();
  }

  private applyOne(pairId: string, o: JournalOp): void {
    switch (o.op) {
      case 'put':
        // An item id lives at one path only: a put for a moved item replaces its old row.
        this.st.removeById!.run(pairId, o.row.itemId, o.row.path);
        putRow(this.st.putItem!, pairId, o.row);
        return;
      case 'remove':
        if (o.subtree) this.st.removeSubtree!.run(pairId, o.path, o.path, o.path);
        else this.st.removeItem!.run(pairId, o.path);
        return;
      case 'move':
        if (o.from === o.to) return;
        this.st.removeSubtree!.run(pairId, o.to, o.to, o.to);
        this.st.moveSubtree!.run(o.to, o.from, pairId, o.from, o.from, o.from);
        return;
      case 'token':
        this.st.setToken!.run(o.token, pairId);
        return;
    }
  }

  item(pairId: string, path: string): JournalRow | null {
    return asRow(this.st.getItem!.get(pairId, path));
  }

  itemById(pairId: string, itemId: string): JournalRow | null {
    return asRow(this.st.getById!.get(pairId, itemId));
  }

  /**
   * Every row of a pair, streamed: 100,000 rows should not sit in memory twice. Read as arrays and made into
   * rows here (faster than SQLite's named rows); the strings most rows repeat (drive id, kind, parent id) are
   * shared, not held once per row.
   */
  *items(pairId: string): Generator<JournalRow> {
    const shared = new Map<string, string>();
    const one = (s: string): string => {
      const had = shared.get(s);
      if (had !== undefined) return had;
      shared.set(s, s);
      return s;
    };
    for (const r of this.st.allItems!.iterate(pairId) as IterableIterator<unknown[]>) {
      const row: JournalRow = {
        path: r[0] as string, driveId: one(r[1] as string), itemId: r[2] as string, parentId: r[3] === null ? null : one(r[3] as string),
        name: r[4] as string, kind: one(r[5] as string) as JournalRow['kind'], size: r[6] as number, mtimeMs: r[7] as number,
        quickXorHash: r[8] as string | null, eTag: r[9] as string | null, cTag: r[10] as string | null, localSize: r[11] as number,
        localMtimeMs: r[12] as number, localIno: r[13] as string,
      };
      // Set only on the few rows that have one, so the rest keep their shape and size.
      if (r[14] !== null) row.localHash = r[14] as string;
      yield row;
    }
  }

  count(pairId: string): number {
    return (this.st.countItems!.get(pairId) as { n: number }).n;
  }

  // --- resumable transfers

  saveUpload(pairId: string, u: SavedUpload): void {
    this.st.putUpload!.run(pairId, u.path, u.url, u.offset, u.expiresAtMs, u.localSize, u.localMtimeMs);
  }

  upload(pairId: string, path: string): SavedUpload | null {
    const r = this.st.getUpload!.get(pairId, path) as RawRow | undefined;
    if (!r) return null;
    return { path: r.path, url: r.url, offset: r.offset, expiresAtMs: r.expires_at_ms, localSize: r.local_size, localMtimeMs: r.local_mtime_ms };
  }

  dropUpload(pairId: string, path: string): void {
    this.st.dropUpload!.run(pairId, path);
  }

  saveDownload(pairId: string, d: PartialDownload): void {
    this.st.putDownload!.run(pairId, d.itemId, d.tempPath, d.offset, d.eTag);
  }

  download(pairId: string, itemId: string): PartialDownload | null {
    const r = this.st.getDownload!.get(pairId, itemId) as RawRow | undefined;
    return r ? { itemId: r.item_id, tempPath: r.temp_path, offset: r.offset, eTag: r.etag } : null;
  }

  /** All partial downloads: at start, temp files without a row here are leftovers to clean up. */
  downloads(pairId: string): PartialDownload[] {
    return (this.st.allDownloads!.all(pairId) as RawRow[]).map((r) => ({ itemId: r.item_id, tempPath: r.temp_path, offset: r.offset, eTag: r.etag }));
  }

  dropDownload(pairId: string, itemId: string): void {
    this.st.dropDownload!.run(pairId, itemId);
  }

  // --- failures with backoff

  /** Records one more failed attempt and when to try next (exponential backoff). */
  recordFailure(pairId: string, path: string, kind: string, message: string, nowMs: number): Failure {
    const prev = this.failure(pairId, path);
    const attempts = (prev?.attempts ?? 0) + 1;
    const wait = Math.min(this.backoff.baseMs * 2 ** (attempts - 1), this.backoff.maxMs);
    const f: Failure = { path, kind, message, attempts, firstAtMs: prev?.firstAtMs ?? nowMs, nextAttemptAtMs: nowMs + wait };
    this.st.putFailure!.run(pairId, path, kind, message, attempts, f.firstAtMs, f.nextAttemptAtMs);
    return f;
  }

  failure(pairId: string, path: string): Failure | null {
    const r = this.st.getFailure!.get(pairId, path) as RawRow | undefined;
    return r ? toFailure(r) : null;
  }

  failures(pairId: string): Failure[] {
    return (this.st.allFailures!.all(pairId) as RawRow[]).map(toFailure);
  }

  /** True while `path` is waiting out its backoff. */
  isBackingOff(pairId: string, path: string, nowMs: number): boolean {
    const f = this.failure(pairId, path);
    return f !== null && f.nextAttemptAtMs > nowMs;
  }

  clearFailure(pairId: string, path: string): void {
    this.st.dropFailure!.run(pairId, path);
  }

  // --- the conflict log

  logConflict(pairId: string, path: string, conflictPath: string, reason: string, atMs: number): number {
    return Number(this.st.addConflict!.run(pairId, path, conflictPath, reason, atMs).lastInsertRowid);
  }

  openConflicts(pairId: string): ConflictRecord[] {
    return (this.st.openConflicts!.all(pairId) as RawRow[]).map((r) => ({
      id: r.id, path: r.path, conflictPath: r.conflict_path, reason: r.reason, atMs: r.at_ms, resolution: r.resolution,
    }));
  }

  /** Marks a conflict resolved; false when it was already resolved or does not exist. */
  resolveConflict(id: number, resolution: ConflictResolution, atMs: number): boolean {
    return this.st.resolveConflict!.run(resolution, atMs, id).changes === 1;
  }
}

/** A row read by name: localHash is there only when the row has one, as in the rows items() makes. */
function asRow(r: unknown): JournalRow | null {
  const row = r as JournalRow | undefined;
  if (!row) return null;
  if (row.localHash === null) delete row.localHash;
  return row;
}

/** Positional, in ITEM_COLS' order: no object per row to bind by name (a first sync puts 100,000). */
function putRow(st: Statement, pairId: string, r: JournalRow): void {
  st.run(pairId, r.path, r.driveId, r.itemId, r.parentId, r.name, r.kind, r.size, r.mtimeMs, r.quickXorHash, r.eTag, r.cTag, r.localSize, r.localMtimeMs, r.localIno, r.localHash ?? null);
}

/** A row as SQLite hands it back; each reader knows which columns it selected. */
interface RawRow {
  path: string;
  url: string;
  offset: number;
  expires_at_ms: number;
  local_size: number;
  local_mtime_ms: number;
  item_id: string;
  temp_path: string;
  etag: string | null;
  kind: string;
  message: string;
  attempts: number;
  first_at_ms: number;
  next_attempt_at_ms: number;
  id: number;
  conflict_path: string;
  reason: string;
  at_ms: number;
  resolution: ConflictResolution | null;
}

function toFailure(r: RawRow): Failure {
  return { path: r.path, kind: r.kind, message: r.message, attempts: r.attempts, firstAtMs: r.first_at_ms, nextAttemptAtMs: r.next_attempt_at_ms };
}
