/**
 * Names the cluster lifecycle shares with Karmada (`pkg/util/constants.go`, `pkg/util/names`):
 * finalizers, namespaces, resource refs and the execution-space naming rule.
 */
import type { ResourceRef } from '../../client/client.js';

/** Added by the cluster controller; removed once the execution space is gone. */
export const CLUSTER_CONTROLLER_FINALIZER = 'karmada.io/cluster-controller';
/** The execution controller's finalizer on Works (removed for unreachable pull clusters on deletion). */
export const EXECUTION_CONTROLLER_FINALIZER = 'karmada.io/execution-controller';
/** Where member credentials (push) and pull clusters' Leases live on the control plane. */
export const KARMADA_CLUSTER_NAMESPACE = 'karmada-cluster';
/** Karmada's own components' namespace. */
export const KARMADA_SYSTEM_NAMESPACE = 'karmada-system';
/** Label marking namespaces Karmada created (`karmada.io/system: "true"`). */
export const KARMADA_SYSTEM_LABEL = 'karmada.io/system';
export const KARMADA_SYSTEM_LABEL_VALUE = 'true';
/** Prefix of execution spaces. */
export const EXECUTION_SPACE_PREFIX = 'karmada-es-';
/** Secret data keys of a push cluster's credentials (`SecretTokenKey`, `SecretCADataKey`). */
export const SECRET_TOKEN_KEY = 'token';
export const SECRET_CA_DATA_KEY = 'caBundle';

/** `karmada-es-<cluster>`: the namespace holding a cluster's Works. */
export function executionSpaceName(clusterName: string): string {
  return `${EXECUTION_SPACE_PREFIX}${clusterName}`;
}

/** The cluster an execution space belongs to, or undefined for other namespaces. */
export function clusterNameOfExecutionSpace(namespace: string): string | undefined {
  return namespace.startsWith(EXECUTION_SPACE_PREFIX) && namespace.length > EXECUTION_SPACE_PREFIX.length
    ? namespace.slice(EXECUTION_SPACE_PREFIX.length)
    : undefined;
}

export const CLUSTERS: ResourceRef = { group: 'cluster.karmada.io', version: 'v1alpha1', resource: 'clusters', namespaced: false, kind: 'Cluster' };
export const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' };
export const SECRETS: ResourceRef = { group: '', version: 'v1', resource: 'secrets', namespaced: true, kind: 'Secret' };
export const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };
export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false, kind: 'Node' };
export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' };
export const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true, kind: 'ServiceAccount' };
export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true, kind: 'Lease' };
export const WORKS: ResourceRef = { group: 'work.karmada.io', version: 'v1alpha1', resource: 'works', namespaced: true, kind: 'Work' };
export const RESOURCE_BINDINGS: ResourceRef = { group: 'work.karmada.io', version: 'v1alpha2', resource: 'resourcebindings', namespaced: true, kind: 'ResourceBinding' };
export const CLUSTER_RESOURCE_BINDINGS: ResourceRef = {
  group: 'work.karmada.io',
  version: 'v1alpha2',
  resource: 'clusterresourcebindings',
  namespaced: false,
  kind: 'ClusterResourceBinding',
};
export const CLUSTER_ROLES: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', namespaced: false, kind: 'ClusterRole' };
export const CLUSTER_ROLE_BINDINGS: ResourceRef = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'clusterrolebindings',
  namespaced: false,
  kind: 'ClusterRoleBinding',
};
