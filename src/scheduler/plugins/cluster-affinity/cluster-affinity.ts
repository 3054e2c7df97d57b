/**
 * ClusterAffinity filter (and a no-op score, as Karmada): the cluster must match
 * `placement.clusterAffinity`, or, with `clusterAffinities`, the term named by
 * `status.schedulerObservingAffinityName` (the core tries the terms in order and sets that name).
 */
import type { Cluster } from '../../../api/cluster/cluster.js';
import type { ClusterAffinity, Placement } from '../../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../../api/work/resource-binding.js';
import { MIN_CLUSTER_SCORE, type FilterPlugin, type ScorePlugin } from '../../framework/interface.js';
import { success, unschedulable, type Result } from '../../framework/result.js';
import { clusterMatches } from '../../util/cluster-matches.js';

/** Plugin name used in `--plugins`. */
export const CLUSTER_AFFINITY = 'ClusterAffinity';

/** The affinity in force: `clusterAffinity`, else the observed `clusterAffinities` term, else none. */
export function effectiveAffinity(placement: Placement, status: ResourceBindingStatus): ClusterAffinity | undefined {
  if (placement.clusterAffinity !== undefined) return placement.clusterAffinity;
  const terms = placement.clusterAffinities;
  if (terms === undefined) return undefined;
  const observed = status.schedulerObservingAffinityName;
  return terms.find((t) => t.affinityName === observed);
}

/** Rejects clusters outside the placement's cluster affinity. */
export class ClusterAffinityPlugin implements FilterPlugin, ScorePlugin {
  readonly name = CLUSTER_AFFINITY;

  filter(placement: Placement, _spec: ResourceBindingSpec, status: ResourceBindingStatus, cluster: Cluster): Result {
    const affinity = effectiveAffinity(placement, status);
    if (affinity === undefined || clusterMatches(cluster, affinity)) return success();
    return unschedulable('cluster(s) did not match the placement cluster affinity constraint');
  }

  score(): number {
    return MIN_CLUSTER_SCORE;
  }
}
