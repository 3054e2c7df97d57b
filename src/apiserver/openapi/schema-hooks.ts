/**
 * The schema hooks the API server passes to OpenAPIV3Documents: generated schemas for built-in
 * kinds (with their referenced components); Karmada kinds and CRDs publish the schema their
 * catalog entry carries (the default).
 */
import type { GroupVersionDocumentOptions } from './group-version-document.js';
import { builtinDefinition, builtinKindSchema } from './builtin-schemas.js';
import { customResourceDefinitionSchema } from './crd-schema.js';

/** Options for `new OpenAPIV3Documents(catalog, openAPISchemaHooks())`. */
export function openAPISchemaHooks(): Pick<GroupVersionDocumentOptions, 'schemaForKind' | 'definition'> {
  return {
    schemaForKind(gvk, catalog) {
      if (gvk.group === 'apiextensions.k8s.io' && gvk.version === 'v1' && gvk.kind === 'CustomResourceDefinition') {
        return customResourceDefinitionSchema();
      }
      return catalog.byKind(gvk.group, gvk.version, gvk.kind)?.builtin === true ? builtinKindSchema(gvk) : undefined;
    },
    definition: builtinDefinition,
  };
}
