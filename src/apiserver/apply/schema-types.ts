/**
 * Server-side apply types from a CRD version's openAPIV3Schema, as kube-apiserver reads the
 * structural schema: `x-kubernetes-list-type` (atomic by default) with `x-kubernetes-list-map-keys`,
 * `x-kubernetes-map-type` (granular by default), `x-kubernetes-int-or-string` and
 * `x-kubernetes-preserve-unknown-fields` (deduced). `metadata` is always ObjectMeta.
 */
import { isPlainObject } from '../../api/object.js';
import { messageType, OBJECT_META_TYPE } from './builtin-types.js';
import { ATOMIC, DEDUCED, listType, SCALAR, type FieldType, type StructType } from './field-type.js';

type Schema = Readonly<Record<string, unknown>>;

const cache = new WeakMap<Schema, FieldType>();

class SchemaStruct implements StructType {
  readonly kind = 'struct';
  private readonly fields = new Map<string, FieldType | null>();

  constructor(
    private readonly properties: Readonly<Record<string, unknown>>,
    readonly rest: FieldType | undefined,
    private readonly overrides?: ReadonlyMap<string, FieldType>,
  ) {}

  field(name: string): FieldType | undefined {
    const cached = this.fields.get(name);
    if (cached !== undefined) return cached ?? undefined;
    let type: FieldType | null = this.overrides?.get(name) ?? null;
    if (type === null && Object.hasOwn(this.properties, name)) {
      const property = this.properties[name];
      type = isPlainObject(property) ? schemaType(property) : DEDUCED;
    }
    this.fields.set(name, type);
    return type ?? undefined;
  }
}

function keyDefaults(items: Schema, keys: readonly string[]): Record<string, unknown> | undefined {
  const properties = items['properties'];
  if (!isPlainObject(properties)) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const key of keys) {
    const property = properties[key];
    if (isPlainObject(property) && property['default'] !== undefined) {
      out ??= {};
      out[key] = property['default'];
    }
  }
  return out;
}

function arrayType(schema: Schema): FieldType {
  const items = isPlainObject(schema['items']) ? schema['items'] : undefined;
  const elem = items === undefined ? DEDUCED : schemaType(items);
  switch (schema['x-kubernetes-list-type']) {
    case 'set':
      return elem.kind === 'scalar' ? listType(undefined, elem) : ATOMIC;
    case 'map': {
      const keys = schema['x-kubernetes-list-map-keys'];
      if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k): k is string => typeof k === 'string')) return ATOMIC;
      return listType(keys, elem, items === undefined ? undefined : keyDefaults(items, keys));
    }
    default:
      return ATOMIC;
  }
}

function objectType(schema: Schema): FieldType {
  if (schema['x-kubernetes-map-type'] === 'atomic') return ATOMIC;
  const properties = isPlainObject(schema['properties']) ? schema['properties'] : undefined;
  const additional = schema['additionalProperties'];
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const rest = isPlainObject(additional) ? schemaType(additional) : additional === true || preserve ? DEDUCED : undefined;
  if (properties !== undefined && Object.keys(properties).length > 0) {
    return new SchemaStruct(properties, rest);
  }
  if (rest !== undefined) return rest === DEDUCED ? DEDUCED : { kind: 'map', elem: rest };
  return DEDUCED;
}

/** The apply type a JSON schema describes (cached per schema object). */
export function schemaType(schema: Schema): FieldType {
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  let type: FieldType;
  if (schema['x-kubernetes-int-or-string'] === true) {
    type = SCALAR;
  } else {
    switch (schema['type']) {
      case 'object':
        type = objectType(schema);
        break;
      case 'array':
        type = arrayType(schema);
        break;
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        type = SCALAR;
        break;
      default:
        type = isPlainObject(schema['properties']) ? objectType(schema) : DEDUCED;
    }
  }
  cache.set(schema, type);
  return type;
}

const rootCache = new WeakMap<Schema, FieldType>();

/** The apply type of a custom resource: its schema, with `metadata` typed as ObjectMeta. */
export function customResourceType(schema: Schema | undefined): FieldType {
  if (schema === undefined) return DEFAULT_ROOT;
  const cached = rootCache.get(schema);
  if (cached !== undefined) return cached;
  const properties = isPlainObject(schema['properties']) ? schema['properties'] : {};
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const type = new SchemaStruct(properties, preserve ? DEDUCED : undefined, metaOverrides());
  rootCache.set(schema, type);
  return type;
}

function metaOverrides(): ReadonlyMap<string, FieldType> {
  return new Map<string, FieldType>([
    ['metadata', messageType(OBJECT_META_TYPE)],
    ['apiVersion', SCALAR],
    ['kind', SCALAR],
  ]);
}

/** Objects without any schema: ObjectMeta-typed metadata, everything else deduced. */
const DEFAULT_ROOT: FieldType = new SchemaStruct({}, DEDUCED, metaOverrides());
