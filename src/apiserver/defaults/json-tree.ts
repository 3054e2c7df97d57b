import { isPlainObject } from '../../api/object.js';

/** A JSON object being defaulted in place. */
export type Json = Record<string, unknown>;

/** `parent[key]` as an object, created (and set) when absent or not an object. */
export function child(parent: Json, key: string): Json {
  const v = parent[key];
  if (isPlainObject(v)) {
    return v;
  }
  const created: Json = {};
  parent[key] = created;
  return created;
}

/** The objects in the list `parent[key]` (none when absent). */
export function objects(parent: Json, key: string): Json[] {
  const v = parent[key];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}
