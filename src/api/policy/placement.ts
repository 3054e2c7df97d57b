/**
 * policy.karmada.io/v1alpha1 Placement and the types it embeds (`propagation_types.go`).
 * Shared by PropagationPolicy/ClusterPropagationPolicy and copied into ResourceBinding.spec.placement.
 */
import type { LabelSelector, NodeSelectorRequirement, Toleration } from './kube-core.js';

/** Cluster fields a FieldSelector may test. */
export type ClusterFieldKey = 'provider' | 'region' | 'zone';

/** `FieldSelector`: requirements on cluster fields (provider/region/zone), ANDed. */
export interface FieldSelector {
  matchExpressions?: NodeSelectorRequirement[];
}

/**
 * `ClusterAffinity`: all set parts must match (ANDed); `exclude` always wins.
 * Note the JSON name `exclude` (Go field ExcludeClusters).
 */
export interface ClusterAffinity {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  clusterNames?: string[];
  exclude?: string[];
}

/** `ClusterAffinityTerm`: one named, ordered entry of `placement.clusterAffinities`. */
export interface ClusterAffinityTerm extends ClusterAffinity {
  /** 1..32 characters, unique within the list. */
  affinityName: string;
  /** Newer Karmada: extra tiers tried in order when the primary group lacks capacity. Not used by our scheduler yet. */
  overflowAffinities?: ClusterAffinity[];
}

export type SpreadFieldValue = 'cluster' | 'region' | 'zone' | 'provider';

/** `SpreadConstraint`: spread over groups of clusters sharing a field (or a label). */
export interface SpreadConstraint {
  spreadByField?: SpreadFieldValue;
  spreadByLabel?: string;
  maxGroups?: number;
  /** Defaults to 1. */
  minGroups?: number;
}

export type ReplicaSchedulingType = 'Duplicated' | 'Divided';
export type ReplicaDivisionPreference = 'Aggregated' | 'Weighted';
export type DynamicWeightFactor = 'AvailableReplicas';

/** `StaticClusterWeight`: clusters matching `targetCluster` get `weight` (>= 1); the max of matching rules counts. */
export interface StaticClusterWeight {
  targetCluster: ClusterAffinity;
  weight: number;
}

/** `ClusterPreferences` (`weightPreference`). `dynamicWeight` overrides `staticWeightList`. */
export interface ClusterPreferences {
  staticWeightList?: StaticClusterWeight[];
  dynamicWeight?: DynamicWeightFactor;
}

/** `ReplicaSchedulingStrategy`. A nil strategy means Duplicated. */
export interface ReplicaSchedulingStrategy {
  replicaSchedulingType?: ReplicaSchedulingType;
  replicaDivisionPreference?: ReplicaDivisionPreference;
  weightPreference?: ClusterPreferences;
}

/** `WorkloadAffinity` (alpha). */
export interface WorkloadAffinity {
  affinity?: { groupByLabelKey: string };
  antiAffinity?: { groupByLabelKey: string };
}

/** `Placement`. `clusterAffinity` and `clusterAffinities` are mutually exclusive. */
export interface Placement {
  clusterAffinity?: ClusterAffinity;
  clusterAffinities?: ClusterAffinityTerm[];
  clusterTolerations?: Toleration[];
  spreadConstraints?: SpreadConstraint[];
  replicaScheduling?: ReplicaSchedulingStrategy;
  workloadAffinity?: WorkloadAffinity;
}
