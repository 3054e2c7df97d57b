/** Small readers for validating untyped JSON objects. */
import { isPlainObject } from '../../api/object.js';

export type Json = Record<string, unknown>;

/** A nested object, or undefined. */
export function objectAt(parent: unknown, key: string): Json | undefined {
  if (!isPlainObject(parent)) {
    return undefined;
  }
  const v = parent[key];
  return isPlainObject(v) ? v : undefined;
}

/** A list of objects ([] when absent; non-objects dropped). */
export function listAt(parent: unknown, key: string): Json[] {
  if (!isPlainObject(parent)) {
    return [];
  }
  const v = parent[key];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

/** A string field ('' when absent, as Go's zero value). */
export function stringAt(parent: unknown, key: string): string {
  if (!isPlainObject(parent)) {
    return '';
  }
  const v = parent[key];
  return typeof v === 'string' ? v : '';
}

/** A number field, or undefined. */
export function numberAt(parent: unknown, key: string): number | undefined {
  if (!isPlainObject(parent)) {
    return undefined;
  }
  const v = parent[key];
  return typeof v === 'number' ? v : undefined;
}

/** A string map (labels, selectors); undefined when absent. */
export function stringMapAt(parent: unknown, key: string): Record<string, string> | undefined {
  const v = objectAt(parent, key);
  if (v === undefined) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    out[k] = typeof val === 'string' ? val : String(val);
  }
  return out;
}

/** Deep equality of JSON values (apiequality.Semantic.DeepEqual for our purposes). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
