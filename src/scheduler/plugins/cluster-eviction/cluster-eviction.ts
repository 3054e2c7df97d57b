/**
 * ClusterEviction filter: clusters named by a graceful eviction task of the binding are being
 * evacuated and must not receive the workload again.
 */
import type { Cluster } from '../../../api/cluster/cluster.js';
import type { Placement } from '../../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../../api/work/resource-binding.js';
import type { FilterPlugin } from '../../framework/interface.js';
import { success, unschedulable, type Result } from '../../framework/result.js';
import { inGracefulEviction } from '../../util/binding.js';

/** Plugin name used in `--plugins`. */
export const CLUSTER_EVICTION = 'ClusterEviction';

/** Rejects clusters the workload is being evicted from. */
export class ClusterEvictionPlugin implements FilterPlugin {
  readonly name = CLUSTER_EVICTION;

  filter(_placement: Placement, spec: ResourceBindingSpec, _status: ResourceBindingStatus, cluster: Cluster): Result {
    if (inGracefulEviction(spec, cluster.metadata.name ?? '')) {
      return unschedulable('cluster(s) is in the process of eviction');
    }
    return success();
  }
}
