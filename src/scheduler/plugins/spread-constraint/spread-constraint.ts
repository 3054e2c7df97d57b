/**
 * SpreadConstraint filter: when the placement spreads by provider, region, zone or a label,
 * clusters lacking that property cannot take part.
 */
import type { Cluster } from '../../../api/cluster/cluster.js';
import type { Placement } from '../../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../../api/work/resource-binding.js';
import type { FilterPlugin } from '../../framework/interface.js';
import { success, unschedulable, type Result } from '../../framework/result.js';
import { clusterZone } from '../../util/cluster-matches.js';

/** Plugin name used in `--plugins`. */
export const SPREAD_CONSTRAINT = 'SpreadConstraint';

/** Rejects clusters missing a property the placement spreads by. */
export class SpreadConstraintPlugin implements FilterPlugin {
  readonly name = SPREAD_CONSTRAINT;

  filter(placement: Placement, _spec: ResourceBindingSpec, _status: ResourceBindingStatus, cluster: Cluster): Result {
    const constraints = placement.spreadConstraints;
    if (constraints === undefined) return success();
    for (const c of constraints) {
      if (c.spreadByField === 'provider' && !cluster.spec.provider) {
        return unschedulable("cluster(s) didn't have provider property");
      }
      if (c.spreadByField === 'region' && !cluster.spec.region) {
        return unschedulable("cluster(s) didn't have region property");
      }
      if (c.spreadByField === 'zone' && !clusterZone(cluster)) {
        return unschedulable("cluster(s) didn't have zone property");
      }
      if (c.spreadByLabel && cluster.metadata.labels?.[c.spreadByLabel] === undefined) {
        return unschedulable(`cluster(s) didn't have label ${c.spreadByLabel}`);
      }
    }
    return success();
  }
}
