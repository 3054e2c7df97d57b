/** Narrow readers over arbitrary JSON objects, for printers that must not trust their input. */
import { isPlainObject } from '../../api/object.js';

/** The value at a dotted path, or undefined. */
export function at(object: unknown, path: string): unknown {
  let cur: unknown = object;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) {
      return undefined;
    }
    cur = cur[part];
  }
  return cur;
}

/** A string field, '' when absent or not a string (Go zero value). */
export function str(object: unknown, path: string): string {
  const v = at(object, path);
  return typeof v === 'string' ? v : '';
}

/** An optional string field. */
export function optStr(object: unknown, path: string): string | undefined {
  const v = at(object, path);
  return typeof v === 'string' ? v : undefined;
}

/** An integer field, 0 when absent (Go zero value). */
export function int(object: unknown, path: string): number {
  const v = at(object, path);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** An optional integer field. */
export function optInt(object: unknown, path: string): number | undefined {
  const v = at(object, path);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : undefined;
}

/** A boolean field, false when absent. */
export function bool(object: unknown, path: string): boolean {
  return at(object, path) === true;
}

/** An array field of plain objects (other entries dropped), [] when absent. */
export function objects(object: unknown, path: string): Record<string, unknown>[] {
  const v = at(object, path);
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

/** An array field of strings, [] when absent. */
export function strings(object: unknown, path: string): string[] {
  const v = at(object, path);
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** A map of strings (labels, selectors), {} when absent. */
export function stringMap(object: unknown, path: string): Record<string, string> {
  const v = at(object, path);
  const out: Record<string, string> = {};
  if (isPlainObject(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (typeof val === 'string') {
        out[k] = val;
      }
    }
  }
  return out;
}

/** A map field's entry count (data, binaryData). */
export function mapSize(object: unknown, path: string): number {
  const v = at(object, path);
  return isPlainObject(v) ? Object.keys(v).length : 0;
}

/** intstr.IntOrString.String(). */
export function intOrString(value: unknown): string {
  if (typeof value === 'number') {
    return String(Math.trunc(value));
  }
  return typeof value === 'string' ? value : '0';
}
