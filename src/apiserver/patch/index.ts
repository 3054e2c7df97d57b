/**
 * PATCH bodies as kube-apiserver applies them: JSON patch, JSON merge patch and strategic merge
 * patch, as pure functions over JSON values. Server-side apply (`application/apply-patch+yaml`)
 * is not handled here.
 */
import type { PatchSchema } from '../../api/schema/patch-schema.js';
import { decodeGoJson, GoJsonSyntaxError } from './go-json.js';
import { jsonKindName } from './go-format.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { badRequest, invalidPatchResult, type PatchError } from './patch-error.js';
import {
  APPLY_PATCH,
  BUILTIN_PATCH_TYPES,
  CUSTOM_RESOURCE_PATCH_TYPES,
  JSON_PATCH,
  MERGE_PATCH,
  parsePatchType,
  type PatchType,
} from './patch-types.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';

export { applyJsonPatch, decodeJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { PatchError, UnsupportedMediaTypeError } from './patch-error.js';
export type { PatchErrorCause, PatchErrorReason, PatchErrorStatus } from './patch-error.js';
export {
  APPLY_PATCH,
  BUILTIN_PATCH_TYPES,
  CUSTOM_RESOURCE_PATCH_TYPES,
  JSON_PATCH,
  MERGE_PATCH,
  parsePatchType,
  STRATEGIC_MERGE_PATCH,
} from './patch-types.js';
export type { PatchType } from './patch-types.js';
export type { JsonObject, JsonValue } from './json-value.js';

/** The patch types accepted for a resource: strategic merge patch needs a schema (built-in kinds). */
export function acceptedPatchTypes(schema: PatchSchema | undefined): readonly PatchType[] {
  return schema === undefined ? CUSTOM_RESOURCE_PATCH_TYPES : BUILTIN_PATCH_TYPES;
}

/**
 * Applies a PATCH request body to `original` and returns the patched object (a new value; the
 * inputs are not modified).
 *
 * - `contentType` is the request's Content-Type (parameters after `;` are ignored). Types the
 *   resource does not accept, including strategic merge patch when `schema` is undefined (custom
 *   resources), throw UnsupportedMediaTypeError (415).
 * - Malformed bodies and patches that cannot be applied throw PatchError carrying kube's status.
 * - `application/apply-patch+yaml` is server-side apply and is rejected with a plain Error: the
 *   caller must route it elsewhere.
 */
export function applyPatch(
  contentType: string,
  original: object,
  patchBody: Buffer | string,
  schema: PatchSchema | undefined,
): JsonObject {
  const patchType = parsePatchType(contentType, acceptedPatchTypes(schema));
  if (patchType === APPLY_PATCH) {
    throw new Error('applyPatch does not handle application/apply-patch+yaml (server-side apply)');
  }
  const document = original as JsonObject;
  if (patchType === JSON_PATCH) {
    return expectObject(applyJsonPatch(document, decodeBody(patchBody, (message) => badRequest(message))));
  }
  if (patchType === MERGE_PATCH) {
    // Any syntax error is json-patch's ErrBadJSONPatch.
    return expectObject(applyMergePatch(document, decodeBody(patchBody, () => badRequest('Invalid JSON Patch'))));
  }
  const patch = decodeBody(patchBody, (message) => badRequest(message));
  if (patch === null) return applyStrategicMergePatch(document, {}, schema);
  if (!isJsonObject(patch)) {
    throw badRequest(`json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`);
  }
  return applyStrategicMergePatch(document, patch, schema);
}

function decodeBody(body: Buffer | string, onSyntaxError: (message: string) => PatchError): JsonValue {
  try {
    return decodeGoJson(body);
  } catch (error) {
    if (error instanceof GoJsonSyntaxError) throw onSyntaxError(error.message);
    throw error;
  }
}

/** The patched document must still be an object, or decoding it into the kind fails (422). */
function expectObject(result: JsonValue): JsonObject {
  if (isJsonObject(result)) return result;
  throw invalidPatchResult(
    JSON.stringify(result),
    `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKindName(result)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
  );
}
