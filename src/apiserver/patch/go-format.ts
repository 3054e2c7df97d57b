/**
 * Formatting helpers that reproduce how Go prints decoded JSON values (`%v`, `%q`, reflect type
 * names), so that error messages read like kube-apiserver's.
 */
import { isJsonObject, type JsonValue } from './json-value.js';

/** The Go type name a decoded JSON value has (`reflect.TypeOf(v).String()`). */
export function goTypeName(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return isGoInt(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** JSON numbers without a fraction decode as int64 in the apiserver (it preserves ints). */
export function isGoInt(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** `fmt.Sprintf("%v", v)` for a decoded JSON value: maps print sorted as `map[k:v ...]`. */
export function formatGoValue(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatGoNumber(value);
  if (Array.isArray(value)) return `[${value.map(formatGoValue).join(' ')}]`;
  const keys = Object.keys(value).sort();
  return `map[${keys.map((key) => `${key}:${formatGoValue(value[key])}`).join(' ')}]`;
}

function formatGoNumber(value: number): string {
  if (isGoInt(value) || !Number.isFinite(value)) return String(value);
  // %v of a float64 is strconv's 'g' with the shortest precision: exponent form below 1e-4 or from 1e6 on.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** Go's `encoding/json` name for the kind of a JSON value in "cannot unmarshal X" errors. */
export function jsonKindName(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  return isJsonObject(value) ? 'object' : 'value';
}
