/**
 * Whether a Cluster matches a ClusterAffinity, as Karmada's `util.ClusterMatches`:
 * `exclude` always rejects; labelSelector, fieldSelector and clusterNames are ANDed; nothing set matches all.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { ClusterAffinity } from '../../api/policy/placement.js';
import { matchLabelSelector, matchNodeSelectorRequirements } from './selector.js';

const fieldsCache = new WeakMap<Cluster, Readonly<Record<string, string>>>();

/**
 * The cluster fields a FieldSelector can test. `zone` falls back to the first of `spec.zones`
 * when the deprecated `spec.zone` is empty (Karmada reads only `spec.zone`).
 */
export function clusterFields(cluster: Cluster): Readonly<Record<string, string>> {
  // Clusters are immutable snapshots (a change is a new object): compute once per object.
  const hit = fieldsCache.get(cluster);
  if (hit !== undefined) return hit;
  const fields: Record<string, string> = {};
  const { provider, region } = cluster.spec;
  const zone = clusterZone(cluster);
  if (provider) fields['provider'] = provider;
  if (region) fields['region'] = region;
  if (zone) fields['zone'] = zone;
  fieldsCache.set(cluster, fields);
  return fields;
}

/** The cluster's zone: `spec.zone`, else the first entry of `spec.zones`, else ''. */
export function clusterZone(cluster: Cluster): string {
  return cluster.spec.zone || cluster.spec.zones?.[0] || '';
}

/** True when `cluster` matches `affinity`. */
export function clusterMatches(cluster: Cluster, affinity: ClusterAffinity): boolean {
  const name = cluster.metadata.name ?? '';
  if (affinity.exclude !== undefined && affinity.exclude.includes(name)) return false;
  if (affinity.labelSelector !== undefined && !matchLabelSelector(affinity.labelSelector, cluster.metadata.labels)) {
    return false;
  }
  const exprs = affinity.fieldSelector?.matchExpressions;
  if (exprs !== undefined && exprs.length > 0 && !matchNodeSelectorRequirements(exprs, clusterFields(cluster))) {
    return false;
  }
  const names = affinity.clusterNames;
  if (names !== undefined && names.length > 0) return names.includes(name);
  return true;
}
