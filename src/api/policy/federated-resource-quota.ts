/**
 * policy.karmada.io/v1alpha1 FederatedResourceQuota (`federatedresourcequota_types.go`), namespaced, status subresource.
 */
import type { KubeObject } from '../object.js';
import type { ResourceList, ResourceQuotaStatus } from './kube-core.js';

/** `StaticClusterAssignment`: a ResourceQuota created in one member. */
export interface StaticClusterAssignment {
  clusterName: string;
  hard: ResourceList;
}

/** `FederatedResourceQuotaSpec`. */
export interface FederatedResourceQuotaSpec {
  overall: ResourceList;
  staticAssignments?: StaticClusterAssignment[];
}

/** `ClusterQuotaStatus`: one member's ResourceQuota status. */
export interface ClusterQuotaStatus extends ResourceQuotaStatus {
  clusterName: string;
}

/** `FederatedResourceQuotaStatus`. */
export interface FederatedResourceQuotaStatus {
  overall?: ResourceList;
  overallUsed?: ResourceList;
  aggregatedStatus?: ClusterQuotaStatus[];
}

/** policy.karmada.io/v1alpha1 FederatedResourceQuota. */
export interface FederatedResourceQuota extends KubeObject {
  apiVersion?: 'policy.karmada.io/v1alpha1';
  kind?: 'FederatedResourceQuota';
  spec: FederatedResourceQuotaSpec;
  status?: FederatedResourceQuotaStatus;
}
