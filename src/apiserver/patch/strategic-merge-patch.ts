/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as kube-apiserver applies it
 * to built-in kinds, following k8s.io/apimachinery/pkg/util/strategicpatch (StrategicMergeMapPatch):
 *
 * - null deletes a field; objects merge recursively; scalars and type changes replace;
 * - lists with patchStrategy `merge` merge by patchMergeKey (lists of maps) or as sets (scalars);
 *   other lists are replaced;
 * - directives: `$patch: replace|delete` (maps and list elements), `$retainKeys`,
 *   `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`;
 * - fields the schema does not know behave as in a JSON merge patch.
 *
 * The PatchSchema supplies the struct tags upstream reads by reflection.
 */
import type { PatchSchema } from '../../api/schema/patch-schema.js';
import { goTypeName } from './go-format.js';
import {
  applyRetainKeys,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  discardNullValues,
  extractKey,
  handleMapDirective,
  REPLACE_DIRECTIVE,
  removeDirectives,
  sanitizeLiteral,
} from './smp-directives.js';
import { mergeSliceHandler } from './smp-merge-slice.js';
import { lookupPatchMeta, patchStrategyOf } from './smp-schema.js';
import { applySetElementOrder } from './smp-set-element-order.js';
import { cloneJson, hasKey, isJsonObject, setKey, type JsonObject, type JsonValue } from './json-value.js';

/**
 * Applies a decoded strategic merge patch to a copy of `original`. Neither argument is modified.
 * Failures throw PatchError with the status kube-apiserver answers with (400 for malformed
 * directives, 422 for lists of lists, 500 for other merge errors such as a missing merge key).
 */
export function applyStrategicMergePatch(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema | undefined,
): JsonObject {
  return mergeMap(cloneJson(original), cloneJson(patch), schema);
}

/** Sets `original[key]` to a value copied from the patch, as upstream does for new fields. */
function takePatchValue(original: JsonObject, key: string, value: JsonValue): void {
  discardNullValues(value);
  const kept = removeDirectives(value);
  if (kept === undefined) delete original[key];
  else setKey(original, key, kept);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): JsonObject {
  if (hasKey(patch, DIRECTIVE_MARKER)) {
    const result = handleMapDirective(patch[DIRECTIVE_MARKER] as JsonValue, patch);
    return sanitizeLiteral(result) as JsonObject;
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema, mergeMap);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }

    if (patchValue === null) {
      delete original[key];
      continue;
    }
    if (!hasKey(original, key)) {
      // A deletion list for a list that is not there has nothing to delete.
      if (!isDeleteList) takePatchValue(original, key, patchValue);
      continue;
    }
    const originalValue = original[key] as JsonValue;
    if (goTypeName(originalValue) !== goTypeName(patchValue)) {
      if (!isDeleteList) takePatchValue(original, key, patchValue);
      continue;
    }

    if (isJsonObject(originalValue) && isJsonObject(patchValue)) {
      const meta = lookupPatchMeta(schema, key);
      const merged =
        patchStrategyOf(meta) === REPLACE_DIRECTIVE
          ? (sanitizeLiteral(patchValue) as JsonObject)
          : mergeMap(originalValue, patchValue, meta.schema);
      setKey(original, key, merged);
    } else if (Array.isArray(originalValue)) {
      const meta = lookupPatchMeta(schema, key);
      const merged = mergeSliceHandler(originalValue, patchValue, {
        schema: meta.schema,
        strategy: patchStrategyOf(meta),
        mergeKey: meta.mergeKey,
        isDeleteList,
        mergeMap,
      });
      setKey(original, key, merged);
    } else {
      takePatchValue(original, key, patchValue);
    }
  }
  return original;
}
