import { isPlainObject } from '../../api/object.js';

/** A CRD version's openAPIV3Schema (a structural schema, as kube-apiserver requires). */
export type JsonSchema = Record<string, unknown>;

function props(schema: JsonSchema): Record<string, JsonSchema> | undefined {
  const p = schema['properties'];
  return isPlainObject(p) ? (p as Record<string, JsonSchema>) : undefined;
}

function additional(schema: JsonSchema): JsonSchema | undefined {
  const a = schema['additionalProperties'];
  return isPlainObject(a) ? a : undefined;
}

function items(schema: JsonSchema): JsonSchema | undefined {
  const i = schema['items'];
  return isPlainObject(i) ? i : undefined;
}

function preserves(schema: JsonSchema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * Drops fields the schema does not specify, unless `x-kubernetes-preserve-unknown-fields` (or
 * `x-kubernetes-embedded-resource` keeps metadata), as kube-apiserver prunes custom resources.
 * apiVersion, kind and metadata at the root are never pruned here. Returns the pruned paths.
 */
export function pruneUnknown(value: unknown, schema: JsonSchema, path = '', pruned: string[] = []): string[] {
  if (Array.isArray(value)) {
    const itemSchema = items(schema);
    if (itemSchema !== undefined) {
      value.forEach((v, i) => pruneUnknown(v, itemSchema, `${path}[${i}]`, pruned));
    }
    return pruned;
  }
  if (!isPlainObject(value)) {
    return pruned;
  }
  const properties = props(schema);
  const extra = additional(schema);
  const root = path === '';
  for (const key of Object.keys(value)) {
    const child = `${path === '' ? '' : `${path}.`}${key}`;
    if (root && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
      continue;
    }
    const propSchema = properties?.[key];
    if (propSchema !== undefined) {
      pruneUnknown(value[key], propSchema, child, pruned);
    } else if (extra !== undefined) {
      pruneUnknown(value[key], extra, child, pruned);
    } else if (!preserves(schema) && schema['additionalProperties'] !== true) {
      delete value[key];
      pruned.push(child);
    }
  }
  return pruned;
}

/** Fills `default` values from the schema, top-down, as kube-apiserver defaults custom resources. */
export function applyDefaults(value: unknown, schema: JsonSchema): void {
  if (Array.isArray(value)) {
    const itemSchema = items(schema);
    if (itemSchema !== undefined) {
      value.forEach((v) => applyDefaults(v, itemSchema));
    }
    return;
  }
  if (!isPlainObject(value)) {
    return;
  }
  const properties = props(schema);
  if (properties !== undefined) {
    for (const [key, propSchema] of Object.entries(properties)) {
      if (value[key] === undefined && propSchema['default'] !== undefined) {
        value[key] = structuredClone(propSchema['default']);
      }
      if (value[key] !== undefined) {
        applyDefaults(value[key], propSchema);
      }
    }
  }
  const extra = additional(schema);
  if (extra !== undefined) {
    for (const v of Object.values(value)) {
      applyDefaults(v, extra);
    }
  }
}

/**
 * The schema as standard JSON Schema for a validator: Kubernetes extensions become their JSON
 * Schema meaning (int-or-string, nullable, preserve-unknown-fields), the rest is kept.
 */
export function toJsonSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable' || key === 'default' || key === 'example' || key === 'externalDocs') {
      continue;
    }
    if (key === 'properties' && isPlainObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isPlainObject(v) ? toJsonSchema(v) : v]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isPlainObject(value)) {
      out[key] = toJsonSchema(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v: unknown) => (isPlainObject(v) ? toJsonSchema(v) : v));
    } else {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema['nullable'] === true && typeof out['type'] === 'string') {
    out['type'] = [out['type'], 'null'];
  }
  if (schema['x-kubernetes-embedded-resource'] === true || schema['x-kubernetes-preserve-unknown-fields'] === true) {
    // unknown content is allowed there; properties listed are still validated
  }
  return out;
}
