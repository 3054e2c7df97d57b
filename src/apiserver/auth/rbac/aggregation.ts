import { matchesLabelSelector, type LabelSelectorObject } from '../../../api/selectors/label-selector.js';
import type { PolicyRule } from './types.js';

/** What aggregation needs of one ClusterRole. */
export interface AggregatableRole {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly PolicyRule[];
  /** aggregationRule.clusterRoleSelectors; undefined when the role is not aggregated. */
  readonly selectors?: readonly LabelSelectorObject[];
}

function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups ?? null, rule.resources ?? null, rule.resourceNames ?? null, rule.nonResourceURLs ?? null]);
}

/**
 * The rules of an aggregated ClusterRole, as kube's clusterrole-aggregation controller computes
 * them: the rules of every other ClusterRole matched by any selector, in name order, without
 * duplicates. Matched roles that are aggregated themselves contribute their own aggregate
 * (cycles are cut). Returns the role's own rules when it is not aggregated.
 */
export function aggregatedRules(name: string, lookup: (name: string) => AggregatableRole | undefined, all: () => Iterable<AggregatableRole>, visiting = new Set<string>()): PolicyRule[] {
  const role = lookup(name);
  if (role === undefined) {
    return [];
  }
  if (role.selectors === undefined) {
    return [...role.rules];
  }
  visiting.add(name);
  const matched = [...all()]
    .filter((other) => other.name !== name && !visiting.has(other.name) && role.selectors?.some((s) => matchesLabelSelector(s, other.labels)) === true)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seen = new Set<string>();
  const result: PolicyRule[] = [];
  for (const other of matched) {
    for (const rule of aggregatedRules(other.name, lookup, all, visiting)) {
      const key = ruleKey(rule);
      if (!seen.has(key)) {
        seen.add(key);
        result.push(rule);
      }
    }
  }
  visiting.delete(name);
  return result;
}
