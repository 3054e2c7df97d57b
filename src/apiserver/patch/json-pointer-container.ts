/**
 * The containers JSON patch operates on (objects and arrays), with the semantics and error texts
 * of gopkg.in/evanphx/json-patch.v4, the library kube-apiserver applies JSON patches with:
 * negative array indices count from the end, indices parse like Go's strconv.Atoi, and every
 * failure is a message string rather than an exception.
 */
import { hasKey, isJsonObject, setKey, type JsonObject, type JsonValue } from './json-value.js';

/** A container operation either succeeds or yields the error text Go would produce. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export type Container = JsonObject | JsonValue[];

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

function fail<T>(error: string): Outcome<T> {
  return { ok: false, error };
}

/** `strconv.Atoi`: optional sign, decimal digits, int64 range. */
export function goAtoi(text: string): Outcome<number> {
  if (!/^[+-]?[0-9]+$/.test(text)) return fail(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const big = BigInt(text);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    return fail(`strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  }
  return ok(Number(big));
}

function invalidIndex<T>(index: number): Outcome<T> {
  return fail(`Unable to access invalid index: ${index}: ${INVALID_INDEX}`);
}

/** True when a failed `get` only means "no such object key" (json-patch's ErrMissing). */
export function isMissingKeyError(error: string): boolean {
  return error.startsWith('unable to get nonexistent key: ');
}

/** Reads a member; a missing object key is an error, a JSON null is a value. */
export function containerGet(container: Container, key: string): Outcome<JsonValue> {
  if (!Array.isArray(container)) {
    if (!hasKey(container, key)) return fail(`unable to get nonexistent key: ${key}: ${MISSING}`);
    return ok(container[key] as JsonValue);
  }
  const parsed = goAtoi(key);
  if (!parsed.ok) return parsed;
  let index = parsed.value;
  if (index < 0) {
    if (index < -container.length) return invalidIndex(index);
    index += container.length;
  }
  if (index >= container.length) return invalidIndex(index);
  return ok(container[index] as JsonValue);
}

/** Overwrites an existing member (callers check existence with containerGet first). */
export function containerSet(container: Container, key: string, value: JsonValue): Outcome<null> {
  if (!Array.isArray(container)) {
    setKey(container, key, value);
    return ok(null);
  }
  const parsed = goAtoi(key);
  if (!parsed.ok) return parsed;
  let index = parsed.value;
  if (index < 0) {
    if (index < -container.length) return invalidIndex(index);
    index += container.length;
  }
  container[index] = value;
  return ok(null);
}

/** Adds an object member (overwriting) or inserts into an array (`-` appends). */
export function containerAdd(container: Container, key: string, value: JsonValue): Outcome<null> {
  if (!Array.isArray(container)) {
    setKey(container, key, value);
    return ok(null);
  }
  if (key === '-') {
    container.push(value);
    return ok(null);
  }
  const parsed = goAtoi(key);
  if (!parsed.ok) return fail(`value was not a proper array index: '${key}': ${parsed.error}`);
  let index = parsed.value;
  const size = container.length + 1;
  if (index >= size) return invalidIndex(index);
  if (index < 0) {
    if (index < -size) return invalidIndex(index);
    index += size;
  }
  container.splice(index, 0, value);
  return ok(null);
}

/** Removes an object member or array element. */
export function containerRemove(container: Container, key: string): Outcome<null> {
  if (!Array.isArray(container)) {
    if (!hasKey(container, key)) return fail(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete container[key];
    return ok(null);
  }
  const parsed = goAtoi(key);
  if (!parsed.ok) return parsed;
  let index = parsed.value;
  if (index >= container.length) return invalidIndex(index);
  if (index < 0) {
    if (index < -container.length) return invalidIndex(index);
    index += container.length;
  }
  container.splice(index, 1);
  return ok(null);
}

/** RFC 6901 unescaping: `~1` is `/`, `~0` is `~`, left to right. */
export function decodePointerToken(token: string): string {
  return token.replace(/~[01]/g, (escape) => (escape === '~1' ? '/' : '~'));
}

/**
 * Walks a pointer to the container holding its last token (json-patch's `findObject`). Only the
 * tokens between the first `/` and the last are followed, so a path without a leading slash
 * addresses the root; anything unreachable (missing member, null, scalar, bad index) is null.
 */
export function findContainer(root: Container, path: string): { container: Container; key: string } | null {
  const tokens = path.split('/');
  if (tokens.length < 2) return null;
  let container: Container = root;
  for (const token of tokens.slice(1, -1)) {
    const next = containerGet(container, decodePointerToken(token));
    if (!next.ok) return null;
    const value = next.value;
    if (Array.isArray(value) || isJsonObject(value)) {
      container = value;
    } else {
      return null;
    }
  }
  return { container, key: decodePointerToken(tokens[tokens.length - 1] as string) };
}
