/**
 * OpenAPI v3 component schemas of the built-in kinds, generated from the protobuf type tables
 * (src/api/schema) and their documentation: one component per message, named as kube-apiserver
 * names them (`io.k8s.api.apps.v1.DeploymentSpec`), fields referring to each other through
 * `allOf: [{$ref}]`, with descriptions and the strategic-merge / list-type markers.
 */
import { fieldDoc, typeDoc } from '../../api/schema/docs.js';
import { kindTypeName, typeSchema, WELL_KNOWN, wellKnownShape, type FieldSchema } from '../../api/schema/index.js';
import type { GroupVersionKind } from '../../api/resource-info.js';
import { schemaRef } from './definition-names.js';
import type { OpenAPISchema } from './types.js';

type MutableSchema = Record<string, unknown>;

/** `k8s.io.api.apps.v1.Deployment` → `io.k8s.api.apps.v1.Deployment`. */
export function definitionNameOfType(typeName: string): string {
  return typeName.startsWith('k8s.io.') ? `io.k8s.${typeName.slice('k8s.io.'.length)}` : typeName;
}

/** The inverse of definitionNameOfType. */
export function typeNameOfDefinition(name: string): string {
  return name.startsWith('io.k8s.') ? `k8s.io.${name.slice('io.k8s.'.length)}` : name;
}

function scalar(type: string): MutableSchema {
  switch (type) {
    case 'int32':
    case 'sint32':
    case 'sfixed32':
    case 'uint32':
    case 'fixed32':
      return { type: 'integer', format: 'int32' };
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return { type: 'integer', format: 'int64' };
    case 'double':
    case 'float':
      return { type: 'number', format: 'double' };
    case 'bool':
      return { type: 'boolean' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    default:
      return { type: 'string' };
  }
}

/** The schema of a message type that is not an object of fields (Time, Quantity, ...). */
function wellKnownSchema(typeName: string): MutableSchema | undefined {
  switch (wellKnownShape(typeName)) {
    case 'time':
    case 'micro-time':
      return { type: 'string', format: 'date-time' };
    case 'duration':
      return { type: 'string' };
    case 'quantity':
    case 'int-or-string':
      return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    case 'raw-json':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    default:
      return undefined;
  }
}

/** How a field's element type appears: a scalar inline, a message by reference. */
function elementSchema(field: FieldSchema): MutableSchema {
  if (!field.isMessage) return scalar(field.type);
  // Types the tables lack (alpha APIs referenced from stable ones) stay open objects.
  if (wellKnownShape(field.type) === undefined && typeSchema(field.type) === undefined) return { type: 'object' };
  return { allOf: [schemaRef(definitionNameOfType(field.type))] };
}

function fieldSchema(field: FieldSchema, owner: string): MutableSchema {
  let schema: MutableSchema;
  if (field.map) {
    const value = elementSchema(field);
    // kube-openapi gives string map values a '' default
    if (field.type === 'string') value['default'] = '';
    schema = { type: 'object', additionalProperties: value };
  } else if (field.repeated) {
    schema = { type: 'array', items: elementSchema(field) };
  } else {
    schema = elementSchema(field);
  }
  const doc = fieldDoc(owner, field.name);
  if (doc !== undefined && doc !== '') schema['description'] = doc;
  if (field.patchMergeKey !== undefined) schema['x-kubernetes-patch-merge-key'] = field.patchMergeKey;
  if (field.patchStrategy !== undefined) schema['x-kubernetes-patch-strategy'] = field.patchStrategy;
  if (field.listType !== undefined) schema['x-kubernetes-list-type'] = field.listType;
  if (field.listMapKeys !== undefined) schema['x-kubernetes-list-map-keys'] = field.listMapKeys;
  if (field.mapType !== undefined) schema['x-kubernetes-map-type'] = field.mapType;
  return schema;
}

const cache = new Map<string, OpenAPISchema | null>();

/** The component schema of one built-in message type (by proto name), or undefined when unknown. */
export function builtinTypeSchema(typeName: string): OpenAPISchema | undefined {
  const cached = cache.get(typeName);
  if (cached !== undefined) return cached ?? undefined;
  const built = buildTypeSchema(typeName);
  cache.set(typeName, built ?? null);
  return built;
}

function buildTypeSchema(typeName: string): OpenAPISchema | undefined {
  const description = typeDoc(typeName);
  const special = wellKnownSchema(typeName);
  if (special !== undefined) return description === undefined ? special : { description, ...special };
  const type = typeSchema(typeName);
  if (type === undefined) return undefined;
  const schema: MutableSchema = {};
  if (description !== undefined && description !== '') schema['description'] = description;
  if (type.listWrapper) {
    const items = type.fields[0];
    return { ...schema, type: 'array', items: items === undefined ? {} : elementSchema(items) };
  }
  schema['type'] = 'object';
  const properties: Record<string, MutableSchema> = {};
  for (const name of [...type.jsonFieldNames()].sort()) {
    const found = type.jsonField(name);
    if (found !== undefined) properties[name] = fieldSchema(found.field, found.owner.name);
  }
  schema['properties'] = properties;
  if (type.structType !== undefined) schema['x-kubernetes-map-type'] = type.structType;
  return schema;
}

const TYPE_META = {
  apiVersion: {
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    type: 'string',
  },
  kind: {
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    type: 'string',
  },
} as const;

/** The schema of a built-in kind: its message plus apiVersion/kind, tagged with its group/version/kind. */
export function builtinKindSchema(gvk: GroupVersionKind): OpenAPISchema | undefined {
  const typeName = kindTypeName(gvk.group, gvk.version, gvk.kind);
  if (typeName === undefined || typeName.startsWith('k8s.io.apimachinery.')) return undefined;
  const base = builtinTypeSchema(typeName);
  if (base === undefined) return undefined;
  const properties = { ...TYPE_META, ...(base['properties'] as Record<string, unknown> | undefined) };
  return {
    ...base,
    properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }],
  };
}

/** A component by definition name (`io.k8s.api.core.v1.PodSpec`), for `$ref` closure. */
export function builtinDefinition(name: string): OpenAPISchema | undefined {
  return builtinTypeSchema(typeNameOfDefinition(name));
}

/** Names of the well-known apimachinery types (for tests). */
export const WELL_KNOWN_DEFINITIONS = Object.values(WELL_KNOWN).map(definitionNameOfType);
