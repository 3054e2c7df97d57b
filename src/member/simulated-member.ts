/**
 * A simulated member cluster: the project's own API server on memory storage, serving the
 * Kubernetes built-ins (plus metrics.k8s.io and pods/log), with a workload simulator that
 * makes nodes, pods and workloads behave as in a real cluster. The control plane reaches it
 * over HTTPS through the kubeconfig written to `<dataDir>/<name>.config`, like any member.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { BUILTIN_RESOURCES } from '../api/catalog/builtin-resources.js';
import { assembleApiServer, type AssembledApiServer } from '../apiserver/assemble.js';
import { startCompactor } from '../storage/compactor.js';
import type { KubeClient } from '../client/client.js';
import { renderKubeconfig } from '../pki/kubeconfig.js';
import { ensureServerPki, type ServerPki } from '../pki/pki-dir.js';
import { MemoryStore } from '../storage/memory/memory-store.js';
import { METRICS_RESOURCES, registerMetricsApi } from './metrics/metrics-api.js';
import { PodBinder, registerPodBinding } from './pod-binding.js';
import { registerPodEviction } from './pod-eviction.js';
import { registerPodLogs } from './pod-logs/pod-log-handler.js';
import { startSimulator, type RunningSimulator } from './simulator/simulator.js';

export interface SimulatedMemberOptions {
  readonly name: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly bind: string;
  /** Holds `<name>.config` and `<name>/pki`. */
  readonly dataDir: string;
  readonly nodes: number;
  /** Per node, as quantities: `8`, `32Gi`, `110`. */
  readonly nodeCpu: string;
  readonly nodeMemory: string;
  readonly nodePods: string;
  /** Per node; default `100Gi`. */
  readonly nodeEphemeralStorage?: string;
  readonly region?: string;
  readonly zone?: string;
  /** Default `simulated`. */
  readonly provider?: string;
  /** From binding to Running and Ready; default 500 ms. */
  readonly podReadyDelayMs?: number;
  /** How long a Job's pod runs before it succeeds; default 2000 ms. */
  readonly jobPodRunMs?: number;
  /** Node Lease renewal period; default 10 s (kubelet's). */
  readonly leaseRenewMs?: number;
  /** Node condition heartbeat refresh; default 60 s. */
  readonly nodeStatusRefreshMs?: number;
  /** Record core/v1 Events from the simulated components (default true). */
  readonly events?: boolean;
  /** TLS material to use instead of `<dataDir>/<name>/pki` (e.g. one CA shared by many members). */
  readonly pki?: ServerPki;
  readonly logger: Logger;
}

export interface RunningMember {
  readonly name: string;
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  /** In-process admin client of the member's API server. */
  readonly client: KubeClient;
  readonly apiserver: AssembledApiServer;
  readonly simulator: RunningSimulator;
  stop(): Promise<void>;
}

const DEFAULTS = {
  nodeEphemeralStorage: '100Gi',
  provider: 'simulated',
  podReadyDelayMs: 500,
  jobPodRunMs: 2000,
  leaseRenewMs: 10_000,
  nodeStatusRefreshMs: 60_000,
} as const;

function advertisedHost(bind: string): string {
  return bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
}

/** The kubeconfig path of a member in a data dir. */
export function memberKubeconfigPath(dataDir: string, name: string): string {
  return join(dataDir, `${name}.config`);
}

/** Starts one simulated member and resolves once its nodes are registered and it serves HTTPS. */
export async function startSimulatedMember(options: SimulatedMemberOptions): Promise<RunningMember> {
  if (!Number.isInteger(options.nodes) || options.nodes < 0 || options.nodes > 1000) {
    throw new Error(`--nodes must be an integer in 0..1000, got ${options.nodes}`);
  }
  const logger = options.logger.child({ member: options.name });
  mkdirSync(options.dataDir, { recursive: true });
  const host = advertisedHost(options.bind);
  const pki = options.pki ?? ensureServerPki(join(options.dataDir, options.name), options.name, [host]);
  const store = new MemoryStore();
  const apiserver = assembleApiServer({ store, pki, logger, resources: [...BUILTIN_RESOURCES, ...METRICS_RESOURCES] });
  await apiserver.start();
  const podsInfo = apiserver.catalog.get('', 'v1', 'pods');
  if (podsInfo === undefined) {
    throw new Error('the member catalog does not serve pods');
  }
  const binder = new PodBinder(apiserver.server, podsInfo);
  registerPodBinding(apiserver.server, binder);
  const simulator = await startSimulator({
    client: apiserver.client,
    bindPod: (pod, node) => binder.bindAsClient({ namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', node, uid: pod.metadata.uid ?? '' }),
    logger,
    events: options.events ?? true,
    config: {
      memberName: options.name,
      nodes: options.nodes,
      nodeCpu: options.nodeCpu,
      nodeMemory: options.nodeMemory,
      nodePods: options.nodePods,
      nodeEphemeralStorage: options.nodeEphemeralStorage ?? DEFAULTS.nodeEphemeralStorage,
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.zone === undefined ? {} : { zone: options.zone }),
      provider: options.provider ?? DEFAULTS.provider,
      kubeletVersion: apiserver.versionInfo.gitVersion.split('+')[0] ?? apiserver.versionInfo.gitVersion,
      podReadyDelayMs: options.podReadyDelayMs ?? DEFAULTS.podReadyDelayMs,
      jobPodRunMs: options.jobPodRunMs ?? DEFAULTS.jobPodRunMs,
      leaseRenewMs: options.leaseRenewMs ?? DEFAULTS.leaseRenewMs,
      nodeStatusRefreshMs: options.nodeStatusRefreshMs ?? DEFAULTS.nodeStatusRefreshMs,
    },
  });
  registerPodLogs(apiserver.server);
  registerPodEviction(apiserver.server, apiserver.client);
  registerMetricsApi(apiserver.server, simulator.informers);
  let port: number;
  try {
    port = await apiserver.server.listen(options.port, options.bind);
  } catch (err) {
    await simulator.stop();
    await apiserver.server.close();
    await store.close();
    throw err;
  }
  const compactor = startCompactor(store, { onError: (error) => logger.warn({ err: error }, 'compaction failed') });
  const url = `https://${host}:${port}`;
  const kubeconfigPath = memberKubeconfigPath(options.dataDir, options.name);
  writeFileSync(kubeconfigPath, renderKubeconfig({ clusterName: options.name, server: url, caPem: pki.ca.certPem, token: pki.adminToken, user: `${options.name}-admin` }), {
    mode: 0o600,
  });
  let stopped: Promise<void> | undefined;
  return {
    name: options.name,
    url,
    port,
    kubeconfigPath,
    client: apiserver.client,
    apiserver,
    simulator,
    stop() {
      stopped ??= (async () => {
        compactor.stop();
        await simulator.stop();
        await apiserver.server.close();
        await store.close();
      })();
      return stopped;
    },
  };
}
