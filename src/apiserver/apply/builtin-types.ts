/**
 * Server-side apply types of the built-in kinds, from the generated proto tables: list types and
 * keys from `+listType`/`+listMapKey`, lists with `+patchStrategy=merge` treated as associative
 * (keyed by `+patchMergeKey`, or sets without one), `+mapType`/`+structType=atomic`, and the
 * well-known types with scalar JSON forms (Time, Quantity, IntOrString, ...). This is how
 * kube-openapi's schema conversion (schemaconv) reads the same markers.
 */
import { kindTypeName, typeSchema, wellKnownShape, type FieldSchema, type TypeSchema } from '../../api/schema/index.js';
import { ATOMIC, DEDUCED, listType, SCALAR, type FieldType, type StructType } from './field-type.js';

/** Key fields with a `+default` in the Kubernetes API (list items may omit them). */
const KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'k8s.io.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'k8s.io.api.core.v1.ServicePort': { protocol: 'TCP' },
};

const messageTypes = new Map<string, FieldType>();

class BuiltinStruct implements StructType {
  readonly kind = 'struct';
  private readonly fields = new Map<string, FieldType | null>();

  constructor(private readonly schema: TypeSchema) {}

  field(name: string): FieldType | undefined {
    const cached = this.fields.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.schema.jsonField(name);
    const type = found === undefined ? null : fieldType(found.field);
    this.fields.set(name, type);
    return type ?? undefined;
  }
}

function listRelationship(field: FieldSchema): { readonly kind: 'atomic' | 'set' | 'map'; readonly keys?: readonly string[] } {
  if (field.listType !== undefined) {
    if (field.listType === 'map') {
      return field.listMapKeys !== undefined && field.listMapKeys.length > 0 ? { kind: 'map', keys: field.listMapKeys } : { kind: 'atomic' };
    }
    return { kind: field.listType };
  }
  const strategy = field.patchStrategy ?? '';
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    return field.patchMergeKey !== undefined ? { kind: 'map', keys: [field.patchMergeKey] } : { kind: 'set' };
  }
  return { kind: 'atomic' };
}

function fieldType(field: FieldSchema): FieldType {
  const elem = field.isMessage ? messageType(field.type) : SCALAR;
  if (field.map) {
    return field.mapType === 'atomic' ? ATOMIC : { kind: 'map', elem };
  }
  if (field.repeated) {
    const relationship = listRelationship(field);
    if (relationship.kind === 'atomic') return ATOMIC;
    if (relationship.kind === 'set') return elem.kind === 'scalar' ? listType(undefined, elem) : ATOMIC;
    return listType(relationship.keys, elem, KEY_DEFAULTS[field.type]);
  }
  if (field.structType === 'atomic') return ATOMIC;
  return elem;
}

/** The apply type of a built-in message by fully qualified name (deduced when unknown). */
export function messageType(typeName: string): FieldType {
  const cached = messageTypes.get(typeName);
  if (cached !== undefined) return cached;
  let type: FieldType;
  const special = wellKnownShape(typeName);
  if (special === 'raw-json') {
    type = DEDUCED;
  } else if (special !== undefined) {
    type = SCALAR;
  } else {
    const schema = typeSchema(typeName);
    if (schema === undefined) {
      type = DEDUCED;
    } else if (schema.listWrapper || schema.structType === 'atomic') {
      type = ATOMIC;
    } else {
      type = new BuiltinStruct(schema);
    }
  }
  messageTypes.set(typeName, type);
  return type;
}

export const OBJECT_META_TYPE = 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The apply type of a built-in kind, or undefined when the tables do not know it. */
export function builtinKindType(group: string, version: string, kind: string): FieldType | undefined {
  const typeName = kindTypeName(group, version, kind);
  return typeName === undefined ? undefined : messageType(typeName);
}
