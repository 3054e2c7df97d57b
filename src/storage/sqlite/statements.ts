/** The prepared statements of the SQLite driver (prepared once per connection). */
import type Database from 'better-sqlite3';
import type { EventRow, LatestRow, ListRow } from './rows.js';

/** Columns of a row joined with its previous row (for watch events). */
const eventColumns = `k.id, k.name, k.deleted, k.create_revision, k.prev_revision, k.value,
  p.value AS prev_value, p.create_revision AS prev_create_revision`;

/**
 * A key's row current at :rev is the one with the highest id <= :rev; the list walks the
 * (name, id, deleted) index in name order and keeps those rows, so LIMIT stops early.
 */
const listWhere = `k.name < :hi AND k.deleted = 0
  AND k.id = (SELECT MAX(x.id) FROM kv AS x WHERE x.name = k.name AND x.id <= :rev)`;

/** Prepares every statement the driver uses. */
export function prepareStatements(db: Database.Database) {
  return {
    revision: db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'kv'").pluck(),
    compactRevision: db.prepare<[], number>("SELECT value FROM meta WHERE name = 'compact_revision'").pluck(),
    compactedThrough: db.prepare<[], number>("SELECT value FROM meta WHERE name = 'compacted_through'").pluck(),
    setMeta: db.prepare<{ name: string; value: number }>('UPDATE meta SET value = :value WHERE name = :name'),
    latest: db.prepare<[string], LatestRow>(
      'SELECT id, deleted, create_revision, value FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1',
    ),
    latestMeta: db.prepare<[string], Pick<LatestRow, 'id' | 'deleted'>>(
      'SELECT id, deleted FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1',
    ),
    insert: db.prepare<[string, number, number, number, string]>(
      'INSERT INTO kv (name, deleted, create_revision, prev_revision, value) VALUES (?, ?, ?, ?, ?)',
    ),
    listFrom: db.prepare<{ lo: string; hi: string; rev: number; limit: number }, ListRow>(
      `SELECT k.id, k.name, k.create_revision, k.value FROM kv AS k
       WHERE k.name >= :lo AND ${listWhere} ORDER BY k.name LIMIT :limit`,
    ),
    listAfter: db.prepare<{ lo: string; hi: string; rev: number; limit: number }, ListRow>(
      `SELECT k.id, k.name, k.create_revision, k.value FROM kv AS k
       WHERE k.name > :lo AND ${listWhere} ORDER BY k.name LIMIT :limit`,
    ),
    // Counting needs no values: group the covering index, keep keys not deleted at :rev.
    countAfter: db
      .prepare<{ lo: string; hi: string; rev: number }, number>(
        `SELECT COUNT(*) FROM (SELECT MAX(id), deleted FROM kv
         WHERE name > :lo AND name < :hi AND id <= :rev GROUP BY name) WHERE deleted = 0`,
      )
      .pluck(),
    history: db.prepare<{ after: number; until: number; lo: string; hi: string; limit: number }, EventRow>(
      `SELECT ${eventColumns} FROM kv AS k LEFT JOIN kv AS p ON p.id = k.prev_revision
       WHERE k.id > :after AND k.id <= :until AND k.name >= :lo AND k.name < :hi ORDER BY k.id LIMIT :limit`,
    ),
    since: db.prepare<{ after: number; limit: number }, EventRow>(
      `SELECT ${eventColumns} FROM kv AS k LEFT JOIN kv AS p ON p.id = k.prev_revision
       WHERE k.id > :after ORDER BY k.id LIMIT :limit`,
    ),
    // Compaction of (lo, hi]: a row there supersedes its previous row, and a delete row
    // there is itself forgettable (see compaction in sqlite-store.ts).
    compactSuperseded: db.prepare<{ lo: number; hi: number }>(
      'DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > :lo AND id <= :hi AND prev_revision > 0)',
    ),
    compactDeletes: db.prepare<{ lo: number; hi: number }>('DELETE FROM kv WHERE id > :lo AND id <= :hi AND deleted = 1'),
  };
}

/** The driver's prepared statements. */
export type Statements = ReturnType<typeof prepareStatements>;
