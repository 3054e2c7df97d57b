/**
 * APIEnablement filter: the cluster must serve the resource's apiVersion/kind (`status.apiEnablements`).
 * Clusters already in the binding's schedule result always pass, so an incomplete or transiently
 * wrong API list never evicts a running workload (Karmada's behaviour).
 */
import type { APIEnablement as ClusterAPIEnablement, Cluster } from '../../../api/cluster/cluster.js';
import type { Placement } from '../../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../../api/work/resource-binding.js';
import type { FilterPlugin } from '../../framework/interface.js';
import { success, unschedulable, type Result } from '../../framework/result.js';
import { targetContains } from '../../util/binding.js';

/** Plugin name used in `--plugins`. */
export const API_ENABLEMENT = 'APIEnablement';

/** True when `enablements` list `kind` under `apiVersion`. */
export function isAPIEnabled(enablements: readonly ClusterAPIEnablement[] | undefined, apiVersion: string, kind: string): boolean {
  if (enablements === undefined) return false;
  for (const e of enablements) {
    if (e.groupVersion !== apiVersion) continue;
    for (const r of e.resources ?? []) if (r.kind === kind) return true;
  }
  return false;
}

/** Rejects clusters that do not serve the bound resource's API. */
export class APIEnablementPlugin implements FilterPlugin {
  readonly name = API_ENABLEMENT;

  filter(_placement: Placement, spec: ResourceBindingSpec, _status: ResourceBindingStatus, cluster: Cluster): Result {
    if (targetContains(spec, cluster.metadata.name ?? '')) return success();
    if (isAPIEnabled(cluster.status?.apiEnablements, spec.resource.apiVersion, spec.resource.kind)) return success();
    return unschedulable('cluster(s) did not have the API resource');
  }
}
