/**
 * The pull cluster's heartbeat (`lease.NewController` in Karmada's cluster status controller
 * for Pull clusters): Lease `karmada-cluster/<cluster>` renewed every
 * `duration × renewIntervalFraction`, owned by the Cluster. The control plane's cluster
 * controller turns Ready Unknown when it stops moving.
 */
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeObject } from '../api/object.js';
import { isConflict, isNotFound } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import { KARMADA_CLUSTER_NAMESPACE, LEASES } from '../controllers/cluster/constants.js';

/** RFC 3339 with microseconds (metav1.MicroTime). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Creates or renews the cluster's Lease once. */
export async function renewClusterLease(client: KubeClient, cluster: Cluster, durationSeconds: number, clock: Clock = realClock, signal?: AbortSignal): Promise<void> {
  const name = cluster.metadata.name ?? '';
  const now = microTime(clock.now());
  const opts = { namespace: KARMADA_CLUSTER_NAMESPACE, ...(signal === undefined ? {} : { signal }) };
  let lease: KubeObject | undefined;
  try {
    lease = await client.get(LEASES, name, opts);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (lease === undefined) {
    await client.create(
      LEASES,
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: KARMADA_CLUSTER_NAMESPACE,
          ...(cluster.metadata.uid === undefined
            ? {}
            : { ownerReferences: [{ apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', name, uid: cluster.metadata.uid }] }),
        },
        spec: { holderIdentity: name, leaseDurationSeconds: durationSeconds, renewTime: now },
      },
      opts,
    );
    return;
  }
  const spec = typeof lease['spec'] === 'object' && lease['spec'] !== null ? (lease['spec'] as Record<string, unknown>) : {};
  try {
    await client.update(LEASES, { ...lease, spec: { ...spec, holderIdentity: name, leaseDurationSeconds: durationSeconds, renewTime: now } }, opts);
  } catch (err) {
    // Someone else wrote it meanwhile; the next renewal wins.
    if (!isConflict(err)) throw err;
  }
}
