/**
 * The apply type and the defaulting of a served resource: built-in kinds from the generated
 * tables, custom resources (and Karmada kinds) from their CRD schema when one is known, deduced
 * otherwise (atomic lists, granular maps).
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { applyDefaults } from '../crd/structural-schema.js';
import { applyBuiltinDefaults } from '../defaults/apply-builtin-defaults.js';
import { builtinKindType } from './builtin-types.js';
import type { FieldType } from './field-type.js';
import { customResourceType } from './schema-types.js';

/** A resource's openAPIV3Schema (from the catalog), when it has one. */
export type SchemaSource = (info: ResourceInfo) => Readonly<Record<string, unknown>> | undefined;

export function resourceFieldType(info: ResourceInfo, schemaOf: SchemaSource | undefined): FieldType {
  if (info.builtin) {
    const type = builtinKindType(info.group, info.version, info.kind);
    if (type !== undefined) return type;
  }
  return customResourceType(schemaOf?.(info));
}

/**
 * Fills the defaults kube-apiserver fills when decoding the object, so that ownership is computed
 * on the object as it will be stored (the registry applies the same defaults again; they are
 * idempotent).
 */
export function applyResourceDefaults(info: ResourceInfo, object: KubeObject, schemaOf: SchemaSource | undefined): void {
  if (info.builtin) {
    applyBuiltinDefaults(info.group, info.version, info.kind, object);
    return;
  }
  const schema = schemaOf?.(info);
  if (schema !== undefined) applyDefaults(object, { ...schema });
}
