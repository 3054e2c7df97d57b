import { isPlainObject } from '../api/object.js';
import { kindTypeName, typeSchema, wellKnownShape, type TypeSchema } from '../api/schema/index.js';

function walk(value: unknown, schema: TypeSchema, path: string, unknown: string[]): void {
  if (!isPlainObject(value)) {
    return;
  }
  for (const key of Object.keys(value)) {
    const found = schema.jsonField(key);
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (found === undefined) {
      unknown.push(fieldPath);
      delete value[key];
      continue;
    }
    const { field } = found;
    if (!field.isMessage || wellKnownShape(field.type) !== undefined) {
      continue;
    }
    const child = typeSchema(field.type);
    if (child === undefined || child.listWrapper) {
      continue;
    }
    const item = value[key];
    if (field.map && isPlainObject(item)) {
      for (const [k, v] of Object.entries(item)) {
        walk(v, child, `${fieldPath}.${k}`, unknown);
      }
    } else if (field.repeated && Array.isArray(item)) {
      item.forEach((v, i) => walk(v, child, `${fieldPath}[${i}]`, unknown));
    } else {
      walk(item, child, fieldPath, unknown);
    }
  }
}

/**
 * Removes the fields a built-in kind does not have (kube-apiserver's decoder drops them) and
 * returns their paths, as `spec.foo`, for fieldValidation. Undefined for kinds without a schema.
 */
export function pruneBuiltinUnknownFields(group: string, version: string, kind: string, object: Record<string, unknown>): string[] | undefined {
  const typeName = kindTypeName(group, version, kind);
  const schema = typeName === undefined ? undefined : typeSchema(typeName);
  if (schema === undefined) {
    return undefined;
  }
  const unknown: string[] = [];
  const { apiVersion, kind: k, ...rest } = object;
  walk(rest, schema, '', unknown);
  for (const key of Object.keys(object)) {
    if (key !== 'apiVersion' && key !== 'kind' && !(key in rest)) {
      delete object[key];
    }
  }
  void apiVersion;
  void k;
  return unknown;
}
