/**
 * A member's identity (`util.ObtainClusterID`: the uid of its `kube-system` namespace) and the
 * uniqueness check `karmadactl join` and the agent make before registering it.
 */
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeClient } from '../client/client.js';
import { CLUSTERS, NAMESPACES } from '../controllers/cluster/constants.js';

export async function obtainClusterId(member: KubeClient): Promise<string> {
  const ns = await member.get(NAMESPACES, 'kube-system');
  return ns.metadata.uid ?? '';
}

/** The name of a registered cluster with this id, if any (`IsClusterIdentifyUnique`). */
export async function clusterWithId(controlPlane: KubeClient, id: string): Promise<string | undefined> {
  if (id === '') {
    return undefined;
  }
  const clusters = await controlPlane.list<Cluster>(CLUSTERS);
  return clusters.items.find((c) => c.spec.id === id)?.metadata.name;
}
