/**
 * Names Karmada derives (`pkg/util/names/names.go`): bindings, Works, execution namespaces.
 */
import { hashStringForName } from './go-hash.js';

/** Prefix of the per-cluster execution namespaces. */
export const EXECUTION_SPACE_PREFIX = 'karmada-es-';

/** `karmada-es-<cluster>`. */
export function executionSpaceName(cluster: string): string {
  return EXECUTION_SPACE_PREFIX + cluster;
}

/** The cluster of an execution namespace, or undefined when ns is not one. */
export function clusterOfExecutionSpace(namespace: string): string | undefined {
  return namespace.startsWith(EXECUTION_SPACE_PREFIX) ? namespace.slice(EXECUTION_SPACE_PREFIX.length) : undefined;
}

/** `<name>-<kind>` lowercased, `:` replaced by `.` (RBAC names may hold colons). */
export function generateBindingName(kind: string, name: string): string {
  return `${name.replaceAll(':', '.')}-${kind}`.toLowerCase();
}

/** `<name>-<hash of namespace-name-kind>` as Karmada names Works. */
export function generateWorkName(kind: string, name: string, namespace: string | undefined): string {
  const lowered = name.replaceAll(':', '.').toLowerCase();
  const full = namespace === undefined || namespace === '' ? `${lowered}-${kind}` : `${namespace}-${lowered}-${kind}`;
  return `${lowered}-${hashStringForName(full.toLowerCase())}`;
}

/** The short hash identifying a binding by namespace and name (used in label keys). */
export function generateBindingReferenceKey(namespace: string | undefined, name: string): string {
  return hashStringForName(namespace === undefined || namespace === '' ? name : `${namespace}/${name}`);
}

/**
 * Namespaces whose objects are never propagated: `karmada-system`, `karmada-cluster`,
 * `karmada-es-*` and `kube-*`.
 */
export function isReservedNamespace(namespace: string): boolean {
  return namespace === 'karmada-system' || namespace === 'karmada-cluster' || namespace.startsWith(EXECUTION_SPACE_PREFIX) || namespace.startsWith('kube-');
}
