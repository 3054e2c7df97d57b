/** Small readers for untyped JSON objects (Kubernetes objects as parsed JSON). */
import { isPlainObject } from '../../api/object.js';

/** The plain object at `path`, or undefined. */
export function getObject(root: unknown, ...path: string[]): Record<string, unknown> | undefined {
  const value = getValue(root, ...path);
  return isPlainObject(value) ? value : undefined;
}

/** The array at `path`, or an empty array. */
export function getArray(root: unknown, ...path: string[]): unknown[] {
  const value = getValue(root, ...path);
  return Array.isArray(value) ? value : [];
}

/** The string at `path`, or undefined. */
export function getString(root: unknown, ...path: string[]): string | undefined {
  const value = getValue(root, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** The number at `path`, or undefined. */
export function getNumber(root: unknown, ...path: string[]): number | undefined {
  const value = getValue(root, ...path);
  return typeof value === 'number' ? value : undefined;
}

/** The value at `path`, or undefined when a step is missing or not an object. */
export function getValue(root: unknown, ...path: string[]): unknown {
  let current = root;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Sets `value` at `path`, creating (or replacing non-object) intermediate objects. */
export function setValue(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = current[key];
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created: Record<string, unknown> = {};
      current[key] = created;
      current = created;
    }
  }
  current[path[path.length - 1] as string] = value;
}
