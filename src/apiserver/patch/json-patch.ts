/**
 * RFC 6902 JSON patch (`application/json-patch+json`) as kube-apiserver applies it, i.e. with the
 * behaviour of gopkg.in/evanphx/json-patch.v4. Written by hand rather than with fast-json-patch
 * because that library differs where kube's behaviour is observable: it turns `replace` of a
 * missing member into `add` (kube rejects it), rejects negative indices (kube accepts `-1`), and
 * its error texts are not the ones kubectl users see.
 */
import { jsonKindName } from './go-format.js';
import {
  containerAdd,
  containerGet,
  containerRemove,
  containerSet,
  findContainer,
  isMissingKeyError,
  type Container,
} from './json-pointer-container.js';
import { badRequest, requestEntityTooLarge, unprocessable } from './patch-error.js';
import { cloneJson, hasKey, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json-value.js';

/** kube-apiserver's cap on the number of operations in one JSON patch (answered with 413). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** One decoded operation; null stands for a JSON `null` entry (which fails as kind "unknown"). */
export type JsonPatchOperation = JsonObject | null;

/**
 * Checks the shape of a decoded JSON patch body like Go's `DecodePatch`: a JSON array (or null)
 * of objects. Shape errors are 400 BadRequest with Go's unmarshal wording.
 */
export function decodeJsonPatch(body: JsonValue): JsonPatchOperation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) {
    throw badRequest(`json: cannot unmarshal ${jsonKindName(body)} into Go value of type jsonpatch.Patch`);
  }
  const wrong = body.find((op) => op !== null && !isJsonObject(op));
  if (wrong !== undefined) {
    throw badRequest(`json: cannot unmarshal ${jsonKindName(wrong)} into Go value of type jsonpatch.Operation`);
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${body.length}`,
    );
  }
  return body as JsonPatchOperation[];
}

/**
 * Applies a JSON patch to a copy of `original` and returns the new document. `patch` is the
 * decoded request body. A failing operation throws a 422 PatchError whose cause carries
 * json-patch's message (e.g. `add operation does not apply: doc is missing path: "/spec/x": missing value`).
 */
export function applyJsonPatch(original: JsonValue, patch: JsonValue): JsonValue {
  const operations = decodeJsonPatch(patch);
  let doc = cloneJson(original);
  for (const operation of operations) {
    const result = applyOperation(doc, operation ?? {});
    if (typeof result === 'string') throw unprocessable(result);
    doc = result.doc;
  }
  return doc;
}

type StepResult = { doc: JsonValue } | string;

function applyOperation(doc: JsonValue, op: JsonObject): StepResult {
  if (!Array.isArray(doc) && !isJsonObject(doc)) return 'invalid state detected';
  const kind = stringMember(op, 'op');
  switch (kind) {
    case 'add':
      return opAdd(doc, op);
    case 'remove':
      return opRemove(doc, op);
    case 'replace':
      return opReplace(doc, op);
    case 'move':
      return opMove(doc, op);
    case 'test':
      return opTest(doc, op);
    case 'copy':
      return opCopy(doc, op);
    default:
      return `Unexpected kind: ${kind ?? 'unknown'}`;
  }
}

function stringMember(op: JsonObject, name: string): string | undefined {
  const value = op[name];
  return hasKey(op, name) && typeof value === 'string' ? value : undefined;
}

/** `Operation.Path()` / `From()`: the member as a string, or Go's error text. */
function pointerMember(op: JsonObject, name: 'path' | 'from'): { value: string } | { error: string } {
  const value = hasKey(op, name) ? op[name] : null;
  if (value === null || value === undefined) {
    return { error: name === 'path' ? 'operation missing path field: missing value' : 'operation, missing from field: missing value' };
  }
  if (typeof value !== 'string') {
    return { error: `json: cannot unmarshal ${jsonKindName(value)} into Go value of type string` };
  }
  return { value };
}

/** The operation's value; an absent value behaves as null, as in json-patch. */
function valueMember(op: JsonObject): JsonValue {
  return hasKey(op, 'value') ? cloneJson(op.value as JsonValue) : null;
}

function opAdd(doc: Container, op: JsonObject): StepResult {
  const path = pointerMember(op, 'path');
  if ('error' in path) return 'add operation failed to decode path: missing value';
  const target = findContainer(doc, path.value);
  if (target === null) return `add operation does not apply: doc is missing path: "${path.value}": missing value`;
  const added = containerAdd(target.container, target.key, valueMember(op));
  if (!added.ok) return `error in add for path: '${path.value}': ${added.error}`;
  return { doc };
}

function opRemove(doc: Container, op: JsonObject): StepResult {
  const path = pointerMember(op, 'path');
  if ('error' in path) return 'remove operation failed to decode path: missing value';
  const target = findContainer(doc, path.value);
  if (target === null) return `remove operation does not apply: doc is missing path: "${path.value}": missing value`;
  const removed = containerRemove(target.container, target.key);
  if (!removed.ok) return `error in remove for path: '${path.value}': ${removed.error}`;
  return { doc };
}

function opReplace(doc: Container, op: JsonObject): StepResult {
  const path = pointerMember(op, 'path');
  if ('error' in path) return `replace operation failed to decode path: ${path.error}`;
  if (path.value === '') {
    // Replacing the whole document. json-patch wraps a nil error when the value is neither an
    // object nor an array, so such an operation silently does nothing.
    const value = valueMember(op);
    return Array.isArray(value) || isJsonObject(value) ? { doc: value } : { doc };
  }
  const target = findContainer(doc, path.value);
  if (target === null) return `replace operation does not apply: doc is missing path: ${path.value}: missing value`;
  const current = containerGet(target.container, target.key);
  if (!current.ok) return `replace operation does not apply: doc is missing key: ${path.value}: missing value`;
  const set = containerSet(target.container, target.key, valueMember(op));
  if (!set.ok) return `error in remove for path: '${path.value}': ${set.error}`;
  return { doc };
}

function opMove(doc: Container, op: JsonObject): StepResult {
  const from = pointerMember(op, 'from');
  if ('error' in from) return `move operation failed to decode from: ${from.error}`;
  const source = findContainer(doc, from.value);
  if (source === null) return `move operation does not apply: doc is missing from path: ${from.value}: missing value`;
  const value = containerGet(source.container, source.key);
  if (!value.ok) return `error in move for path: '${source.key}': ${value.error}`;
  const removed = containerRemove(source.container, source.key);
  if (!removed.ok) return `error in move for path: '${source.key}': ${removed.error}`;
  const path = pointerMember(op, 'path');
  if ('error' in path) return `move operation failed to decode path: ${path.error}`;
  const target = findContainer(doc, path.value);
  if (target === null) return `move operation does not apply: doc is missing destination path: ${path.value}: missing value`;
  const added = containerAdd(target.container, target.key, value.value);
  if (!added.ok) return `error in move for path: '${path.value}': ${added.error}`;
  return { doc };
}

function opTest(doc: Container, op: JsonObject): StepResult {
  const path = pointerMember(op, 'path');
  if ('error' in path) return `test operation failed to decode path: ${path.error}`;
  const failed = `testing value ${path.value} failed: test failed`;
  if (path.value === '') {
    return hasKey(op, 'value') && jsonEqual(doc, op.value as JsonValue) ? { doc } : failed;
  }
  const target = findContainer(doc, path.value);
  if (target === null) return `test operation does not apply: is missing path: ${path.value}: missing value`;
  const current = containerGet(target.container, target.key);
  if (!current.ok && !isMissingKeyError(current.error)) {
    return `error in test for path: '${path.value}': ${current.error}`;
  }
  const actual = current.ok ? current.value : null;
  // A missing member and a JSON null are the same "nil" node to json-patch: testing either
  // against null (or against no value at all) succeeds.
  if (actual === null) return !hasKey(op, 'value') || op.value === null ? { doc } : failed;
  if (!hasKey(op, 'value')) return failed;
  return jsonEqual(actual, op.value as JsonValue) ? { doc } : failed;
}

function opCopy(doc: Container, op: JsonObject): StepResult {
  const from = pointerMember(op, 'from');
  if ('error' in from) return `copy operation failed to decode from: ${from.error}`;
  const source = findContainer(doc, from.value);
  if (source === null) return `copy operation does not apply: doc is missing from path: ${from.value}: missing value`;
  const value = containerGet(source.container, source.key);
  if (!value.ok) return `error in copy for from: '${from.value}': ${value.error}`;
  const path = pointerMember(op, 'path');
  if ('error' in path) return 'copy operation failed to decode path: missing value';
  const target = findContainer(doc, path.value);
  if (target === null) return `copy operation does not apply: doc is missing destination path: ${path.value}: missing value`;
  const added = containerAdd(target.container, target.key, cloneJson(value.value));
  if (!added.ok) return `error while adding value during copy: ${added.error}`;
  return { doc };
}
