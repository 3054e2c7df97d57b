/** One OpenAPI v3 document per group/version, as served at /openapi/v3/api/v1 and /openapi/v3/apis/<g>/<v>. */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { GroupVersionKind, ResourceInfo } from '../../api/resource-info.js';
import { COMMON_SCHEMAS } from './common-schemas.js';
import { definitionName } from './definition-names.js';
import { resourcePaths } from './paths.js';
import type { SchemaForKind } from './schema-for-kind.js';
import { gvkExtension, listSchema, schemaForKind } from './schema-for-kind.js';
import type { OpenAPIDocument, OpenAPIPathItem, OpenAPISchema } from './types.js';

export interface GroupVersionDocumentOptions {
  /** Overrides the schema of some kinds (e.g. generated built-in schemas); undefined falls back to the default. */
  readonly schemaForKind?: SchemaForKind;
  /**
   * Which resources advertise strategic merge patch on PATCH (see ResourcePathsOptions). Default:
   * none, until field schemas with patch strategies are published.
   */
  readonly strategicMergePatch?: (info: ResourceInfo) => boolean;
}

/** `/api/v1` or `/apis/<group>/<version>`. */
export function apiPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The document of one served group/version; undefined when nothing is served there. */
export function buildGroupVersionDocument(
  catalog: ResourceCatalog,
  group: string,
  version: string,
  options: GroupVersionDocumentOptions = {},
): OpenAPIDocument | undefined {
  const infos = catalog.resources(group, version);
  if (infos.length === 0) return undefined;
  const prefix = apiPrefix(group, version);
  const kindSchema = (gvk: GroupVersionKind): OpenAPISchema => options.schemaForKind?.(gvk, catalog) ?? schemaForKind(gvk, catalog);

  const paths: Record<string, OpenAPIPathItem> = {};
  const schemas: Record<string, OpenAPISchema> = { ...COMMON_SCHEMAS };
  const referenced: GroupVersionKind[] = [];
  for (const info of infos) {
    const built = resourcePaths(info, { prefix, strategicMergePatch: options.strategicMergePatch?.(info) ?? false });
    Object.assign(paths, built.paths);
    referenced.push(...built.referencedKinds);
    const gvk: GroupVersionKind = { group, version, kind: info.kind };
    const name = definitionName(gvk);
    schemas[name] = kindSchema(gvk);
    schemas[definitionName({ group, version, kind: info.listKind })] = listSchema({ group, version, kind: info.listKind }, name);
  }
  // Kinds only reached through subresources (Scale, Eviction, TokenRequest...): the served kind's
  // schema when this catalog has it, else an open object carrying the kind's identity.
  for (const gvk of referenced) {
    const name = definitionName(gvk);
    if (schemas[name]) continue;
    schemas[name] = catalog.byKind(gvk.group, gvk.version, gvk.kind) ? kindSchema(gvk) : { type: 'object', ...gvkExtension(gvk) };
  }

  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: sortedRecord(paths),
    components: {
      schemas: sortedRecord(schemas),
      securitySchemes: {
        BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' },
      },
    },
  };
}
