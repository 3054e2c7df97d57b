import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../status-error.js';
import { toJsonSchema, type JsonSchema } from './structural-schema.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  for (const part of parts) {
    path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  }
  if (extra !== undefined) {
    path += path === '' ? extra : `.${extra}`;
  }
  return path;
}

function badValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'null';
}

/** One ajv error in kube-apiserver's words (`spec.replicas: Invalid value: "x": spec.replicas in body must be of type integer: "string"`). */
function toFieldError(error: ErrorObject, root: unknown): FieldError {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const field = fieldPath(error.instancePath, String(params['missingProperty']));
    return { type: 'FieldValueRequired', field, detail: 'Required value' };
  }
  const field = fieldPath(error.instancePath);
  let value: unknown = root;
  for (const part of error.instancePath.split('/').filter((p) => p !== '')) {
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  if (error.keyword === 'enum') {
    const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { type: 'FieldValueNotSupported', field, detail: `Unsupported value: ${badValue(value)}: supported values: ${allowed}` };
  }
  let message = `${field} in body ${error.message ?? 'is invalid'}`;
  if (error.keyword === 'type') {
    message = `${field} in body must be of type ${String(params['type'])}: ${JSON.stringify(typeof value === 'object' ? (Array.isArray(value) ? 'array' : value === null ? 'null' : 'object') : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value)}`;
  } else if (error.keyword === 'minimum' || error.keyword === 'maximum') {
    message = `${field} in body should be ${error.keyword === 'minimum' ? 'greater' : 'less'} than or equal to ${String(params['limit'])}`;
  } else if (error.keyword === 'pattern') {
    message = `${field} in body should match '${String(params['pattern'])}'`;
  }
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${badValue(value)}: ${message}` };
}

/** Validates a custom object against its CRD version's openAPIV3Schema; errors name the field. */
export function validateAgainstSchema(object: unknown, schema: JsonSchema): FieldError[] {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const { properties, ...rest } = toJsonSchema(schema);
    // metadata is validated by the apiserver itself, not by the CRD schema
    const props = { ...(properties as Record<string, unknown> | undefined) };
    delete props['metadata'];
    validate = ajv.compile({ ...rest, properties: props });
    compiled.set(schema, validate);
  }
  if (validate(object)) {
    return [];
  }
  return (validate.errors ?? []).map((e) => toFieldError(e, object));
}
