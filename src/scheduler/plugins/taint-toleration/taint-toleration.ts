/**
 * TaintToleration filter: NoSchedule and NoExecute cluster taints must be tolerated by
 * `placement.clusterTolerations`. Clusters already in the schedule result pass (eviction of
 * running workloads is the taint manager's job, after the toleration period).
 */
import type { Cluster } from '../../../api/cluster/cluster.js';
import type { Taint } from '../../../api/policy/kube-core.js';
import type { Placement } from '../../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../../api/work/resource-binding.js';
import type { FilterPlugin } from '../../framework/interface.js';
import { success, unschedulable, type Result } from '../../framework/result.js';
import { targetContains } from '../../util/binding.js';
import { findUntoleratedTaint, taintToString } from '../../util/taints.js';

/** Plugin name used in `--plugins`. */
export const TAINT_TOLERATION = 'TaintToleration';

const schedulingEffect = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** Rejects clusters with an untolerated NoSchedule/NoExecute taint. */
export class TaintTolerationPlugin implements FilterPlugin {
  readonly name = TAINT_TOLERATION;

  filter(placement: Placement, spec: ResourceBindingSpec, _status: ResourceBindingStatus, cluster: Cluster): Result {
    if (targetContains(spec, cluster.metadata.name ?? '')) return success();
    const taint = findUntoleratedTaint(cluster.spec.taints, placement.clusterTolerations, schedulingEffect);
    if (taint === undefined) return success();
    return unschedulable(`cluster(s) had untolerated taint {${taintToString(taint)}}`);
  }
}
