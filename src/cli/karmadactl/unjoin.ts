/**
 * `karmadactl unjoin`: deletes the Cluster and waits until the cluster controller finished
 * its cleanup (execution space removed, finalizer dropped); then removes the credentials
 * Secret if the garbage collector has not yet; with the member's kubeconfig, also what join
 * created inside the member.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import { CLUSTERS, KARMADA_CLUSTER_NAMESPACE, SECRETS } from '../../controllers/cluster/constants.js';
import { deleteMemberCredentials } from './member-credentials.js';

export interface UnjoinOptions {
  readonly clusterName: string;
  readonly controlPlane: KubeClient;
  /** The member, to clean up what join created there. */
  readonly member?: KubeClient;
  readonly clusterNamespace?: string;
  /** Maximum wait for the Cluster to be gone (default 60 s). */
  readonly waitMs?: number;
  /** Keep going when member cleanup fails. */
  readonly force?: boolean;
  readonly dryRun?: boolean;
  /** Progress messages (Karmada logs them). */
  readonly log?: (message: string) => void;
}

export async function unjoinCluster(o: UnjoinOptions): Promise<void> {
  const log = o.log ?? (() => undefined);
  if (o.dryRun === true) {
    return;
  }
  let cluster: Cluster;
  try {
    cluster = await o.controlPlane.get<Cluster>(CLUSTERS, o.clusterName);
    await o.controlPlane.delete(CLUSTERS, o.clusterName);
  } catch (err) {
    if (isNotFound(err)) {
      throw new Error(`no cluster object ${o.clusterName} found in karmada control Plane`);
    }
    throw err;
  }
  const deadline = Date.now() + (o.waitMs ?? 60_000);
  for (;;) {
    try {
      await o.controlPlane.get(CLUSTERS, o.clusterName);
    } catch (err) {
      if (isNotFound(err)) break;
      throw err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for the cluster object ${o.clusterName} to be deleted`);
    }
    log(`Waiting for the cluster object ${o.clusterName} to be deleted`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const ref = cluster.spec.secretRef;
  if (ref !== undefined) {
    try {
      await o.controlPlane.delete(SECRETS, ref.name, { namespace: ref.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (o.member !== undefined) {
    await deleteMemberCredentials(o.member, o.clusterName, o.clusterNamespace ?? KARMADA_CLUSTER_NAMESPACE, o.force === true, log);
  }
}
