/**
 * The errors of k8s.io/apimachinery's strategicpatch/mergepatch packages, already mapped to the
 * HTTP answer kube-apiserver gives for them (interpretStrategicMergePatchError): malformed
 * directives are 400, lists of lists 422, and every other merge failure a 500 with the raw text.
 */
import { formatGoValue, goTypeName } from './go-format.js';
import { badRequest, internalError, unprocessable, type PatchError } from './patch-error.js';
import type { JsonObject, JsonValue } from './json-value.js';

export function errNoListOfLists(): PatchError {
  return unprocessable('lists of lists are not supported');
}

export function errBadPatchFormatForPrimitiveList(): PatchError {
  return badRequest('invalid patch format of primitive list');
}

export function errBadPatchFormatForRetainKeys(): PatchError {
  return badRequest('invalid patch format of retainKeys');
}

export function errBadPatchFormatForSetElementOrderList(): PatchError {
  return badRequest('invalid patch format of setElementOrder list');
}

/** `mergepatch.ErrNoMergeKey`. */
export function errNoMergeKey(map: JsonObject, mergeKey: string): PatchError {
  return internalError(`map: ${formatGoValue(map)} does not contain declared merge key: ${mergeKey}`);
}

/** `mergepatch.ErrBadArgType`; `expected` is a Go type name. */
export function errBadArgType(expected: string, actual: JsonValue | undefined): PatchError {
  return internalError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

/** `mergepatch.ErrBadPatchType`. */
export function errBadPatchType(directive: JsonValue, map: JsonObject): PatchError {
  const shown = typeof directive === 'string' ? directive : `%!s(${goTypeName(directive)}=${formatGoValue(directive)})`;
  return internalError(`unknown patch type: ${shown} in map: ${formatGoValue(map)}`);
}

/** Any other merge failure (a plain `fmt.Errorf` upstream). */
export function errMerge(message: string): PatchError {
  return internalError(message);
}

export const MAP_TYPE = 'map[string]interface {}';
export const SLICE_TYPE = '[]interface {}';
