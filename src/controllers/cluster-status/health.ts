/**
 * Member health as Karmada's cluster status controller reads it: `/readyz` (or `/healthz`
 * when readyz is not installed) decides online/healthy, which map to the Ready condition.
 */
import type { KubeClient } from '../../client/client.js';
import type { Condition } from '../../api/policy/kube-core.js';
import { ClusterConditionReady } from '../../api/cluster/cluster.js';
import { newCondition } from './conditions.js';

/** Reasons and messages of the Ready condition (`cluster_status_controller.go`). */
export const CLUSTER_READY_REASON = 'ClusterReady';
export const CLUSTER_HEALTHY_MESSAGE = 'cluster is healthy and ready to accept workloads';
export const CLUSTER_NOT_READY_REASON = 'ClusterNotReady';
export const CLUSTER_UNHEALTHY_MESSAGE = 'cluster is reachable but health endpoint responded without ok';
export const CLUSTER_NOT_REACHABLE_REASON = 'ClusterNotReachable';
export const CLUSTER_NOT_REACHABLE_MESSAGE = 'cluster is not reachable';
export const STATUS_COLLECTION_FAILED_REASON = 'StatusCollectionFailed';

export interface ClusterHealth {
  /** The API server answered at all. */
  readonly online: boolean;
  /** It answered 200. */
  readonly healthy: boolean;
}

/**
 * Probes `/readyz`, falling back to `/healthz` on 404. A transport failure (refused,
 * timeout, TLS) means offline; a non-200 answer means online but unhealthy.
 */
export async function probeClusterHealth(client: KubeClient, signal?: AbortSignal): Promise<ClusterHealth> {
  try {
    let res = await client.getRaw('/readyz', signal === undefined ? {} : { signal });
    if (res.statusCode === 404) {
      res = await client.getRaw('/healthz', signal === undefined ? {} : { signal });
    }
    return { online: true, healthy: res.statusCode === 200 };
  } catch {
    return { online: false, healthy: false };
  }
}

/** `generateReadyCondition`. */
export function generateReadyCondition(health: ClusterHealth): Condition {
  if (!health.online) {
    return newCondition(ClusterConditionReady, CLUSTER_NOT_REACHABLE_REASON, CLUSTER_NOT_REACHABLE_MESSAGE, 'False');
  }
  if (!health.healthy) {
    return newCondition(ClusterConditionReady, CLUSTER_NOT_READY_REASON, CLUSTER_UNHEALTHY_MESSAGE, 'False');
  }
  return newCondition(ClusterConditionReady, CLUSTER_READY_REASON, CLUSTER_HEALTHY_MESSAGE, 'True');
}
