/** Row shapes read from the kv table and their mapping to the storage contract. */
import type { KeyValue, WatchEvent } from '../storage.js';

/** The latest row of a key. */
export interface LatestRow {
  readonly id: number;
  readonly deleted: number;
  readonly create_revision: number;
  readonly value: string;
}

/** A row as listed (never a delete row). */
export interface ListRow {
  readonly id: number;
  readonly name: string;
  readonly create_revision: number;
  readonly value: string;
}

/** A row joined with its previous row, for watch events. */
export interface EventRow {
  readonly id: number;
  readonly name: string;
  readonly deleted: number;
  readonly create_revision: number;
  readonly prev_revision: number;
  readonly value: string;
  readonly prev_value: string | null;
  readonly prev_create_revision: number | null;
}

/** create_revision 0 marks the creating row: its own id is the create revision. */
export function createRevisionOf(id: number, createRevision: number): number {
  return createRevision === 0 ? id : createRevision;
}

/** The KeyValue a (non-delete) row holds. */
export function kvOfRow(key: string, row: ListRow | LatestRow): KeyValue {
  return { key, value: row.value, createRevision: createRevisionOf(row.id, row.create_revision), modRevision: row.id };
}

/** The watch event a row (joined with its previous row) stands for. */
export function eventOfRow(row: EventRow): WatchEvent {
  const prev: KeyValue | undefined =
    row.prev_revision === 0 || row.prev_value === null
      ? undefined
      : {
          key: row.name,
          value: row.prev_value,
          createRevision: createRevisionOf(row.prev_revision, row.prev_create_revision ?? 0),
          modRevision: row.prev_revision,
        };
  const createRevision = createRevisionOf(row.id, row.create_revision);
  if (row.deleted !== 0) {
    return { type: 'delete', kv: { key: row.name, value: prev?.value ?? '', createRevision, modRevision: row.id }, prev };
  }
  return { type: 'put', kv: { key: row.name, value: row.value, createRevision, modRevision: row.id }, prev };
}
