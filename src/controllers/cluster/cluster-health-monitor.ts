/**
 * The cluster controller's health monitor (`monitorClusterHealth`): every monitor period it
 * looks at each pull cluster's Ready condition and heartbeat Lease (`karmada-cluster/<name>`);
 * when neither moved for the grace period (the startup grace period if the agent never
 * reported), Ready becomes Unknown. Push clusters are judged by the status controller alone.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Cluster } from '../../api/cluster/cluster.js';
import { ClusterConditionReady } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { Condition } from '../../api/policy/kube-core.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock, sleep } from '../../client/clock.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import type { Runnable } from '../runtime/controller.js';
import { CLUSTERS, KARMADA_CLUSTER_NAMESPACE, LEASES } from './constants.js';
import { rfc3339 } from './taints.js';

export interface ClusterHealthMonitorOptions {
  readonly monitorPeriodMs?: number;
  readonly gracePeriodMs?: number;
  readonly startupGracePeriodMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface HealthData {
  probeMs: number;
  readyCondition: Condition | undefined;
  leaseRenewMs: number | undefined;
}

function leaseRenewMs(lease: KubeObject): number | undefined {
  const spec = lease['spec'];
  const renew = isPlainObject(spec) ? spec['renewTime'] : undefined;
  const ms = typeof renew === 'string' ? Date.parse(renew) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

export class ClusterHealthMonitor implements Runnable {
  private readonly health = new Map<string, HealthData>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly periodMs: number;
  private readonly graceMs: number;
  private readonly startupGraceMs: number;

  constructor(
    private readonly client: KubeClient,
    options: ClusterHealthMonitorOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? noopLogger;
    this.periodMs = options.monitorPeriodMs ?? 5_000;
    this.graceMs = options.gracePeriodMs ?? 40_000;
    this.startupGraceMs = options.startupGracePeriodMs ?? 60_000;
  }

  async start(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.monitorOnce(signal);
      } catch (err) {
        if (!signal.aborted) {
          this.logger.error({ err }, 'error monitoring cluster health');
        }
      }
      await sleep(this.clock, this.periodMs, signal);
    }
  }

  /** One pass over every cluster. */
  async monitorOnce(signal?: AbortSignal): Promise<void> {
    const clusters = await this.client.list<Cluster>(CLUSTERS, signal === undefined ? {} : { signal });
    const seen = new Set<string>();
    for (const cluster of clusters.items) {
      const name = cluster.metadata.name ?? '';
      seen.add(name);
      try {
        await this.tryUpdateClusterHealth(cluster, signal);
      } catch (err) {
        if (!isNotFound(err)) {
          this.logger.error({ err, cluster: name }, 'update health of cluster failed, skipping');
        }
      }
    }
    for (const name of this.health.keys()) {
      if (!seen.has(name)) {
        this.health.delete(name);
      }
    }
  }

  private async tryUpdateClusterHealth(cluster: Cluster, signal?: AbortSignal): Promise<void> {
    const name = cluster.metadata.name ?? '';
    const now = this.clock.now();
    const current = cluster.status?.conditions?.find((c) => c.type === ClusterConditionReady);
    let health = this.health.get(name);
    let grace: number;
    if (current === undefined) {
      grace = this.startupGraceMs;
      if (health === undefined) {
        const created = Date.parse(cluster.metadata.creationTimestamp ?? '');
        health = { probeMs: Number.isNaN(created) ? now : created, readyCondition: undefined, leaseRenewMs: undefined };
      }
    } else {
      grace = this.graceMs;
      if (health === undefined || !isDeepStrictEqual(health.readyCondition, current)) {
        health = { probeMs: now, readyCondition: { ...current }, leaseRenewMs: health?.leaseRenewMs };
      }
    }
    this.health.set(name, health);
    if (cluster.spec.syncMode === 'Push') {
      return;
    }
    try {
      const lease = await this.client.get(LEASES, name, { namespace: KARMADA_CLUSTER_NAMESPACE, ...(signal === undefined ? {} : { signal }) });
      const renew = leaseRenewMs(lease);
      if (renew !== undefined && (health.leaseRenewMs === undefined || health.leaseRenewMs < renew)) {
        health.leaseRenewMs = renew;
        health.probeMs = now;
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (now <= health.probeMs + grace) {
      return;
    }
    const conditions = [...(cluster.status?.conditions ?? [])];
    const index = conditions.findIndex((c) => c.type === ClusterConditionReady);
    const existing = index < 0 ? undefined : conditions[index];
    if (existing === undefined) {
      conditions.push({ type: ClusterConditionReady, status: 'Unknown', reason: 'ClusterStatusNeverUpdated', message: 'Cluster status controller never posted cluster status.', lastTransitionTime: rfc3339(now) });
    } else if (existing.status !== 'Unknown') {
      conditions[index] = { ...existing, status: 'Unknown', reason: 'ClusterStatusUnknown', message: 'Cluster status controller stopped posting cluster status.', lastTransitionTime: rfc3339(now) };
    } else {
      return;
    }
    this.logger.info({ cluster: name, sinceMs: now - health.probeMs }, 'cluster heartbeat missed for the grace period; Ready is Unknown');
    const updated = await this.client.updateStatus<Cluster>(CLUSTERS, { ...cluster, status: { ...(cluster.status ?? {}), conditions } }, signal === undefined ? {} : { signal });
    const ready = updated.status?.conditions?.find((c) => c.type === ClusterConditionReady);
    health.readyCondition = ready === undefined ? undefined : { ...ready };
  }
}
