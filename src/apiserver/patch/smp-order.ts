/**
 * List bookkeeping of strategic merge patch: element kinds, lookups by merge key, and the
 * ordering rules (patch order first, then `$setElementOrder`, live order for server-only items)
 * that upstream's normalizeElementOrder/mergeSortedSlice implement.
 */
import { formatGoValue, goTypeName } from './go-format.js';
import { errBadArgType, errMerge, errNoListOfLists, errNoMergeKey, MAP_TYPE, SLICE_TYPE } from './smp-errors.js';
import { hasKey, isJsonObject, type JsonObject, type JsonValue } from './json-value.js';

/** Anything indexable: a JS array or a GoSlice. */
export interface Indexed {
  readonly length: number;
  at(index: number): JsonValue | undefined;
}

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';

/**
 * The common Go type of the elements of some lists (`sliceElementType`): lists of lists and
 * mixed lists are errors, as are lists with no elements at all.
 */
export function sliceElementType(...lists: readonly Indexed[]): string {
  let found: string | undefined;
  for (const list of lists) {
    for (let i = 0; i < list.length; i += 1) {
      const type = goTypeName(list.at(i));
      if (found === undefined) {
        if (type === SLICE_TYPE) throw errNoListOfLists();
        found = type;
      } else if (found !== type) {
        const shown = lists.map((each) => formatGoValue(toArray(each))).join(' ');
        throw errMerge(`list element types are not identical: [${shown}]`);
      }
    }
  }
  if (found === undefined) throw errMerge('no elements in any of the given slices');
  return found;
}

function toArray(list: Indexed): JsonValue[] {
  const out: JsonValue[] = [];
  for (let i = 0; i < list.length; i += 1) out.push(list.at(i) as JsonValue);
  return out;
}

/** Go's `==` on two decoded JSON values: scalars by value, composites only by identity. */
function goEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

/** The merge key value of a map element, or the element itself for scalars. */
function keyOf(item: JsonValue | undefined, mergeKey: string, isMap: boolean): JsonValue | undefined {
  if (!isMap) return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

/** The position of `value` in `list` (by merge key for maps), or -1. */
export function indexOf(list: Indexed, value: JsonValue, mergeKey: string, isMap: boolean): number {
  const wanted = keyOf(value, mergeKey, isMap);
  for (let i = 0; i < list.length; i += 1) {
    if (goEqual(keyOf(list.at(i), mergeKey, isMap), wanted)) return i;
  }
  return -1;
}

/** `findMapInSliceBasedOnKeyValue`: the first map whose `key` equals `value`. */
export function findMapByKey(
  list: Indexed,
  key: string,
  value: JsonValue | undefined,
): { map: JsonObject; index: number } | undefined {
  for (let i = 0; i < list.length; i += 1) {
    const item = list.at(i);
    if (!isJsonObject(item)) throw errMerge(`value for key ${i} is not a map`);
    if (hasKey(item, key) && goEqual(item[key], value)) return { map: item, index: i };
  }
  return undefined;
}

/** Every element must be a map holding the merge key. */
export function validateMergeKeyInLists(mergeKey: string, ...lists: readonly Indexed[]): void {
  for (const list of lists) {
    for (let i = 0; i < list.length; i += 1) {
      const item = list.at(i);
      if (!isJsonObject(item)) throw errBadArgType(MAP_TYPE, item);
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits `$patch: delete` elements from the others. */
export function extractToDeleteItems(list: readonly JsonValue[]): { keep: JsonValue[]; toDelete: JsonValue[] } {
  const keep: JsonValue[] = [];
  const toDelete: JsonValue[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) throw errBadArgType(MAP_TYPE, item);
    if (hasKey(item, DIRECTIVE_MARKER) && item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) {
      toDelete.push(item);
    } else {
      keep.push(item);
    }
  }
  return { keep, toDelete };
}

/**
 * Sorts `toSort` by the positions of its elements in `order` (`normalizeSliceOrder`). This is
 * Go's stable insertion sort with upstream's comparator, which calls an element "less" whenever
 * either side is missing from `order`; a different algorithm would place such elements elsewhere.
 */
export function normalizeSliceOrder(
  toSort: readonly JsonValue[],
  order: Indexed,
  mergeKey: string,
  isMap: boolean,
): JsonValue[] {
  let sorted = [...toSort];
  let toDelete: JsonValue[] = [];
  if (isMap) {
    validateMergeKeyInLists(mergeKey, sorted, order);
    ({ keep: sorted, toDelete } = extractToDeleteItems(sorted));
  }
  const less = (a: JsonValue, b: JsonValue): boolean => {
    const ia = indexOf(order, a, mergeKey, isMap);
    if (ia < 0) return true;
    const ib = indexOf(order, b, mergeKey, isMap);
    return ib < 0 || ia < ib;
  };
  for (let i = 1; i < sorted.length; i += 1) {
    for (let j = i; j > 0 && less(sorted[j] as JsonValue, sorted[j - 1] as JsonValue); j -= 1) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1] as JsonValue, sorted[j] as JsonValue];
    }
  }
  return [...sorted, ...toDelete];
}

/**
 * Interleaves server-only elements (`left`) into patch elements (`right`), keeping each list's
 * own order and putting a server-only element first only when the live list had it before the
 * patch element it is compared with.
 */
export function mergeSortedSlice(
  left: readonly JsonValue[],
  right: readonly JsonValue[],
  serverOrder: Indexed,
  mergeKey: string,
  isMap: boolean,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexOf(serverOrder, left[i] as JsonValue, mergeKey, isMap);
    const ri = indexOf(serverOrder, right[j] as JsonValue, mergeKey, isMap);
    if (li >= 0 && ri >= 0 && li < ri) {
      out.push(left[i] as JsonValue);
      i += 1;
    } else {
      out.push(right[j] as JsonValue);
      j += 1;
    }
  }
  return [...out, ...left.slice(i), ...right.slice(j)];
}

/** Orders patch items by `patchOrder`, server-only items by `serverOrder`, then interleaves them. */
export function normalizeElementOrder(
  patch: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: Indexed,
  serverOrder: Indexed,
  mergeKey: string,
  isMap: boolean,
): JsonValue[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
  const sortedServerOnly = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  return mergeSortedSlice(sortedServerOnly, sortedPatch, serverOrder, mergeKey, isMap);
}

/** Splits scalars into those present in `partitionBy` and the rest. */
export function partitionPrimitives(
  list: Indexed,
  partitionBy: readonly JsonValue[],
): { inPatch: JsonValue[]; serverOnly: JsonValue[] } {
  const present = new Set(partitionBy.filter((item) => !isJsonObject(item) && !Array.isArray(item)));
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const item = list.at(i) as JsonValue;
    (present.has(item) ? inPatch : serverOnly).push(item);
  }
  return { inPatch, serverOnly };
}

/** Splits maps into those whose merge key appears in `partitionBy` and the rest. */
export function partitionMaps(
  list: Indexed,
  partitionBy: readonly JsonValue[],
  mergeKey: string,
): { inPatch: JsonValue[]; serverOnly: JsonValue[] } {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const item = list.at(i);
    if (!isJsonObject(item)) throw errBadArgType(MAP_TYPE, item);
    if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    (findMapByKey(partitionBy, mergeKey, item[mergeKey]) === undefined ? serverOnly : inPatch).push(item);
  }
  return { inPatch, serverOnly };
}
