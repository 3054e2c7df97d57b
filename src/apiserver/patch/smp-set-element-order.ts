/**
 * `$setElementOrder/<list>` (upstream's mergePatchIntoOriginal): merges the named list together
 * with its patch list, then orders the result by the directive, which kubectl sends on every
 * `apply` so that the live list follows the order of the user's manifest.
 */
import type { PatchSchema } from '../../api/schema/patch-schema.js';
import { extractKey, removeDirectives, SET_ELEMENT_ORDER_PREFIX, validatePatchWithSetOrderList } from './smp-directives.js';
import { errBadArgType, MAP_TYPE, SLICE_TYPE } from './smp-errors.js';
import { GoSlice } from './smp-go-slice.js';
import { mergeSliceHandler, type MergeMapFn } from './smp-merge-slice.js';
import { normalizeElementOrder, partitionMaps, partitionPrimitives, sliceElementType } from './smp-order.js';
import { lookupPatchMeta, patchStrategyOf } from './smp-schema.js';
import { hasKey, setKey, type JsonObject, type JsonValue } from './json-value.js';

/** A list value of `object[key]`, undefined when absent (a JSON null counts as absent). */
function listAt(object: JsonObject, key: string): JsonValue[] | undefined {
  if (!hasKey(object, key) || object[key] === null) return undefined;
  const value = object[key];
  if (!Array.isArray(value)) throw errBadArgType(SLICE_TYPE, value);
  return value;
}

/**
 * Processes every `$setElementOrder/...` key of `patch`: the merged, ordered list is written to
 * `original`, and both the directive and the list it covers are removed from `patch`.
 */
export function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  mergeMap: MergeMapFn,
): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setOrder = patch[directiveKey] as JsonValue;
    delete patch[directiveKey];
    if (!Array.isArray(setOrder)) throw errBadArgType(SLICE_TYPE, setOrder);
    const listKey = extractKey(directiveKey, SET_ELEMENT_ORDER_PREFIX);

    const originalList = listAt(original, listKey);
    const patchList = listAt(patch, listKey);
    const meta = lookupPatchMeta(schema, listKey);
    const strategy = patchStrategyOf(meta);
    const { mergeKey } = meta;
    validatePatchWithSetOrderList(patchList ?? [], setOrder, mergeKey);

    // The header over the live list: merging may write into its backing array, and upstream
    // then reads the live order through it (see GoSlice).
    const originalSlice = GoSlice.decoded(originalList ?? []);
    let merged: JsonValue[];
    if (originalList !== undefined && patchList === undefined) {
      merged = originalList;
    } else if (originalList === undefined && patchList !== undefined) {
      merged = (removeDirectives(patchList) as JsonValue[] | undefined) ?? [];
    } else if (originalList !== undefined && patchList !== undefined) {
      merged = mergeSliceHandler(
        originalList,
        patchList,
        { schema: meta.schema, strategy, mergeKey, isDeleteList: false, mergeMap },
        originalSlice,
      );
    } else {
      continue;
    }

    if (originalSlice.length === 0 && (patchList ?? []).length === 0) {
      // Upstream fails with "no elements in any of the given slices"; an empty list has no order.
      setKey(original, listKey, merged);
      delete patch[listKey];
      continue;
    }
    const isMap = sliceElementType(originalSlice, patchList ?? []) === MAP_TYPE;
    if (isMap && mergeKey === '') {
      // A list of maps without a merge key (a field the schema does not know): nothing to order by.
      setKey(original, listKey, merged);
      delete patch[listKey];
      continue;
    }
    const { inPatch, serverOnly } =
      mergeKey === '' ? partitionPrimitives(merged, setOrder) : partitionMaps(merged, setOrder, mergeKey);
    setKey(original, listKey, normalizeElementOrder(inPatch, serverOnly, setOrder, originalSlice, mergeKey, isMap));
    delete patch[listKey];
  }
}
