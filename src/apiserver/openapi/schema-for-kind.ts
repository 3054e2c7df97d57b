/**
 * The default schema published for each kind: the catalog entry's openAPIV3Schema (CRDs, and
 * Karmada kinds, whose schemas are attached at start) or an open object with the standard
 * apiVersion/kind/metadata fields. Built-in kinds get generated schemas through the
 * `schemaForKind` hook (schema-hooks.ts).
 */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { GroupVersionKind } from '../../api/resource-info.js';
import { LIST_META, OBJECT_META, schemaRef } from './definition-names.js';
import type { OpenAPISchema } from './types.js';

/** Supplies a kind's schema; return undefined to fall back to the default. */
export type SchemaForKind = (gvk: GroupVersionKind, catalog: ResourceCatalog) => OpenAPISchema | undefined;

const STANDARD_PROPERTIES = {
  apiVersion: {
    description: 'APIVersion defines the versioned schema of this representation of an object.',
    type: 'string',
  },
  kind: {
    description: 'Kind is a string value representing the REST resource this object represents.',
    type: 'string',
  },
  metadata: {
    allOf: [schemaRef(OBJECT_META)],
    default: {},
    description: "Standard object's metadata.",
  },
} as const;

/** The `x-kubernetes-group-version-kind` schema extension (an array, unlike the operation one). */
export function gvkExtension(gvk: GroupVersionKind): { readonly 'x-kubernetes-group-version-kind': readonly GroupVersionKind[] } {
  return { 'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }] };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The default schema of a kind: the CRD's openAPIV3Schema when the catalog has one (with
 * metadata pointing at ObjectMeta, as kube-apiserver publishes CRDs), else an open object.
 */
export function schemaForKind(gvk: GroupVersionKind, catalog: ResourceCatalog): OpenAPISchema {
  const crdSchema = catalog.openAPIV3Schema(gvk.group, gvk.version, gvk.kind);
  const base: Readonly<Record<string, unknown>> = crdSchema ?? { type: 'object' };
  const own = isRecord(base['properties']) ? base['properties'] : {};
  const rest = Object.fromEntries(Object.entries(own).filter(([name]) => !(name in STANDARD_PROPERTIES)));
  return {
    ...base,
    type: 'object',
    properties: { ...STANDARD_PROPERTIES, ...rest },
    ...gvkExtension(gvk),
  };
}

/** The schema of `<Kind>List`: items of the kind plus ListMeta. */
export function listSchema(listGvk: GroupVersionKind, itemDefinition: string): OpenAPISchema {
  return {
    description: `${listGvk.kind} is a list of ${itemDefinition.split('.').pop() ?? 'objects'}.`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: STANDARD_PROPERTIES.apiVersion,
      items: { type: 'array', items: { allOf: [schemaRef(itemDefinition)], default: {} } },
      kind: STANDARD_PROPERTIES.kind,
      metadata: { allOf: [schemaRef(LIST_META)], default: {}, description: "Standard list metadata." },
    },
    ...gvkExtension(listGvk),
  };
}
