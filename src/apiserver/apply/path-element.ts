/**
 * Path elements as structured-merge-diff writes them in FieldsV1 (`f:`, `k:`, `v:`, `i:`) and as
 * it prints them in conflict messages (`.spec.containers[name="nginx"].image`).
 */
import { isPlainObject } from '../../api/object.js';
import type { ListType } from './field-type.js';

const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;

function escapeHtml(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** True when a string needs no escaping at all in Go's JSON (printable ASCII other than `"\\<>&`). */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) return false;
  }
  return true;
}

/** A string as Go's encoding/json quotes it (`<`, `>`, `&`, U+2028 and U+2029 escaped). */
function quote(text: string): string {
  if (isPlainAscii(text)) return `"${text}"`;
  return JSON.stringify(text).replace(HTML_UNSAFE_ALL, escapeHtml);
}

/** JSON as Go's encoding/json writes it: object keys sorted, `<`, `>`, `&` escaped. */
export function goJson(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) {
    return `[${value.map((v) => goJson(v)).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${quote(k)}:${goJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `f:<name>` */
export function fieldElement(name: string): string {
  return `f:${name}`;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The path element of one item of an associative list: `k:{...}` with the key fields (sorted,
 * defaults filled) for list-map lists, `v:<json>` for sets of scalars. Undefined when the item
 * cannot be keyed (a key field is missing, or a set holds a non-scalar).
 */
export function listItemElement(item: unknown, list: ListType): string | undefined {
  const keys = list.keys;
  if (keys === undefined) {
    return isScalar(item) ? `v:${goJson(item)}` : undefined;
  }
  if (!isPlainObject(item)) return undefined;
  let out = 'k:{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    let value = item[key];
    if (value === undefined) {
      value = list.keyDefaults?.[key];
      if (value === undefined) return undefined;
    }
    out += `${i === 0 ? '' : ','}${goJson(key)}:${goJson(value)}`;
  }
  return `${out}}`;
}

/** The key field that a list item lacks (for error messages). */
export function missingKey(item: unknown, list: ListType): string | undefined {
  if (!isPlainObject(item)) return undefined;
  return list.keys?.find((k) => item[k] === undefined && list.keyDefaults?.[k] === undefined);
}

/**
 * The canonical spelling of a path element read from a client's FieldsV1 (keys of `k:` sorted,
 * Go's JSON escaping), or undefined when it is not a valid path element.
 */
export function canonicalElement(element: string): string | undefined {
  if (element === '.') return element;
  const prefix = element.slice(0, 2);
  const rest = element.slice(2);
  switch (prefix) {
    case 'f:':
      return element;
    case 'i:':
      return /^(0|[1-9]\d*)$/.test(rest) ? element : undefined;
    case 'k:':
    case 'v:': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rest) as unknown;
      } catch {
        return undefined;
      }
      if (prefix === 'k:' && !isPlainObject(parsed)) return undefined;
      const canonical = `${prefix}${goJson(parsed)}`;
      return canonical === element ? element : canonical;
    }
    default:
      return undefined;
  }
}

/** A value as structured-merge-diff prints it inside a path (strings quoted). */
function printValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return goJson(value);
}

/** `f:spec` -> `.spec`, `k:{"name":"a"}` -> `[name="a"]`, `v:"x"` -> `[="x"]`, `i:2` -> `[2]`. */
export function printElement(element: string): string {
  const rest = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return `.${rest}`;
    case 'i:':
      return `[${rest}]`;
    case 'v:':
      return `[=${printValue(JSON.parse(rest) as unknown)}]`;
    case 'k:': {
      const fields = JSON.parse(rest) as Record<string, unknown>;
      const parts = Object.keys(fields)
        .sort()
        .map((k) => `${k}=${printValue(fields[k])}`);
      return `[${parts.join(',')}]`;
    }
    default:
      return element;
  }
}

/** A whole path as structured-merge-diff prints it. */
export function printPath(path: readonly string[]): string {
  return path.map(printElement).join('');
}
