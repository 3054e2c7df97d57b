/** RFC 6901 JSON pointer syntax, as go-openapi/jsonpointer.New checks it for Karmada's override paths. */

/** The error go-openapi/jsonpointer gives a pointer that does not start with `/`. */
export const JSON_POINTER_INVALID_START = 'JSON pointer must be empty or start with a "/"';

/** Undefined when `pointer` parses; else the parse error. */
export function jsonPointerError(pointer: string): string | undefined {
  if (pointer === '' || pointer.startsWith('/')) return undefined;
  return JSON_POINTER_INVALID_START;
}
