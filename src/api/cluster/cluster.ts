/**
 * cluster.karmada.io/v1alpha1 Cluster (`pkg/apis/cluster/v1alpha1/types.go`), cluster-scoped,
 * served by the aggregated apiserver with `status` and `proxy` subresources.
 */
import type { KubeObject } from '../object.js';
import type { Condition, ResourceList, Taint } from '../policy/kube-core.js';

export type ClusterSyncMode = 'Push' | 'Pull';

/** A reference to a Secret in the Karmada control plane. */
export interface LocalSecretReference {
  namespace: string;
  name: string;
}

/** `ResourceModelRange`: `[min, max)` for one resource. */
export interface ResourceModelRange {
  name: string;
  min: string;
  max: string;
}

/** `ResourceModel`: one grade of node sizes. */
export interface ResourceModel {
  grade: number;
  ranges: ResourceModelRange[];
}

/** `ClusterSpec`. */
export interface ClusterSpec {
  id?: string;
  syncMode: ClusterSyncMode;
  apiEndpoint?: string;
  secretRef?: LocalSecretReference;
  impersonatorSecretRef?: LocalSecretReference;
  insecureSkipTLSVerification?: boolean;
  proxyURL?: string;
  proxyHeader?: Record<string, string>;
  provider?: string;
  region?: string;
  /** Deprecated in favour of `zones`. */
  zone?: string;
  zones?: string[];
  taints?: Taint[];
  resourceModels?: ResourceModel[];
}

/** `APIResource` within an API enablement. */
export interface APIResource {
  name: string;
  kind: string;
}

/** `APIEnablement`: the resources a member serves in one group/version. */
export interface APIEnablement {
  groupVersion: string;
  resources?: APIResource[];
}

/** `NodeSummary`. */
export interface NodeSummary {
  totalNum?: number;
  readyNum?: number;
}

/** `AllocatableModeling`: number of nodes whose free resources fall in a grade. */
export interface AllocatableModeling {
  grade: number;
  count: number;
}

/** `ResourceSummary`: available = allocatable - allocated - allocating. */
export interface ResourceSummary {
  allocatable?: ResourceList;
  allocating?: ResourceList;
  allocated?: ResourceList;
  allocatableModelings?: AllocatableModeling[];
}

/** `ClusterStatus`. */
export interface ClusterStatus {
  kubernetesVersion?: string;
  apiEnablements?: APIEnablement[];
  conditions?: Condition[];
  nodeSummary?: NodeSummary;
  resourceSummary?: ResourceSummary;
  remedyActions?: string[];
}

/** cluster.karmada.io/v1alpha1 Cluster. */
export interface Cluster extends KubeObject {
  apiVersion?: 'cluster.karmada.io/v1alpha1';
  kind?: 'Cluster';
  spec: ClusterSpec;
  status?: ClusterStatus;
}

/** Well-known cluster condition types and taint keys. */
export const ClusterConditionReady = 'Ready';
export const ClusterConditionCompleteAPIEnablements = 'CompleteAPIEnablements';
export const TaintClusterNotReady = 'cluster.karmada.io/not-ready';
export const TaintClusterUnreachable = 'cluster.karmada.io/unreachable';
export const TaintClusterUnschedulable = 'cluster.karmada.io/unschedulable';
