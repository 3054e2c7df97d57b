/**
 * ClusterLocality score: 100 for clusters already in the binding's schedule result, 0 otherwise,
 * so rescheduling prefers to keep workloads where they run.
 */
import type { Cluster } from '../../../api/cluster/cluster.js';
import type { Placement } from '../../../api/policy/placement.js';
import type { ResourceBindingSpec } from '../../../api/work/resource-binding.js';
import { MAX_CLUSTER_SCORE, MIN_CLUSTER_SCORE, type ScorePlugin } from '../../framework/interface.js';
import { targetContains } from '../../util/binding.js';

/** Plugin name used in `--plugins`. */
export const CLUSTER_LOCALITY = 'ClusterLocality';

/** Prefers clusters that already hold the workload. */
export class ClusterLocalityPlugin implements ScorePlugin {
  readonly name = CLUSTER_LOCALITY;

  score(_placement: Placement, spec: ResourceBindingSpec, cluster: Cluster): number {
    return targetContains(spec, cluster.metadata.name ?? '') ? MAX_CLUSTER_SCORE : MIN_CLUSTER_SCORE;
  }
}
