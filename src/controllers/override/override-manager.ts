/**
 * Chooses and applies OverridePolicies and ClusterOverridePolicies for one object and one
 * target cluster (`pkg/util/overridemanager`): ClusterOverridePolicies first, then the
 * OverridePolicies of the object's namespace; within each, policies matching the object are
 * ordered by selector specificity (match-all first, name match last, so the most specific
 * wins) and then by name; every rule whose targetCluster matches is applied, in order.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { ClusterOverridePolicy, OverridePolicy, OverrideSpec, Overriders, RuleWithCluster } from '../../api/policy/override-policy.js';
import { clusterMatches } from '../../scheduler/util/cluster-matches.js';
import { PRIORITY_MATCH_ALL, PRIORITY_MISMATCH, selectorsPriority } from '../shared/resource-selector.js';
import type { AppliedOverride } from './applied-overrides.js';
import { applyOverriders } from './apply-overriders.js';

/** Either policy kind. */
export type AnyOverridePolicy = OverridePolicy | ClusterOverridePolicy;

/** One rule to apply, with the policy it comes from. */
export interface SelectedOverriders {
  readonly policyName: string;
  readonly policyNamespace?: string;
  readonly overriders: Overriders;
}

/** The result of applying overrides for one cluster. */
export interface OverrideResult {
  readonly object: KubeObject;
  readonly appliedClusterOverrides: readonly AppliedOverride[];
  readonly appliedOverrides: readonly AppliedOverride[];
}

/** Raised when a policy's overriders fail; names the policy. */
export class OverrideError extends Error {
  constructor(readonly policy: string, readonly cluster: string, cause: unknown) {
    super(`apply override policy(${policy}) for cluster(${cluster}) failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'OverrideError';
  }
}

function rulesOf(spec: OverrideSpec): RuleWithCluster[] {
  if (spec.overrideRules !== undefined && spec.overrideRules.length > 0) return spec.overrideRules;
  // The deprecated top-level pair, used only when overrideRules is empty.
  if (spec.overriders === undefined) return [];
  return [{ ...(spec.targetCluster === undefined ? {} : { targetCluster: spec.targetCluster }), overriders: spec.overriders }];
}

function priorityOf(obj: KubeObject, policy: AnyOverridePolicy): number {
  const selectors = policy.spec.resourceSelectors;
  return selectors === undefined || selectors.length === 0 ? PRIORITY_MATCH_ALL : selectorsPriority(obj, selectors);
}

/** The rules of `policies` that apply to obj in cluster, in application order. */
export function selectOverriders(policies: readonly AnyOverridePolicy[], obj: KubeObject, cluster: Cluster): SelectedOverriders[] {
  const matching = policies
    .filter((p) => p.metadata.deletionTimestamp === undefined)
    .map((p) => ({ policy: p, priority: priorityOf(obj, p) }))
    .filter((m) => m.priority > PRIORITY_MISMATCH)
    .sort((a, b) => a.priority - b.priority || compare(a.policy.metadata.name ?? '', b.policy.metadata.name ?? ''));
  const selected: SelectedOverriders[] = [];
  for (const { policy } of matching) {
    for (const rule of rulesOf(policy.spec)) {
      if (rule.targetCluster === undefined || rule.targetCluster === null || clusterMatches(cluster, rule.targetCluster)) {
        selected.push({
          policyName: policy.metadata.name ?? '',
          ...(policy.metadata.namespace === undefined ? {} : { policyNamespace: policy.metadata.namespace }),
          overriders: rule.overriders,
        });
      }
    }
  }
  return selected;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function applySelected(obj: KubeObject, selected: readonly SelectedOverriders[], cluster: string): { object: KubeObject; applied: AppliedOverride[] } {
  let current = obj;
  const applied: AppliedOverride[] = [];
  for (const s of selected) {
    try {
      current = applyOverriders(current, s.overriders);
    } catch (err) {
      throw new OverrideError(s.policyNamespace === undefined ? s.policyName : `${s.policyNamespace}/${s.policyName}`, cluster, err);
    }
    applied.push({ policyName: s.policyName, overriders: s.overriders });
  }
  return { object: current, applied };
}

/**
 * Applies ClusterOverridePolicies, then (for namespaced objects) the OverridePolicies of the
 * object's namespace. `overridePolicies` may hold other namespaces' policies; they are ignored.
 */
export function applyOverridePolicies(
  obj: KubeObject,
  cluster: Cluster,
  clusterOverridePolicies: readonly ClusterOverridePolicy[],
  overridePolicies: readonly OverridePolicy[],
): OverrideResult {
  const clusterName = cluster.metadata.name ?? '';
  const fromCluster = applySelected(obj, selectOverriders(clusterOverridePolicies, obj, cluster), clusterName);
  const namespace = obj.metadata.namespace;
  if (namespace === undefined || namespace === '') {
    return { object: fromCluster.object, appliedClusterOverrides: fromCluster.applied, appliedOverrides: [] };
  }
  const local = overridePolicies.filter((p) => p.metadata.namespace === namespace);
  const fromNamespace = applySelected(fromCluster.object, selectOverriders(local, fromCluster.object, cluster), clusterName);
  return { object: fromNamespace.object, appliedClusterOverrides: fromCluster.applied, appliedOverrides: fromNamespace.applied };
}
