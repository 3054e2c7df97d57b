/** One OpenAPI v3 document per group/version, as served at /openapi/v3/api/v1 and /openapi/v3/apis/<g>/<v>. */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { GroupVersionKind, ResourceInfo } from '../../api/resource-info.js';
import { COMMON_SCHEMAS } from './common-schemas.js';
import { LIST_META, OBJECT_META, definitionName } from './definition-names.js';
import { resourcePaths } from './paths.js';
import type { SchemaForKind } from './schema-for-kind.js';
import { gvkExtension, listSchema, schemaForKind } from './schema-for-kind.js';
import type { OpenAPIDocument, OpenAPIPathItem, OpenAPISchema } from './types.js';

export interface GroupVersionDocumentOptions {
  /** Overrides the schema of some kinds (e.g. generated built-in schemas); undefined falls back to the default. */
  readonly schemaForKind?: SchemaForKind;
  /**
   * Component schemas by definition name, for `$ref`s the kind schemas make to types that are not
   * kinds themselves (`io.k8s.api.apps.v1.DeploymentSpec`); each referenced name is looked up once.
   */
  readonly definition?: (name: string) => OpenAPISchema | undefined;
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

const REF_PREFIX = '#/components/schemas/';

function collectRefs(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith(REF_PREFIX)) out.add(child.slice(REF_PREFIX.length));
    else collectRefs(child, out);
  }
}

/** Adds every component the schemas reference, transitively, that `definition` knows. */
function addReferencedDefinitions(schemas: Record<string, OpenAPISchema>, definition: (name: string) => OpenAPISchema | undefined): void {
  const pending = new Set<string>();
  collectRefs(schemas, pending);
  const looked = new Set<string>();
  while (pending.size > 0) {
    const [name] = pending;
    if (name === undefined) break;
    pending.delete(name);
    if (looked.has(name) || schemas[name]) continue;
    looked.add(name);
    const schema = definition(name);
    if (!schema) continue;
    schemas[name] = schema;
    const found = new Set<string>();
    collectRefs(schema, found);
    for (const ref of found) if (!schemas[ref] && !looked.has(ref)) pending.add(ref);
  }
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

  if (options.definition) {
    // Generated ObjectMeta/ListMeta carry every field's documentation; the common ones are short.
    for (const name of [OBJECT_META, LIST_META]) schemas[name] = options.definition(name) ?? schemas[name] ?? {};
    addReferencedDefinitions(schemas, options.definition);
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
