/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`) as kube-apiserver applies it
 * (evanphx/json-patch.v4 `MergePatch`): null deletes a member, objects merge recursively,
 * anything else replaces. Nulls inside a value that lands where there was nothing to merge with
 * are dropped from objects at any depth (but kept as array elements).
 */
import { badRequest, internalError } from './patch-error.js';
import { cloneJson, hasKey, isJsonObject, setKey, type JsonObject, type JsonValue } from './json-value.js';

/**
 * Applies a decoded merge patch to a copy of `original`. A `null` or scalar patch is a 400
 * (`Invalid JSON Patch`); an array patch replaces the whole document (the caller will find that
 * it is no longer an object).
 */
export function applyMergePatch(original: JsonValue, patch: JsonValue): JsonValue {
  if (original === null) throw internalError('Invalid JSON Document');
  if (patch === null) throw badRequest('Invalid JSON Patch');
  const ownPatch = cloneJson(patch);
  if (Array.isArray(ownPatch)) return pruneArrayNulls(ownPatch);
  if (!isJsonObject(ownPatch)) throw badRequest('Invalid JSON Patch');
  if (!isJsonObject(original)) return pruneObjectNulls(ownPatch);
  const doc = cloneJson(original);
  mergeObjects(doc, ownPatch);
  return doc;
}

function mergeObjects(doc: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = hasKey(doc, key) ? doc[key] : null;
    if (current === null || current === undefined) {
      setKey(doc, key, pruneNulls(value));
    } else {
      setKey(doc, key, mergeValue(current, value));
    }
  }
}

function mergeValue(current: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(current)) return pruneNulls(patch);
  // An existing object replaced by a non-object keeps the patch value as sent.
  if (!isJsonObject(patch)) return patch;
  mergeObjects(current, patch);
  return current;
}

function pruneNulls(value: JsonValue): JsonValue {
  if (isJsonObject(value)) return pruneObjectNulls(value);
  if (Array.isArray(value)) return pruneArrayNulls(value);
  return value;
}

function pruneObjectNulls(object: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(object)) {
    if (value === null) {
      delete object[key];
    } else {
      setKey(object, key, pruneNulls(value));
    }
  }
  return object;
}

function pruneArrayNulls(array: JsonValue[]): JsonValue[] {
  return array.map((item) => (item === null ? null : pruneNulls(item)));
}
