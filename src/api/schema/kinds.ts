import { kindTable } from './tables.js';

/** A built-in kind and the message that holds it. */
export interface BuiltinKind {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Fully qualified message name, e.g. k8s.io.api.apps.v1.Deployment. */
  readonly typeName: string;
}

const META_GROUP_VERSION = 'meta.k8s.io/v1';

function groupVersionKey(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * The fully qualified message name of a built-in kind, e.g.
 * `kindTypeName('apps', 'v1', 'Deployment')` → 'k8s.io.api.apps.v1.Deployment'.
 * meta.k8s.io/v1 kinds (DeleteOptions, Status, …) are found from every built-in group version,
 * since Kubernetes registers them in each one. Undefined for other groups (custom resources).
 */
export function kindTypeName(group: string, version: string, kind: string): string | undefined {
  const table = kindTable();
  const kinds = table[groupVersionKey(group, version)];
  if (kinds === undefined) return undefined;
  return kinds[kind] ?? table[META_GROUP_VERSION]?.[kind];
}

/** Splits an apiVersion ("apps/v1", "v1") into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Every built-in kind in the generated tables (List kinds included). */
export function builtinKinds(): readonly BuiltinKind[] {
  const out: BuiltinKind[] = [];
  for (const [gv, kinds] of Object.entries(kindTable())) {
    const { group, version } = parseApiVersion(gv);
    for (const [kind, typeName] of Object.entries(kinds)) out.push({ group, version, kind, typeName });
  }
  return out;
}
