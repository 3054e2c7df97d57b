/**
 * policy.karmada.io/v1alpha1 ClusterTaintPolicy (`clustertaint_types.go`), cluster-scoped.
 */
import type { KubeObject } from '../object.js';
import type { ClusterAffinity } from './placement.js';

/** `MatchCondition`: a cluster condition test; all conditions of a list are ANDed. */
export interface MatchCondition {
  conditionType: string;
  operator: 'In' | 'NotIn';
  statusValues: Array<'True' | 'False' | 'Unknown'>;
}

/** `Taint` as written by the policy (no timeAdded). */
export interface TaintPolicyTaint {
  key: string;
  effect: 'NoSchedule' | 'NoExecute';
  value?: string;
}

/** `ClusterTaintPolicySpec`. */
export interface ClusterTaintPolicySpec {
  targetClusters?: ClusterAffinity;
  addOnConditions?: MatchCondition[];
  removeOnConditions?: MatchCondition[];
  taints: TaintPolicyTaint[];
}

/** policy.karmada.io/v1alpha1 ClusterTaintPolicy. */
export interface ClusterTaintPolicy extends KubeObject {
  apiVersion?: 'policy.karmada.io/v1alpha1';
  kind?: 'ClusterTaintPolicy';
  spec: ClusterTaintPolicySpec;
}
