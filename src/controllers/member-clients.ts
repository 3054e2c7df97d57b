/**
 * Clients for push-mode member clusters, built the way Karmada's `util.NewClusterClientSet`
 * builds them: `spec.apiEndpoint`, the bearer token and CA bundle from the Secret in
 * `spec.secretRef` (keys `token` and `caBundle`), `spec.insecureSkipTLSVerification` and
 * `spec.proxyURL`. Clients are cached per cluster and rebuilt when the Cluster's connection
 * fields or the Secret change.
 */
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import { isNotFound } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import { createHttpClient } from '../client/http-client.js';
import type { HttpTransportOptions } from '../client/http-transport.js';
import type { RestConfig } from '../client/kubeconfig.js';
import type { Logger } from '../client/logger.js';
import type { SharedInformerFactory } from '../client/shared-informer-factory.js';
import { CLUSTER_REF } from './shared/binding-types.js';
import { CLUSTERS, SECRET_CA_DATA_KEY, SECRET_TOKEN_KEY, SECRETS } from './cluster/constants.js';

/** Where MemberClients reads Clusters and Secrets (direct gets by default; informer caches fit too). */
export interface ClusterSecretSource {
  getCluster(name: string): Promise<Cluster | undefined>;
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** Thrown when a cluster cannot be reached in push mode (no endpoint, no secret, pull mode). */
export class MemberClientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemberClientError';
  }
}

export interface MemberClientsOptions {
  /** Default: gets through `client`. */
  readonly source?: ClusterSecretSource;
  readonly logger?: Logger;
  /** Passed to each member's HTTP transport (timeouts, user agent). */
  readonly transport?: HttpTransportOptions;
}

interface Entry {
  readonly fingerprint: string;
  readonly client: KubeClient;
}

/** Reads Clusters and Secrets with plain gets (404 -> undefined). */
export function clientSource(client: KubeClient): ClusterSecretSource {
  const getOrUndefined = async <T extends KubeObject>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) {
        return undefined;
      }
      throw err;
    }
  };
  return {
    getCluster: (name) => getOrUndefined(() => client.get<Cluster>(CLUSTERS, name)),
    getSecret: (namespace, name) => getOrUndefined(() => client.get(SECRETS, name, { namespace })),
  };
}

/**
 * Reads Clusters and Secrets from a factory's informer caches (one Secret informer per namespace
 * asked for), through `fallback` until an informer has synced.
 */
export function informerSource(informers: SharedInformerFactory, fallback: ClusterSecretSource): ClusterSecretSource {
  const clusters = informers.informerFor<Cluster>(CLUSTER_REF);
  return {
    getCluster: (name) => (clusters.hasSynced() ? Promise.resolve(clusters.cache.getByName(undefined, name)) : fallback.getCluster(name)),
    getSecret(namespace, name) {
      const secrets = informers.informerFor(SECRETS, { namespace });
      return secrets.hasSynced() ? Promise.resolve(secrets.cache.getByName(namespace, name)) : fallback.getSecret(namespace, name);
    },
  };
}

function decodeSecretValue(secret: KubeObject, key: string): string | undefined {
  const data = secret['data'];
  const encoded = isPlainObject(data) ? data[key] : undefined;
  if (typeof encoded === 'string' && encoded !== '') {
    return Buffer.from(encoded, 'base64').toString('utf8');
  }
  // stringData is write-only in Kubernetes, but a fake or a hand-written object may carry it.
  const stringData = secret['stringData'];
  const plain = isPlainObject(stringData) ? stringData[key] : undefined;
  return typeof plain === 'string' && plain !== '' ? plain : undefined;
}

/**
 * The RestConfig for a push cluster, from its spec and credentials Secret. Throws
 * MemberClientError when the cluster cannot be addressed this way.
 */
export function memberRestConfig(cluster: Cluster, secret: KubeObject | undefined): RestConfig {
  const name = cluster.metadata.name ?? '';
  const endpoint = cluster.spec.apiEndpoint;
  if (endpoint === undefined || endpoint === '') {
    throw new MemberClientError(`the api endpoint of cluster ${name} is empty`);
  }
  if (cluster.spec.secretRef === undefined) {
    throw new MemberClientError(`cluster ${name} does not have a secret`);
  }
  if (secret === undefined) {
    throw new MemberClientError(`secret ${cluster.spec.secretRef.namespace}/${cluster.spec.secretRef.name} of cluster ${name} not found`);
  }
  const token = decodeSecretValue(secret, SECRET_TOKEN_KEY);
  if (token === undefined) {
    throw new MemberClientError(`the secret for cluster ${name} is missing a non-empty value for "${SECRET_TOKEN_KEY}"`);
  }
  const caPem = decodeSecretValue(secret, SECRET_CA_DATA_KEY);
  const insecure = cluster.spec.insecureSkipTLSVerification === true;
  return {
    server: endpoint,
    clusterName: name,
    namespace: 'default',
    token: token.trim(),
    // Karmada drops the CA when verification is skipped (the two are exclusive in client-go).
    ...(caPem === undefined || insecure ? {} : { caPem }),
    ...(insecure ? { insecureSkipTlsVerify: true } : {}),
    ...(cluster.spec.proxyURL === undefined || cluster.spec.proxyURL === '' ? {} : { proxyUrl: cluster.spec.proxyURL }),
    // spec.proxyHeader is not supported by the HTTP transport yet.
  };
}

function fingerprint(cluster: Cluster, secret: KubeObject | undefined): string {
  return JSON.stringify([
    cluster.metadata.uid,
    cluster.spec.apiEndpoint,
    cluster.spec.secretRef,
    cluster.spec.insecureSkipTLSVerification,
    cluster.spec.proxyURL,
    secret?.metadata.uid,
    secret?.metadata.resourceVersion,
  ]);
}

/** Cluster name -> KubeClient for push clusters (a `MemberClientSource` for the propagation controllers). */
export class MemberClients {
  private readonly entries = new Map<string, Entry>();
  private readonly fallback: ClusterSecretSource;
  /** Sources added later (informer caches of running controller managers); the last one wins. */
  private readonly added: ClusterSecretSource[] = [];

  constructor(
    client: KubeClient,
    private readonly options: MemberClientsOptions = {},
  ) {
    this.fallback = options.source ?? clientSource(client);
  }

  private get source(): ClusterSecretSource {
    return this.added[this.added.length - 1] ?? this.fallback;
  }

  /**
   * Reads Clusters and Secrets from `source` (e.g. a controller manager's informer caches) until
   * the returned function is called; every push-mode call used to cost a GET of each.
   */
  useSource(source: ClusterSecretSource): () => void {
    this.added.push(source);
    return () => {
      const i = this.added.lastIndexOf(source);
      if (i >= 0) this.added.splice(i, 1);
    };
  }

  /** The member's client; throws MemberClientError when the cluster is gone or not push-addressable. */
  async get(clusterName: string): Promise<KubeClient> {
    const cluster = await this.source.getCluster(clusterName);
    if (cluster === undefined) {
      this.invalidate(clusterName);
      throw new MemberClientError(`cluster ${clusterName} not found`);
    }
    return this.forCluster(cluster);
  }

  /** Like get, for a Cluster object already at hand. */
  async forCluster(cluster: Cluster): Promise<KubeClient> {
    const name = cluster.metadata.name ?? '';
    const ref = cluster.spec.secretRef;
    const secret = ref === undefined ? undefined : await this.source.getSecret(ref.namespace, ref.name);
    const print = fingerprint(cluster, secret);
    const cached = this.entries.get(name);
    if (cached !== undefined && cached.fingerprint === print) {
      return cached.client;
    }
    const config = memberRestConfig(cluster, secret);
    const client = createHttpClient(config, {
      userAgent: 'karmada-ts/cluster-client',
      ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
      ...this.options.transport,
    });
    cached?.client.close();
    this.entries.set(name, { fingerprint: print, client });
    this.options.logger?.debug({ cluster: name, endpoint: config.server }, 'built member cluster client');
    return client;
  }

  /** Drops (and closes) the cached client; the next get rebuilds it. */
  invalidate(clusterName: string): void {
    const cached = this.entries.get(clusterName);
    if (cached !== undefined) {
      cached.client.close();
      this.entries.delete(clusterName);
    }
  }

  /** Closes every cached client. */
  close(): void {
    for (const name of [...this.entries.keys()]) {
      this.invalidate(name);
    }
  }
}

const shared = new WeakMap<KubeClient, MemberClients>();

/**
 * The MemberClients every controller of one control-plane client shares (one cache of
 * member connections per process and control plane).
 */
export function sharedMemberClients(client: KubeClient, options: MemberClientsOptions = {}): MemberClients {
  let clients = shared.get(client);
  if (clients === undefined) {
    clients = new MemberClients(client, options);
    shared.set(client, clients);
  }
  return clients;
}
