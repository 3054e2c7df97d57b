/**
 * The SQLite schema, kine-like: one append-only table where every write is a row and
 * the autoincrement id is the revision. Differences from kine, on purpose:
 * - no old_value column: a row's previous value is the row at prev_revision, which
 *   compaction never removes while the row itself is still needed (see compaction in
 *   sqlite-store.ts), so watch events join it instead of storing every value twice;
 * - no created column: create_revision = 0 marks the row that created the key (its own
 *   id is the create revision, unknown before the insert);
 * - a delete row (deleted = 1) stores an empty value; the deleted value is at prev_revision.
 */
import type Database from 'better-sqlite3';

/** Bumped when the layout changes; stored in the meta table. */
export const schemaVersion = 1;

const ddl = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
);
-- (name, id) finds a key's latest row and serves prefix lists at any revision;
-- deleted rides along so list/count subqueries never touch the table.
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id, deleted);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ${schemaVersion});
-- Reads and watches below compact_revision fail; rows are deleted up to compacted_through.
INSERT OR IGNORE INTO meta (name, value) VALUES ('compact_revision', 0);
INSERT OR IGNORE INTO meta (name, value) VALUES ('compacted_through', 0);
-- An empty store is at revision 1 (like etcd), so the first write is revision 2 and
-- revision 0 keeps meaning "now / any".
INSERT INTO sqlite_sequence (name, seq) SELECT 'kv', 1 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'kv');
`;

/** How commits reach the disk; see docs/design/storage.md "Durability". */
export type SqliteSynchronous = 'normal' | 'full';

/** Sets the connection up (WAL, durability level) and creates the schema when missing. */
export function prepareDatabase(db: Database.Database, synchronous: SqliteSynchronous): void {
  // busy_timeout first: another process may hold the write lock while we set up.
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('journal_size_limit = 67108864');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.transaction(() => db.exec(ddl)).immediate();
  const version = db.prepare("SELECT value FROM meta WHERE name = 'schema_version'").pluck().get();
  if (version !== schemaVersion) {
    throw new Error(`unsupported storage schema version ${String(version)} (this build reads ${schemaVersion})`);
  }
}
