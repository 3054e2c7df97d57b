/**
 * What changed between two versions of an object, per field path (structured-merge-diff's
 * Compare): leaves (scalars, atomic values, empty objects and lists) are added, modified or
 * removed; a list item, map entry or struct field that appears or disappears is itself added or
 * removed, along with everything under it. One walk over both values; allocations only along
 * changed paths.
 */
import { isPlainObject } from '../../api/object.js';
import { jsonEqual, type JsonValue } from '../patch/json-value.js';
import { childType, resolveType, type FieldType, type ListType } from './field-type.js';
import { EMPTY_SET, LEAF, makeNode, type FieldSet } from './field-set.js';
import { fieldElement, listItemElement } from './path-element.js';

/** The fields added, modified and removed going from `lhs` to `rhs`. */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

interface Diff {
  a?: FieldSet;
  m?: FieldSet;
  r?: FieldSet;
}

const ADDED_LEAF: Diff = Object.freeze({ a: LEAF });
const MODIFIED_LEAF: Diff = Object.freeze({ m: LEAF });
const REMOVED_LEAF: Diff = Object.freeze({ r: LEAF });

/** Compares two objects (the roots are never members). */
export function compareObjects(lhs: Record<string, unknown>, rhs: Record<string, unknown>, type: FieldType): Comparison {
  const diff = compareMaps(lhs, rhs, type);
  return {
    added: diff?.a ?? EMPTY_SET,
    modified: diff?.m ?? EMPTY_SET,
    removed: diff?.r ?? EMPTY_SET,
  };
}

/** True when the comparison found no change at all. */
export function isNoChange(c: Comparison): boolean {
  return c.added === EMPTY_SET && c.modified === EMPTY_SET && c.removed === EMPTY_SET;
}

function leaf(lhs: unknown, rhs: unknown): Diff | undefined {
  if (lhs === undefined) return ADDED_LEAF;
  if (rhs === undefined) return REMOVED_LEAF;
  return jsonEqual(lhs as JsonValue, rhs as JsonValue) ? undefined : MODIFIED_LEAF;
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  for (const _ in value as Record<string, unknown>) return false;
  return true;
}

/** lhs or rhs (or both) present; returns the nodes at this path in each output set. */
function compareValue(lhs: unknown, rhs: unknown, type: FieldType): Diff | undefined {
  if (lhs === rhs && typeof lhs !== 'object') return undefined;
  const lType = lhs === undefined ? undefined : resolveType(type, lhs);
  const rType = rhs === undefined ? undefined : resolveType(type, rhs);
  const t = lType ?? rType;
  if (t === undefined || (lType !== undefined && rType !== undefined && lType.kind !== rType.kind)) {
    return leaf(lhs, rhs);
  }
  if (t.kind !== 'struct' && t.kind !== 'map' && t.kind !== 'list') return leaf(lhs, rhs);
  // both sides empty (or absent): a leaf, which keeps the empty/absent distinction
  if (isEmptyValue(lhs) && isEmptyValue(rhs)) return leaf(lhs, rhs);
  const inner = t.kind === 'list' ? compareLists(lhs, rhs, t) : compareMaps(lhs, rhs, t);
  if (inner === null) return leaf(lhs, rhs);
  if (lhs === undefined) return { a: makeNode(true, inner?.a) as FieldSet, ...(inner?.m === undefined ? {} : { m: inner.m }) };
  if (rhs === undefined) return { r: makeNode(true, inner?.r) as FieldSet, ...(inner?.m === undefined ? {} : { m: inner.m }) };
  return inner;
}

function add(diff: Diff | undefined, element: string, child: Diff): Diff {
  const out = diff ?? {};
  if (child.a !== undefined) (out.a ??= {})[element] = child.a;
  if (child.m !== undefined) (out.m ??= {})[element] = child.m;
  if (child.r !== undefined) (out.r ??= {})[element] = child.r;
  return out;
}

function compareMaps(lhs: unknown, rhs: unknown, type: FieldType): Diff | undefined {
  const l = isPlainObject(lhs) ? lhs : undefined;
  const r = isPlainObject(rhs) ? rhs : undefined;
  let out: Diff | undefined;
  if (l !== undefined) {
    for (const name in l) {
      const lv = l[name];
      if (lv === undefined) continue;
      const rv = r?.[name];
      const d = compareValue(lv, rv, childType(type, name));
      if (d !== undefined) out = add(out, fieldElement(name), d);
    }
  }
  if (r !== undefined) {
    for (const name in r) {
      const rv = r[name];
      if (rv === undefined || (l !== undefined && l[name] !== undefined)) continue;
      const d = compareValue(undefined, rv, childType(type, name));
      if (d !== undefined) out = add(out, fieldElement(name), d);
    }
  }
  return out;
}

/** Items by path element; null when the list cannot be keyed (then it compares as a leaf). */
function indexItems(value: unknown, type: ListType): Map<string, unknown> | null {
  const index = new Map<string, unknown>();
  if (!Array.isArray(value)) return index;
  for (const item of value) {
    const element = listItemElement(item, type);
    if (element === undefined || index.has(element)) return null;
    index.set(element, item);
  }
  return index;
}

/**
 * The common case: both lists hold the same keys in the same order (no maps needed). Duplicate
 * keys, invalid in stored objects, are not looked for here.
 */
function compareAligned(lhs: unknown[], rhs: unknown[], type: ListType): Diff | undefined | false {
  if (lhs.length !== rhs.length) return false;
  let out: Diff | undefined;
  for (let i = 0; i < lhs.length; i++) {
    const element = listItemElement(lhs[i], type);
    if (element === undefined || element !== listItemElement(rhs[i], type)) return false;
    const d = compareValue(lhs[i], rhs[i], type.elem);
    if (d !== undefined) out = add(out, element, d);
  }
  return out;
}

function compareLists(lhs: unknown, rhs: unknown, type: ListType): Diff | undefined | null {
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const aligned = compareAligned(lhs, rhs, type);
    if (aligned !== false) return aligned;
  }
  const l = indexItems(lhs, type);
  const r = indexItems(rhs, type);
  if (l === null || r === null) return null;
  let out: Diff | undefined;
  for (const [element, lItem] of l) {
    const d = compareValue(lItem, r.get(element), type.elem);
    if (d !== undefined) out = add(out, element, d);
  }
  for (const [element, rItem] of r) {
    if (l.has(element)) continue;
    const d = compareValue(undefined, rItem, type.elem);
    if (d !== undefined) out = add(out, element, d);
  }
  return out;
}
