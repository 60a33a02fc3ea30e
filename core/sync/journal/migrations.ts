import type { Database } from 'better-sqlite3';

/**
 * Numbered schema steps. Step i brings the schema from version i to i+1 (PRAGMA user_version). Steps are
 * only ever appended: a released step never changes, because users' journals already went through it.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the pairs, the last synced state of every item, and the delta token per pair.
  `CREATE TABLE pairs (
     pair_id TEXT PRIMARY KEY,
     drive_id TEXT NOT NULL,
     remote_root_id TEXT NOT NULL,
     local_root TEXT NOT NULL,
     delta_token TEXT
   );
   CREATE TABLE items (
     pair_id TEXT NOT NULL REFERENCES pairs(pair_id) ON DELETE CASCADE,
     path TEXT NOT NULL,
     drive_id TEXT NOT NULL,
     item_id TEXT NOT NULL,
     parent_id TEXT,
     name TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
     size INTEGER NOT NULL,
     mtime_ms INTEGER NOT NULL,
     quick_xor_hash TEXT,
     etag TEXT,
     ctag TEXT,
     local_size INTEGER NOT NULL,
     local_mtime_ms INTEGER NOT NULL,
     local_ino TEXT NOT NULL,
     PRIMARY KEY (pair_id, path)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX items_by_id ON items (pair_id, item_id);
   CREATE INDEX items_by_ino ON items (pair_id, local_ino);`,
  // 2: transfers that resume after a restart.
  `CREATE TABLE upload_sessions (
     pair_id TEXT NOT NULL REFERENCES pairs(pair_id) ON DELETE CASCADE,
     path TEXT NOT NULL,
     url TEXT NOT NULL,
     offset INTEGER NOT NULL,
     expires_at_ms INTEGER NOT NULL,
     local_size INTEGER NOT NULL,
     local_mtime_ms INTEGER NOT NULL,
     PRIMARY KEY (pair_id, path)
   );
   CREATE TABLE partial_downloads (
     pair_id TEXT NOT NULL REFERENCES pairs(pair_id) ON DELETE CASCADE,
     item_id TEXT NOT NULL,
     temp_path TEXT NOT NULL,
     offset INTEGER NOT NULL,
     etag TEXT,
     PRIMARY KEY (pair_id, item_id)
   );`,
  // 3: per-item failures with backoff, and the conflict log for the UI.
  `CREATE TABLE failures (
     pair_id TEXT NOT NULL REFERENCES pairs(pair_id) ON DELETE CASCADE,
     path TEXT NOT NULL,
     kind TEXT NOT NULL,
     message TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     first_at_ms INTEGER NOT NULL,
     next_attempt_at_ms INTEGER NOT NULL,
     PRIMARY KEY (pair_id, path)
   );
   CREATE TABLE conflicts (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     pair_id TEXT NOT NULL REFERENCES pairs(pair_id) ON DELETE CASCADE,
     path TEXT NOT NULL,
     conflict_path TEXT NOT NULL,
     reason TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     resolution TEXT CHECK (resolution IN ('keep-mine', 'keep-theirs', 'keep-both')),
     resolved_at_ms INTEGER
   );
   CREATE INDEX conflicts_open ON conflicts (pair_id, resolution);`,
  // 4: the hash of the file here, kept only when it is not OneDrive's (an accepted SharePoint rewrite).
  `ALTER TABLE items ADD COLUMN local_hash TEXT;`,
];

/** Brings `db` to the latest schema; each step commits on its own, so a crash mid-way resumes at that step. */
export function migrate(db: Database): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`The sync journal was written by a newer Stratus (schema ${version}, this one knows ${MIGRATIONS.length}). Update Stratus.`);
  }
  for (; version < MIGRATIONS.length; version++) {
    const step = MIGRATIONS[version]!;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return version;
}
