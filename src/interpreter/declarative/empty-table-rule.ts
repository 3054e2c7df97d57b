/**
 * Karmada's repair of empty Lua tables (`luavm/lua_convert.go`).
 *
 * An empty Lua table encodes as `[]`, whether the script meant an empty list or an empty object.
 * Karmada looks at the objects the script was given (the references: desired and observed for
 * Retain, the object for ReviseReplica, none otherwise) and records, for each field path with
 * array indices left out, whether it held `[]` or `{}`. Every `[]` in the result then becomes
 * `{}` where a reference had `{}`, stays where a reference had `[]`, and is removed otherwise.
 */
import { isPlainObject } from '../../api/object.js';

/** Whether the result decodes into a struct (an object) or a slice (a list). */
export type ResultShape = 'object' | 'list';

interface EmptyFields {
  readonly lists: Set<string>;
  readonly objects: Set<string>;
}

/**
 * Applies the rule to `result` (as read from Lua, where empty tables are `[]`). Returns the
 * repaired value; `result` itself is modified in place.
 */
export function repairEmptyTables(result: unknown, shape: ResultShape, references: readonly unknown[] = []): unknown {
  if (Array.isArray(result) && result.length === 0) return shape === 'object' ? {} : [];
  const empty: EmptyFields = { lists: new Set(), objects: new Set() };
  for (const reference of references) collectEmptyFields(reference, '', empty);
  repair(result, '', empty);
  return result;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function collectEmptyFields(value: unknown, path: string, into: EmptyFields): void {
  if (Array.isArray(value)) {
    // Elements share their array's path: indices are not part of it.
    for (const item of value) visit(item, path, into);
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) visit(item, join(path, key), into);
  }
}

function visit(value: unknown, path: string, into: EmptyFields): void {
  if (Array.isArray(value) && value.length === 0) into.lists.add(path);
  else if (isPlainObject(value) && Object.keys(value).length === 0) into.objects.add(path);
  else collectEmptyFields(value, path, into);
}

function repair(value: unknown, path: string, empty: EmptyFields): void {
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      const replacement = repairedItem(value[i], path, empty);
      if (replacement === REMOVE) value.splice(i, 1);
      else value[i] = replacement;
    }
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const replacement = repairedItem(value[key], join(path, key), empty);
      if (replacement === REMOVE) delete value[key];
      else value[key] = replacement;
    }
  }
}

const REMOVE = Symbol('remove');

function repairedItem(item: unknown, path: string, empty: EmptyFields): unknown {
  if (Array.isArray(item) && item.length === 0) {
    if (empty.objects.has(path)) return {};
    if (empty.lists.has(path)) return item;
    return REMOVE;
  }
  repair(item, path, empty);
  return item;
}
