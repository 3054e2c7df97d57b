/**
 * Merging two lists under strategic merge patch (upstream's mergeSliceHandler/mergeSlice):
 * lists of scalars merge as sets (or lose the elements of a `$deleteFromPrimitiveList`), lists of
 * maps merge element-wise by merge key, honouring `$patch: delete|replace` elements, and the
 * result is ordered patch-first with server-only elements kept in their live positions.
 */
import type { PatchSchema } from '../../api/schema/patch-schema.js';
import {
  DELETE_DIRECTIVE,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  sanitizeLiteral,
} from './smp-directives.js';
import { errBadArgType, errBadPatchType, errMerge, errNoMergeKey, MAP_TYPE, SLICE_TYPE } from './smp-errors.js';
import { GoSlice } from './smp-go-slice.js';
import {
  findMapByKey,
  normalizeElementOrder,
  partitionMaps,
  partitionPrimitives,
  sliceElementType,
  type Indexed,
} from './smp-order.js';
import { hasKey, isJsonObject, type JsonObject, type JsonValue } from './json-value.js';

/** Merges two maps under a schema (strategic-merge-patch's mergeMap, passed in to avoid a cycle). */
export type MergeMapFn = (original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined) => JsonObject;

/** How one list field is merged. */
export interface SliceMergeOptions {
  readonly schema: PatchSchema | undefined;
  readonly strategy: string;
  readonly mergeKey: string;
  /** The patch list came from `$deleteFromPrimitiveList/<field>`. */
  readonly isDeleteList: boolean;
  readonly mergeMap: MergeMapFn;
}

/**
 * Merges `patch` into `original` when the field merges (or the patch is a deletion list), and
 * otherwise answers the patch list, which replaces the original. `originalSlice` lets a caller
 * keep its own header over the original's backing array (see GoSlice).
 */
export function mergeSliceHandler(
  original: JsonValue,
  patch: JsonValue,
  options: SliceMergeOptions,
  originalSlice?: GoSlice,
): JsonValue[] {
  if (!Array.isArray(original)) throw errBadArgType(SLICE_TYPE, original);
  if (!Array.isArray(patch)) throw errBadArgType(SLICE_TYPE, patch);
  if (options.strategy === MERGE_DIRECTIVE || options.isDeleteList) {
    return mergeSlice(originalSlice ?? GoSlice.decoded(original), patch, options);
  }
  return sanitizeLiteral(patch) as JsonValue[];
}

function mergeSlice(original: GoSlice, patch: JsonValue[], options: SliceMergeOptions): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original.toArray();
  const { mergeKey } = options;
  const isMap = sliceElementType(original, patch) === MAP_TYPE;

  let merged: Indexed;
  let serverOrder: Indexed = original;
  let patchOrder: JsonValue[] = patch;
  if (!isMap) {
    if (options.isDeleteList) return deleteFromSlice(original, patch);
    // `append(original, patch...)` may write into the original's spare capacity, and the
    // de-duplication then swaps elements inside it: the live order used below sees that.
    merged = deduplicateScalars(original.append(...patch));
  } else {
    if (mergeKey === '') throw errMerge('cannot merge lists without merge key for struct');
    const special = mergeSliceWithSpecialElements(original, patch, mergeKey);
    serverOrder = special.original;
    patchOrder = special.patch;
    merged = mergeSliceWithoutSpecialElements(special.original, special.patch, mergeKey, options);
  }

  const { inPatch, serverOnly } =
    mergeKey === '' ? partitionPrimitives(merged, patchOrder) : partitionMaps(merged, patchOrder, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patchOrder, serverOrder, mergeKey, isMap);
}

/** Go's in-place `deduplicateScalars`: a later duplicate is overwritten by the last element. */
function deduplicateScalars(slice: GoSlice): GoSlice {
  let s = slice;
  let last = s.length - 1;
  for (let i = 0; i < last; i += 1) {
    for (let j = i + 1; j <= last; j += 1) {
      if (s.at(i) === s.at(j)) {
        s.set(j, s.at(last));
        s = s.reslice(last);
        last -= 1;
        j -= 1;
      }
    }
  }
  return s;
}

/** Drops every element of `current` that appears in the deletion list. */
function deleteFromSlice(current: GoSlice, toDelete: readonly JsonValue[]): JsonValue[] {
  const doomed = new Set(toDelete);
  return current.toArray().filter((item) => !doomed.has(item));
}

/**
 * Applies the `$patch` elements of a list of maps: `delete` removes every original element with
 * that merge key value, `replace` makes the other patch elements the whole list. Returns the
 * updated original and the patch without its directive elements (empty after a replace).
 */
function mergeSliceWithSpecialElements(
  original: GoSlice,
  patch: readonly JsonValue[],
  mergeKey: string,
): { original: GoSlice; patch: JsonValue[] } {
  let current = original;
  const plain: JsonValue[] = [];
  let replace = false;
  for (const item of patch) {
    const element = item as JsonObject;
    if (!hasKey(element, DIRECTIVE_MARKER)) {
      plain.push(item);
      continue;
    }
    const directive = element[DIRECTIVE_MARKER] as JsonValue;
    if (directive === DELETE_DIRECTIVE) {
      if (!hasKey(element, mergeKey)) throw errNoMergeKey(element, mergeKey);
      current = deleteMatchingEntries(current, mergeKey, element[mergeKey] as JsonValue);
    } else if (directive === REPLACE_DIRECTIVE) {
      // Keep scanning so that the other directive elements are still dropped.
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw errMerge('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, element);
    }
  }
  if (replace) return { original: GoSlice.decoded(plain.map(sanitizeLiteral)), patch: [] };
  return { original: current, patch: plain };
}

function deleteMatchingEntries(original: GoSlice, mergeKey: string, value: JsonValue): GoSlice {
  let current = original;
  for (;;) {
    const found = findMapByKey(current, mergeKey, value);
    if (found === undefined) return current;
    current = current.removeAt(found.index);
  }
}

/** Merges each patch element into the original element with its merge key, or appends it. */
function mergeSliceWithoutSpecialElements(
  original: GoSlice,
  patch: readonly JsonValue[],
  mergeKey: string,
  options: SliceMergeOptions,
): GoSlice {
  let current = original;
  for (const item of patch) {
    const element = item as JsonObject;
    if (!isJsonObject(element)) throw errBadArgType(MAP_TYPE, element);
    if (!hasKey(element, mergeKey)) throw errNoMergeKey(element, mergeKey);
    const found = findMapByKey(current, mergeKey, element[mergeKey]);
    if (found !== undefined) {
      current.set(found.index, options.mergeMap(found.map, element, options.schema));
    } else {
      current = current.append(sanitizeLiteral(element));
    }
  }
  return current;
}
