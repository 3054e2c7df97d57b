/**
 * work.karmada.io/v1alpha2 ResourceBinding and ClusterResourceBinding (`pkg/apis/work/v1alpha2/binding_types.go`).
 */
import type { KubeObject } from '../object.js';
import type { Condition, NodeSelector, ResourceList, Toleration } from '../policy/kube-core.js';
import type { Placement } from '../policy/placement.js';
import type {
  ConflictResolution,
  FailoverBehavior,
  PurgeMode,
  Suspension,
} from '../policy/propagation-policy.js';

/** `ObjectReference` to the resource template. */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

/** `NodeClaim`: node constraints of the pod template. */
export interface NodeClaim {
  hardNodeAffinity?: NodeSelector;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

/** `ReplicaRequirements`: what one replica needs. */
export interface ReplicaRequirements {
  nodeClaim?: NodeClaim;
  resourceRequest?: ResourceList;
  namespace?: string;
  priorityClassName?: string;
}

/** `Component` of a multi-pod-template workload. */
export interface Component {
  name: string;
  replicas: number;
  replicaRequirements?: ReplicaRequirements;
}

/** `ComponentReplicas` within a target cluster. */
export interface ComponentReplicas {
  name: string;
  replicas: number;
}

/** `TargetCluster`: one scheduling decision. */
export interface TargetCluster {
  name: string;
  replicas?: number;
  components?: ComponentReplicas[];
}

/** `PreservedLabelState` is a label map kept across failover. */
export type PreservedLabelState = Record<string, string>;

/** `GracefulEvictionTask`. */
export interface GracefulEvictionTask {
  fromCluster: string;
  purgeMode?: PurgeMode;
  replicas?: number;
  reason: string;
  message?: string;
  producer: string;
  gracePeriodSeconds?: number;
  suppressDeletion?: boolean;
  preservedLabelState?: PreservedLabelState;
  clustersBeforeFailover?: string[];
  creationTimestamp?: string;
}

/** `BindingSnapshot`: a binding that depends on this one. */
export interface BindingSnapshot {
  namespace?: string;
  name: string;
  clusters?: TargetCluster[];
}

/** `WorkloadAffinityGroups`. */
export interface WorkloadAffinityGroups {
  affinityGroup?: string;
  antiAffinityGroup?: string;
}

/** `ResourceBindingSpec`. */
export interface ResourceBindingSpec {
  resource: ObjectReference;
  propagateDeps?: boolean;
  replicaRequirements?: ReplicaRequirements;
  replicas?: number;
  components?: Component[];
  clusters?: TargetCluster[];
  placement?: Placement;
  gracefulEvictionTasks?: GracefulEvictionTask[];
  requiredBy?: BindingSnapshot[];
  schedulerName?: string;
  failover?: FailoverBehavior;
  conflictResolution?: ConflictResolution;
  /** RFC 3339; when newer than status.lastScheduledTime the next scheduling is Fresh. */
  rescheduleTriggeredAt?: string;
  suspension?: Suspension & { scheduling?: boolean };
  preserveResourcesOnDeletion?: boolean;
  schedulePriority?: { priority?: number };
  workloadAffinityGroups?: WorkloadAffinityGroups;
}

/** `AggregatedStatusItem`: one member's status of the resource. */
export interface AggregatedStatusItem {
  clusterName: string;
  status?: unknown;
  applied?: boolean;
  appliedMessage?: string;
  health?: 'Healthy' | 'Unhealthy' | 'Unknown';
}

/** `ResourceBindingStatus`. */
export interface ResourceBindingStatus {
  schedulerObservedGeneration?: number;
  /** Note the JSON name (Go field SchedulerObservedAffinityName). */
  schedulerObservingAffinityName?: string;
  lastScheduledTime?: string;
  conditions?: Condition[];
  aggregatedStatus?: AggregatedStatusItem[];
}

/** work.karmada.io/v1alpha2 ResourceBinding (namespaced, short name `rb`). */
export interface ResourceBinding extends KubeObject {
  apiVersion?: 'work.karmada.io/v1alpha2';
  kind?: 'ResourceBinding';
  spec: ResourceBindingSpec;
  status?: ResourceBindingStatus;
}

/** work.karmada.io/v1alpha2 ClusterResourceBinding (cluster-scoped, short name `crb`). */
export interface ClusterResourceBinding extends KubeObject {
  apiVersion?: 'work.karmada.io/v1alpha2';
  kind?: 'ClusterResourceBinding';
  spec: ResourceBindingSpec;
  status?: ResourceBindingStatus;
}

/** Condition types and `Scheduled` reasons written by the scheduler. */
export const BindingConditionScheduled = 'Scheduled';
export const BindingConditionFullyApplied = 'FullyApplied';
export const BindingReasonSuccess = 'Success';
export const BindingReasonSchedulerError = 'SchedulerError';
export const BindingReasonNoClusterFit = 'NoClusterFit';
export const BindingReasonUnschedulable = 'Unschedulable';
export const BindingReasonQuotaExceeded = 'QuotaExceeded';
