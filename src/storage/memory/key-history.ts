import type { KeyValue } from '../storage.js';

/** One write to a key: the value it left, or undefined for a delete. */
export interface Version {
  readonly revision: number;
  readonly kv: KeyValue | undefined;
}

/** The value of a key as of revision (versions in increasing revision order). */
export function valueAt(versions: readonly Version[], revision: number): KeyValue | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i];
    if (v !== undefined && v.revision <= revision) return v.kv;
  }
  return undefined;
}

/**
 * Drops what compaction at revision may forget: versions superseded at or before it,
 * and the version current at it when that is a delete. Returns the versions kept.
 */
export function compactVersions(versions: readonly Version[], revision: number): Version[] {
  let keepFrom = 0;
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i];
    if (v !== undefined && v.revision <= revision) {
      keepFrom = v.kv === undefined ? i + 1 : i;
      break;
    }
  }
  return keepFrom === 0 ? versions.slice() : versions.slice(keepFrom);
}
