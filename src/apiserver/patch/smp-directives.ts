/**
 * The patch directives of strategic merge patch: `$patch`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errMerge,
  errNoMergeKey,
  MAP_TYPE,
} from './smp-errors.js';
import { DELETE_DIRECTIVE, DIRECTIVE_MARKER, extractToDeleteItems } from './smp-order.js';
import { formatGoValue } from './go-format.js';
import { hasKey, isJsonObject, setKey, type JsonObject, type JsonValue } from './json-value.js';

export { DELETE_DIRECTIVE, DIRECTIVE_MARKER };
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/**
 * A map carrying `$patch` (`handleDirectiveInMergeMap`): `replace` yields the map without the
 * marker, taken literally; `delete` yields an empty map; anything else (including `merge`, which
 * only exists as a struct tag) is an error.
 */
export function handleMapDirective(directive: JsonValue, patch: JsonObject): JsonObject {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

/**
 * Strips directives from a value that is copied into the result as is (`removeDirectives`): a
 * map with `$patch` is dropped altogether, elsewhere directives are removed recursively.
 * Returns undefined when the value itself must be dropped.
 */
export function removeDirectives(value: JsonValue): JsonValue | undefined {
  if (isJsonObject(value)) {
    if (hasKey(value, DIRECTIVE_MARKER)) return undefined;
    for (const [key, child] of Object.entries(value)) {
      const kept = removeDirectives(child);
      if (kept === undefined) delete value[key];
      else setKey(value, key, kept);
    }
    return value;
  }
  if (Array.isArray(value)) {
    const kept: JsonValue[] = [];
    for (const child of value) {
      const result = removeDirectives(child);
      if (result !== undefined) kept.push(result);
    }
    return kept;
  }
  return value;
}

/** Drops null members from maps at any depth (`discardNullValuesFromPatch`). */
export function discardNullValues(value: JsonValue): void {
  if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (child === null) delete value[key];
      else discardNullValues(child);
    }
  } else if (Array.isArray(value)) {
    value.forEach(discardNullValues);
  }
}

function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/**
 * Cleans a value that upstream copies into the result literally (an appended list element, a
 * `$patch: replace` list or map). Upstream keeps nulls and nested directive keys there, and they
 * vanish only when the map is decoded into the typed object (null is the zero value, `$` keys are
 * unknown fields). Results here are stored as JSON, so that decoding step is done here: null
 * members and directive keys are removed at any depth.
 */
export function sanitizeLiteral(value: JsonValue): JsonValue {
  if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (child === null || isDirectiveKey(key)) delete value[key];
      else setKey(value, key, sanitizeLiteral(child));
    }
  } else if (Array.isArray(value)) {
    value.forEach((child, i) => {
      value[i] = sanitizeLiteral(child);
    });
  }
  return value;
}

/** The list name after `<prefix>/` (`extractKey`). */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw errBadPatchFormatForPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw errBadPatchFormatForSetElementOrderList();
    throw errMerge(`fail to find unknown prefix "${prefix}" in ${key}`);
  }
  return key.slice(slash + 1);
}

/**
 * `$retainKeys`: every non-null field of the patch must be listed, and fields of the original
 * that are not listed are cleared. The directive is removed from the patch.
 */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasKey(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE] as JsonValue;
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  // Go keys a map with the list's interface values, so only string entries can name a field.
  const retained = new Set(retainKeys.filter((key): key is string => typeof key === 'string'));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      continue;
    }
    if (!retained.has(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

/** Whether an element is a map carrying `$patch`. */
function containsDirectiveMarker(item: JsonValue): boolean {
  return isJsonObject(item) && hasKey(item, DIRECTIVE_MARKER);
}

/** Compares two elements by merge key (or by value when there is no merge key). */
function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isJsonObject(left)) throw errBadArgType(MAP_TYPE, left);
  if (!isJsonObject(right)) throw errBadArgType(MAP_TYPE, right);
  if (!hasKey(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasKey(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/**
 * The patch list must follow `$setElementOrder` (`validatePatchWithSetOrderList`): its elements,
 * deletions and other directive elements aside, appear there in the same relative order.
 */
export function validatePatchWithSetOrderList(
  patchList: readonly JsonValue[],
  setOrderList: readonly JsonValue[],
  mergeKey: string,
): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey === '' ? patchList : extractToDeleteItems(patchList).keep;
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < nonDelete.length && orderIndex < setOrderList.length) {
    const item = nonDelete[patchIndex] as JsonValue;
    if (containsDirectiveMarker(item)) {
      patchIndex += 1;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[orderIndex] as JsonValue, mergeKey)) patchIndex += 1;
    orderIndex += 1;
  }
  if (patchIndex < nonDelete.length && orderIndex >= setOrderList.length) {
    throw errMerge(
      `the order in patch list:\n${formatGoValue([...patchList])}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${formatGoValue([...setOrderList])}`,
    );
  }
}
