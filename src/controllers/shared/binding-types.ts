/**
 * ResourceBinding and ClusterResourceBinding share one shape; controllers handle both as AnyBinding
 * and tell them apart by namespace (or kind).
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../api/work/resource-binding.js';
import type { ResourceRef } from '../../client/client.js';

/** Either binding kind. */
export interface AnyBinding extends KubeObject {
  apiVersion?: 'work.karmada.io/v1alpha2';
  kind?: 'ResourceBinding' | 'ClusterResourceBinding';
  spec: ResourceBindingSpec;
  status?: ResourceBindingStatus;
}

export const RB_REF: ResourceRef = { group: 'work.karmada.io', version: 'v1alpha2', resource: 'resourcebindings', namespaced: true, kind: 'ResourceBinding' };
export const CRB_REF: ResourceRef = { group: 'work.karmada.io', version: 'v1alpha2', resource: 'clusterresourcebindings', namespaced: false, kind: 'ClusterResourceBinding' };
export const WORK_REF: ResourceRef = { group: 'work.karmada.io', version: 'v1alpha1', resource: 'works', namespaced: true, kind: 'Work' };
export const CLUSTER_REF: ResourceRef = { group: 'cluster.karmada.io', version: 'v1alpha1', resource: 'clusters', namespaced: false, kind: 'Cluster' };
export const PP_REF: ResourceRef = { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'propagationpolicies', namespaced: true, kind: 'PropagationPolicy' };
export const CPP_REF: ResourceRef = { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'clusterpropagationpolicies', namespaced: false, kind: 'ClusterPropagationPolicy' };
export const OP_REF: ResourceRef = { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'overridepolicies', namespaced: true, kind: 'OverridePolicy' };
export const COP_REF: ResourceRef = { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'clusteroverridepolicies', namespaced: false, kind: 'ClusterOverridePolicy' };
export const NAMESPACE_REF: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' };

/** True for a binding without namespace (a ClusterResourceBinding). */
export function isClusterBinding(binding: Pick<AnyBinding, 'metadata'>): boolean {
  return (binding.metadata.namespace ?? '') === '';
}

/** The resource reference of the binding's kind. */
export function bindingRef(binding: Pick<AnyBinding, 'metadata'>): ResourceRef {
  return isClusterBinding(binding) ? CRB_REF : RB_REF;
}
