/**
 * Field-level validation errors (k8s.io/apimachinery util/validation/field) and the 422
 * Status kube-apiserver builds from them (errors.NewInvalid).
 */
import { goQuote } from '../../api/selectors/go-quote.js';
import { StatusError, type StatusCause } from '../status-error.js';

/** The machine-readable error types; they are also the Status cause `reason`. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

/** One validation failure. `message` is upstream's ErrorBody (the text after `field: `). */
export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path such as `spec.template.spec.containers[0].name`; '' for the whole object. */
  readonly field: string;
  readonly message: string;
  readonly detail: string;
  readonly badValue?: unknown;
}

const typeText: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
};

/** A marker for "print no value" (upstream omitValue). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

/**
 * How kube-apiserver (1.34+) prints a bad value: strings quoted like Go's %q, numbers and
 * booleans plainly, null as `null`, anything else as JSON.
 */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'string') {
    return goQuote(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? 'null';
}

function body(type: FieldErrorType, value: unknown, detail: string): string {
  let s: string;
  if (
    type === 'FieldValueRequired' ||
    type === 'FieldValueForbidden' ||
    type === 'FieldValueTooLong' ||
    type === 'InternalError' ||
    value === OMIT_VALUE
  ) {
    s = typeText[type];
  } else {
    s = `${typeText[type]}: ${formatBadValue(value)}`;
  }
  return detail.length > 0 ? `${s}: ${detail}` : s;
}

function make(type: FieldErrorType, field: string, value: unknown, detail: string): FieldError {
  const err: FieldError = { type, field, message: body(type, value, detail), detail };
  return value === OMIT_VALUE ? err : { ...err, badValue: value };
}

/** field.Invalid. */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return make('FieldValueInvalid', field, value, detail);
}

/** field.Required. */
export function required(field: string, detail = ''): FieldError {
  return make('FieldValueRequired', field, '', detail);
}

/** field.Duplicate. */
export function duplicate(field: string, value: unknown): FieldError {
  return make('FieldValueDuplicate', field, value, '');
}

/** field.NotSupported: `supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? `supported values: ${validValues.map((v) => goQuote(v)).join(', ')}` : '';
  return make('FieldValueNotSupported', field, value, detail);
}

/** field.Forbidden. */
export function forbidden(field: string, detail: string): FieldError {
  return make('FieldValueForbidden', field, '', detail);
}

/** field.TooLong: `may not be more than N bytes`. */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return make('FieldValueTooLong', field, OMIT_VALUE, detail);
}

/** field.TooMany: `must have at most N items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return make('FieldValueTooMany', field, actual >= 0 ? actual : OMIT_VALUE, max >= 0 ? `must have at most ${max} items` : 'has too many items');
}

/** field.NotFound. */
export function notFound(field: string, value: unknown): FieldError {
  return make('FieldValueNotFound', field, value, '');
}

/** `field: body`, as Error() prints a field error. */
export function fieldErrorString(err: FieldError): string {
  return `${err.field}: ${err.message}`;
}

/**
 * ErrorList.ToAggregate().Error(): duplicates dropped, one error alone, several as `[a, b]`;
 * undefined for an empty list.
 */
export function aggregateMessage(errors: readonly FieldError[]): string | undefined {
  const unique = [...new Set(errors.map(fieldErrorString))];
  if (unique.length === 0) {
    return undefined;
  }
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/**
 * errors.NewInvalid's message: `Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: ...`.
 * `group` is '' for the core group.
 */
export function invalidMessage(kind: string, group: string, name: string, errors: readonly FieldError[]): string {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const agg = aggregateMessage(errors);
  return agg === undefined ? `${qualifiedKind} ${goQuote(name)} is invalid` : `${qualifiedKind} ${goQuote(name)} is invalid: ${agg}`;
}

/** The 422 Invalid StatusError for a list of field errors. */
export function invalidError(kind: string, group: string, name: string, errors: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
  return new StatusError(422, 'Invalid', invalidMessage(kind, group, name, errors), { name, group, kind, causes });
}

/** Path helpers mirroring field.Path: child, index and key segments. */
export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((p) => p.length > 0).join('.');
}

/** `path[i]`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path[key]`. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
