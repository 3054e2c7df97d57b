/**
 * The pull-mode agent (`karmada-agent`): registers its member as a Pull Cluster, then keeps
 * the Cluster's status from the member (the same sync as the control plane's status
 * controller), heartbeats through its Lease once Ready, and applies the Works of
 * `karmada-es-<cluster>` to the member and reports their status (agent-execution.ts).
 */
import type { Cluster } from '../api/cluster/cluster.js';
import { isAlreadyExists, isNotFound } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import type { Clock } from '../client/clock.js';
import { realClock, sleep } from '../client/clock.js';
import type { Logger } from '../client/logger.js';
import { noopLogger } from '../client/logger.js';
import { CLUSTER_CONTROLLER_FINALIZER, CLUSTERS } from '../controllers/cluster/constants.js';
import type { ClusterLifecycleOptions } from '../controllers/cluster/lifecycle-options.js';
import { DEFAULT_CLUSTER_LIFECYCLE_OPTIONS } from '../controllers/cluster/lifecycle-options.js';
import { ClusterStatusSyncer } from '../controllers/cluster-status/cluster-status-syncer.js';
import type { ResourceInterpreter } from '../interpreter/interpreter.js';
import { createResourceInterpreter } from '../interpreter/default-interpreter.js';
import { runAgentExecution } from './agent-execution.js';
import { obtainClusterId } from './cluster-identity.js';
import { renewClusterLease } from './cluster-lease.js';

export interface AgentOptions {
  readonly clusterName: string;
  /** The control plane (from `--karmada-kubeconfig`). */
  readonly karmada: KubeClient;
  /** The member this agent runs for (from `--cluster-kubeconfig`). */
  readonly member: KubeClient;
  /** `--cluster-api-endpoint`: the member's API server as the control plane should record it. */
  readonly apiEndpoint: string;
  readonly provider?: string;
  readonly region?: string;
  readonly zones?: readonly string[];
  readonly lifecycle?: Partial<ClusterLifecycleOptions>;
  /** Applies Works (default: the built-in interpreter; customizations are not loaded). */
  readonly interpreter?: ResourceInterpreter;
  /** Run the execution and work status loops (default true). */
  readonly execution?: boolean;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** The Cluster object the agent registers (`generateClusterInControllerPlane` for Pull). */
export function pullCluster(o: AgentOptions, id: string): Cluster {
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: o.clusterName },
    spec: {
      syncMode: 'Pull',
      apiEndpoint: o.apiEndpoint,
      ...(id === '' ? {} : { id }),
      ...(o.provider === undefined || o.provider === '' ? {} : { provider: o.provider }),
      ...(o.region === undefined || o.region === '' ? {} : { region: o.region }),
      ...(o.zones === undefined || o.zones.length === 0 ? {} : { zones: [...o.zones] }),
    },
  };
}

/** Creates the Pull Cluster, or accepts an existing one with the same id and mode (`createOrGetPullCluster`). */
export async function registerPullCluster(o: AgentOptions): Promise<Cluster> {
  const id = await obtainClusterId(o.member);
  const wanted = pullCluster(o, id);
  try {
    return await o.karmada.create<Cluster>(CLUSTERS, wanted);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const existing = await o.karmada.get<Cluster>(CLUSTERS, o.clusterName);
  if ((existing.spec.id ?? '') !== (wanted.spec.id ?? '')) {
    throw new Error(`cluster(${o.clusterName}) already exists with different ID`);
  }
  if (existing.spec.syncMode !== 'Pull') {
    throw new Error(`cluster(${o.clusterName}) already exists in ${existing.spec.syncMode} mode`);
  }
  return existing;
}

/** A running agent. */
export class ClusterAgent {
  private readonly options: ClusterLifecycleOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly syncer: ClusterStatusSyncer;

  constructor(private readonly o: AgentOptions) {
    this.options = { ...DEFAULT_CLUSTER_LIFECYCLE_OPTIONS, ...o.lifecycle };
    this.logger = o.logger ?? noopLogger;
    this.clock = o.clock ?? realClock;
    this.syncer = new ClusterStatusSyncer(o.karmada, {
      successThresholdMs: this.options.clusterSuccessThresholdMs,
      failureThresholdMs: this.options.clusterFailureThresholdMs,
      enableResourceModeling: this.options.enableClusterResourceModeling,
      clock: this.clock,
      logger: this.logger,
    });
  }

  /** Registers (retrying until the control plane answers), then syncs status and heartbeats until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await this.register(signal);
    if (signal.aborted) return;
    const loops = [this.statusLoop(signal), this.leaseLoop(signal)];
    if (this.o.execution !== false) {
      const interpreter = this.o.interpreter ?? createResourceInterpreter().interpreter;
      loops.push(runAgentExecution({ clusterName: this.o.clusterName, karmada: this.o.karmada, member: this.o.member, interpreter, logger: this.logger }, signal));
    }
    await Promise.all(loops);
  }

  private leaseStarted = false;

  private async register(signal: AbortSignal): Promise<void> {
    let delay = 1000;
    while (!signal.aborted) {
      try {
        const cluster = await registerPullCluster(this.o);
        this.logger.info({ cluster: cluster.metadata.name }, 'cluster registered with the control plane (Pull mode)');
        return;
      } catch (err) {
        const message = (err as Error).message;
        if (/already exists (with different ID|in \w+ mode)/.test(message)) throw err;
        this.logger.warn({ err }, 'cluster registration failed, retrying');
      }
      await sleep(this.clock, delay, signal);
      delay = Math.min(delay * 2, 30_000);
    }
  }

  private async statusLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let wait = this.options.clusterStatusUpdateFrequencyMs;
      try {
        const cluster = await this.o.karmada.get<Cluster>(CLUSTERS, this.o.clusterName, { signal });
        if (!(cluster.metadata.finalizers ?? []).includes(CLUSTER_CONTROLLER_FINALIZER)) {
          // Wait for the cluster controller to take the cluster in (as Karmada's agent does).
          wait = Math.min(wait, 500);
        } else {
          const result = await this.syncer.sync(cluster, this.o.member, signal);
          // Karmada starts the lease controller the first time the cluster is Ready, and keeps it.
          this.leaseStarted ||= result.ready === 'True';
        }
      } catch (err) {
        if (signal.aborted) return;
        if (isNotFound(err)) {
          this.logger.warn({ cluster: this.o.clusterName }, 'the cluster is no longer registered with the control plane');
          this.leaseStarted = false;
        } else {
          this.logger.error({ err }, 'cluster status sync failed');
        }
      }
      await sleep(this.clock, wait, signal);
    }
  }

  private async leaseLoop(signal: AbortSignal): Promise<void> {
    const every = Math.max(100, this.options.clusterLeaseDurationMs * this.options.clusterLeaseRenewIntervalFraction);
    const seconds = Math.max(1, Math.round(this.options.clusterLeaseDurationMs / 1000));
    while (!signal.aborted) {
      if (this.leaseStarted) {
        try {
          const cluster = await this.o.karmada.get<Cluster>(CLUSTERS, this.o.clusterName, { signal });
          await renewClusterLease(this.o.karmada, cluster, seconds, this.clock, signal);
        } catch (err) {
          if (!signal.aborted && !isNotFound(err)) this.logger.error({ err }, 'failed to renew the cluster lease');
        }
      }
      await sleep(this.clock, this.leaseStarted ? every : Math.min(every, 500), signal);
    }
  }
}
