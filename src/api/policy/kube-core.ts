/**
 * The few Kubernetes core/meta shapes that Karmada's own kinds embed
 * (label selectors, taints, tolerations, conditions, resource lists).
 * JSON names are exactly Kubernetes'. Kept here because no shared core-types module exists yet;
 * they could move to `src/api/core/` without changing their shape.
 */

/** `metav1.LabelSelectorRequirement`. Operators: In, NotIn, Exists, DoesNotExist. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** `metav1.LabelSelector`. An empty selector matches everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** `corev1.NodeSelectorRequirement`, also used by Karmada's `FieldSelector`. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** `corev1.NodeSelectorTerm`. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** `corev1.NodeSelector` (terms are ORed). */
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

/** Taint effects as in `corev1.TaintEffect`. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** `corev1.Taint`. */
export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

/** `corev1.Toleration`. An empty `effect` matches every effect; an empty key with `Exists` matches every taint. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

/** `metav1.Condition`. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** `corev1.ResourceList`: resource name to quantity string (e.g. `cpu: "500m"`, `memory: "1Gi"`, `pods: "110"`). */
export type ResourceList = Record<string, string>;

/** `corev1.ResourceQuotaStatus`. */
export interface ResourceQuotaStatus {
  hard?: ResourceList;
  used?: ResourceList;
}
