/**
 * `karmadactl join` (push mode), usable in-process too (`karmada up` joins its simulated
 * members with it): member credentials stored as Secret `<cluster>` in `karmada-cluster`
 * (`token`, `caBundle`), then the Cluster with syncMode Push, its endpoint, identity and
 * topology; the Secret is owned by the Cluster so it goes away with it.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import { isAlreadyExists, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import { clusterWithId, obtainClusterId } from '../../agent/cluster-identity.js';
import {
  CLUSTERS,
  KARMADA_CLUSTER_NAMESPACE,
  KARMADA_SYSTEM_LABEL,
  KARMADA_SYSTEM_LABEL_VALUE,
  NAMESPACES,
  SECRET_CA_DATA_KEY,
  SECRET_TOKEN_KEY,
  SECRETS,
} from '../../controllers/cluster/constants.js';
import { assertClusterName } from './cluster-name.js';
import { obtainMemberCredentials } from './member-credentials.js';

export interface JoinOptions {
  readonly clusterName: string;
  /** The control plane. */
  readonly controlPlane: KubeClient;
  /** The joining cluster (from its kubeconfig). */
  readonly clusterConfig: RestConfig;
  /** A client of the joining cluster (default: built from clusterConfig). */
  readonly member?: KubeClient;
  /** Where credentials are stored (default `karmada-cluster`). */
  readonly clusterNamespace?: string;
  readonly provider?: string;
  readonly region?: string;
  readonly zones?: readonly string[];
  /** How long to wait for the member to issue the service account token (default 3 s). */
  readonly serviceAccountTokenWaitMs?: number;
  readonly dryRun?: boolean;
}

const LABELS = { [KARMADA_SYSTEM_LABEL]: KARMADA_SYSTEM_LABEL_VALUE };
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: LABELS } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

async function createOrUpdateSecret(client: KubeClient, secret: KubeObject): Promise<KubeObject> {
  try {
    return await client.create(SECRETS, secret);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const existing = await client.get(SECRETS, secret.metadata.name ?? '', { namespace: secret.metadata.namespace ?? '' });
  return client.update(SECRETS, { ...existing, data: secret['data'], metadata: { ...existing.metadata, labels: { ...existing.metadata.labels, ...secret.metadata.labels } } });
}

/** Joins a cluster in push mode; returns the created Cluster (or the one it would create, with dryRun). */
export async function joinCluster(o: JoinOptions): Promise<Cluster> {
  assertClusterName(o.clusterName);
  const namespace = o.clusterNamespace ?? KARMADA_CLUSTER_NAMESPACE;
  const member = o.member ?? createHttpClient(o.clusterConfig, { userAgent: 'karmadactl' });
  try {
    const id = await obtainClusterId(member);
    const existingName = await clusterWithId(o.controlPlane, id);
    if (existingName !== undefined) {
      throw new Error(`the same cluster has been registered with name ${existingName}`);
    }
    try {
      await o.controlPlane.get(CLUSTERS, o.clusterName);
      throw new Error(`failed to create cluster(${o.clusterName}) object. error: cluster(${o.clusterName}) already exist`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const cluster: Cluster = {
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: o.clusterName },
      spec: {
        syncMode: 'Push',
        apiEndpoint: o.clusterConfig.server,
        ...(id === '' ? {} : { id }),
        secretRef: { namespace, name: o.clusterName },
        ...(o.provider === undefined || o.provider === '' ? {} : { provider: o.provider }),
        ...(o.region === undefined || o.region === '' ? {} : { region: o.region }),
        ...(o.zones === undefined || o.zones.length === 0 ? {} : { zones: [...o.zones] }),
        ...(o.clusterConfig.insecureSkipTlsVerify === true ? { insecureSkipTLSVerification: true } : {}),
        ...(o.clusterConfig.proxyUrl === undefined ? {} : { proxyURL: o.clusterConfig.proxyUrl }),
      },
    };
    if (o.dryRun === true) {
      return cluster;
    }
    const credentials = await obtainMemberCredentials(member, o.clusterConfig, o.clusterName, namespace, o.serviceAccountTokenWaitMs ?? 3_000);
    await ensureNamespace(o.controlPlane, namespace);
    const secret = await createOrUpdateSecret(o.controlPlane, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: o.clusterName, namespace, labels: LABELS },
      data: { [SECRET_CA_DATA_KEY]: b64(credentials.caBundle), [SECRET_TOKEN_KEY]: b64(credentials.token) },
    });
    let created: Cluster;
    try {
      created = await o.controlPlane.create<Cluster>(CLUSTERS, cluster);
    } catch (err) {
      throw new Error(`failed to create cluster(${o.clusterName}) object. error: ${(err as Error).message}`);
    }
    // The Secret belongs to the Cluster: unjoin (or any Cluster deletion) collects it.
    await o.controlPlane.patch(
      SECRETS,
      secret.metadata.name ?? o.clusterName,
      {
        metadata: {
          ownerReferences: [
            { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', name: o.clusterName, uid: created.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
          ],
        },
      },
      { type: 'merge', namespace },
    );
    return created;
  } finally {
    if (o.member === undefined) {
      member.close();
    }
  }
}
