/**
 * policy.karmada.io/v1alpha1 OverridePolicy and ClusterOverridePolicy (`override_types.go`).
 */
import type { KubeObject } from '../object.js';
import type { ClusterAffinity } from './placement.js';
import type { ResourceSelector } from './propagation-policy.js';

export type OverriderOperator = 'add' | 'remove' | 'replace';

/** `PlaintextOverrider`: a raw JSON patch operation. */
export interface PlaintextOverrider {
  path: string;
  operator: OverriderOperator;
  value?: unknown;
}

/** `ImageOverrider`. */
export interface ImageOverrider {
  predicate?: { path: string };
  component: 'Registry' | 'Repository' | 'Tag';
  operator: OverriderOperator;
  value?: string;
}

/** `CommandArgsOverrider` (used for both command and args). */
export interface CommandArgsOverrider {
  containerName: string;
  operator: 'add' | 'remove';
  value?: string[];
}

/** `LabelAnnotationOverrider`. */
export interface LabelAnnotationOverrider {
  operator: OverriderOperator;
  value?: Record<string, string>;
}

/** `JSONPatchOperation`/`YAMLPatchOperation` inside a FieldOverrider. */
export interface FieldPatchOperation {
  subPath: string;
  operator: OverriderOperator;
  value?: unknown;
}

/** `FieldOverrider`: patches a JSON or YAML document embedded in a string field. */
export interface FieldOverrider {
  fieldPath: string;
  json?: FieldPatchOperation[];
  yaml?: FieldPatchOperation[];
}

/** `Overriders`, applied in this order inside one rule: image, command, args, labels, annotations, field, plaintext. */
export interface Overriders {
  plaintext?: PlaintextOverrider[];
  imageOverrider?: ImageOverrider[];
  commandOverrider?: CommandArgsOverrider[];
  argsOverrider?: CommandArgsOverrider[];
  labelsOverrider?: LabelAnnotationOverrider[];
  annotationsOverrider?: LabelAnnotationOverrider[];
  fieldOverrider?: FieldOverrider[];
}

/** `RuleWithCluster`: a nil `targetCluster` means all clusters. */
export interface RuleWithCluster {
  targetCluster?: ClusterAffinity;
  overriders: Overriders;
}

/** `OverrideSpec`. `targetCluster`/`overriders` at the top level are deprecated. */
export interface OverrideSpec {
  resourceSelectors?: ResourceSelector[];
  overrideRules?: RuleWithCluster[];
  targetCluster?: ClusterAffinity;
  overriders?: Overriders;
}

/** policy.karmada.io/v1alpha1 OverridePolicy (namespaced, short name `op`). */
export interface OverridePolicy extends KubeObject {
  apiVersion?: 'policy.karmada.io/v1alpha1';
  kind?: 'OverridePolicy';
  spec: OverrideSpec;
}

/** policy.karmada.io/v1alpha1 ClusterOverridePolicy (cluster-scoped, short name `cop`). */
export interface ClusterOverridePolicy extends KubeObject {
  apiVersion?: 'policy.karmada.io/v1alpha1';
  kind?: 'ClusterOverridePolicy';
  spec: OverrideSpec;
}
