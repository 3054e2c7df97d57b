/**
 * policy.karmada.io/v1alpha1 PropagationPolicy and ClusterPropagationPolicy (`propagation_types.go`).
 */
import type { KubeObject } from '../object.js';
import type { LabelSelector } from './kube-core.js';
import type { Placement } from './placement.js';

/** `ResourceSelector`: `labelSelector` is ignored when `name` is set. */
export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelector;
}

export type PurgeMode = 'Directly' | 'Gracefully' | 'Never' | 'Immediately' | 'Graciously';

/** `StatePreservationRule`. */
export interface StatePreservationRule {
  aliasLabelName: string;
  jsonPath: string;
}

export interface StatePreservation {
  rules: StatePreservationRule[];
}

/** `ApplicationFailoverBehavior`. */
export interface ApplicationFailoverBehavior {
  decisionConditions: { tolerationSeconds?: number };
  purgeMode?: PurgeMode;
  gracePeriodSeconds?: number;
  statePreservation?: StatePreservation;
}

/** `ClusterFailoverBehavior`. */
export interface ClusterFailoverBehavior {
  purgeMode?: PurgeMode;
  statePreservation?: StatePreservation;
}

/** `FailoverBehavior`. */
export interface FailoverBehavior {
  application?: ApplicationFailoverBehavior;
  cluster?: ClusterFailoverBehavior;
}

/** `Suspension`: `dispatching` and `dispatchingOnClusters` are mutually exclusive. */
export interface Suspension {
  dispatching?: boolean;
  dispatchingOnClusters?: { clusterNames?: string[] };
}

/** `DependentOverrides` is a list of OverridePolicy names. */
export type DependentOverrides = string[];

/** `SchedulePriority`. */
export interface SchedulePriority {
  priorityClassSource?: 'KubePriorityClass' | 'PodPriorityClass' | 'FederatedPriorityClass';
  priorityClassName: string;
}

export type PreemptionBehavior = 'Always' | 'Never';
export type ConflictResolution = 'Abort' | 'Overwrite';
export type ActivationPreference = 'Lazy';

/** `PropagationSpec`, shared by both policy kinds. */
export interface PropagationSpec {
  resourceSelectors: ResourceSelector[];
  /** Deprecated in favour of `propagateDeps`. */
  association?: boolean;
  propagateDeps?: boolean;
  placement?: Placement;
  priority?: number;
  preemption?: PreemptionBehavior;
  dependentOverrides?: DependentOverrides;
  schedulerName?: string;
  failover?: FailoverBehavior;
  conflictResolution?: ConflictResolution;
  activationPreference?: ActivationPreference;
  suspension?: Suspension;
  preserveResourcesOnDeletion?: boolean;
  schedulePriority?: SchedulePriority;
}

/** policy.karmada.io/v1alpha1 PropagationPolicy (namespaced, short name `pp`). */
export interface PropagationPolicy extends KubeObject {
  apiVersion?: 'policy.karmada.io/v1alpha1';
  kind?: 'PropagationPolicy';
  spec: PropagationSpec;
}

/** policy.karmada.io/v1alpha1 ClusterPropagationPolicy (cluster-scoped, short name `cpp`). */
export interface ClusterPropagationPolicy extends KubeObject {
  apiVersion?: 'policy.karmada.io/v1alpha1';
  kind?: 'ClusterPropagationPolicy';
  spec: PropagationSpec;
}
