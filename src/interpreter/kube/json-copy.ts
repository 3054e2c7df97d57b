/**
 * Deep copies of JSON values, several times faster than `structuredClone` for the objects the
 * native interpreter copies (structuredClone serialises and deserialises through V8's
 * serializer). Plain objects and arrays are copied field by field, primitives returned as they
 * are; anything else (a Date, a Map) is left to `structuredClone`, so the result is the same.
 */
export function copyJson<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copyValue(value[i]);
    return items;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // for-in reads source[key] through V8's enumeration cache; a plain object has no enumerable inherited keys.
  for (const key in source) copy[key] = copyValue(source[key]);
  return copy;
}
