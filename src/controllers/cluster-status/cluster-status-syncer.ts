/**
 * One cluster's status sync, shared by the control plane's cluster status controller (push
 * clusters) and the agent (its own pull cluster): health probe -> threshold-adjusted Ready
 * condition -> when ready, version, API enablements, node and resource summaries and
 * resource models -> a status write only when something changed (`syncClusterStatus`).
 */
import { setMaxListeners } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import type { Cluster, ClusterStatus } from '../../api/cluster/cluster.js';
import { ClusterConditionReady } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { Condition } from '../../api/policy/kube-core.js';
import { isConflict, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { CLUSTERS, NODES, PODS } from '../cluster/constants.js';
import { ApiEnablementCache, apiEnablementsCondition } from './api-enablements.js';
import { ClusterConditionCache } from './condition-cache.js';
import { findCondition, newCondition, setStatusCondition } from './conditions.js';
import { STATUS_COLLECTION_FAILED_REASON, generateReadyCondition, probeClusterHealth } from './health.js';
import { allocatableModelings } from './resource-modeling.js';
import { nodeSummary, resourceSummary } from './resource-summary.js';

export interface ClusterStatusSyncerOptions {
  /** `--cluster-success-threshold` (default 30 s). */
  readonly successThresholdMs?: number;
  /** `--cluster-failure-threshold` (default 30 s). */
  readonly failureThresholdMs?: number;
  /** `--enable-cluster-resource-modeling` (default true): node/resource summaries and models. */
  readonly enableResourceModeling?: boolean;
  /** Per-request timeout towards the member (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** Longest time API enablements are reused without a full discovery (default 5 min). */
  readonly apiEnablementsMaxAgeMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** What a sync saw, for callers that act on it (the agent starts its lease once Ready). */
export interface ClusterSyncResult {
  readonly online: boolean;
  readonly ready: Condition['status'];
}

/** JSON-normal form, so undefined members and key order do not make equal statuses differ. */
function normal(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

async function listAll(client: KubeClient, target: typeof NODES, signal: AbortSignal): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let continueToken: string | undefined;
  do {
    const page = await client.list(target, { limit: 500, signal, ...(continueToken === undefined ? {} : { continue: continueToken }) });
    items.push(...page.items);
    continueToken = page.metadata.continue === '' ? undefined : page.metadata.continue;
  } while (continueToken !== undefined);
  return items;
}

/**
 * Runs fn with a signal that aborts with the outer one or after ms. (AbortSignal.any would
 * leave a listener on the long-lived outer signal per call until garbage collection.)
 */
async function withTimeout<T>(outer: AbortSignal, ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const inner = new AbortController();
  // Discovery issues one request per group/version in parallel, each listening on this signal.
  setMaxListeners(0, inner.signal);
  const onAbort = (): void => inner.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => inner.abort(new Error(`timed out after ${ms} ms`)), ms);
  try {
    return await fn(inner.signal);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

export class ClusterStatusSyncer {
  private readonly conditions: ClusterConditionCache;
  private readonly apis: ApiEnablementCache;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly modeling: boolean;
  private readonly timeoutMs: number;

  constructor(
    private readonly controlPlane: KubeClient,
    options: ClusterStatusSyncerOptions = {},
  ) {
    this.conditions = new ClusterConditionCache(options.successThresholdMs ?? 30_000, options.failureThresholdMs ?? 30_000);
    this.apis = new ApiEnablementCache(options.apiEnablementsMaxAgeMs ?? 300_000);
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? noopLogger;
    this.modeling = options.enableResourceModeling ?? true;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  /**
   * Syncs the cluster's status from its member. `member` is the member client, or the error
   * that prevented building one (reported as `StatusCollectionFailed`).
   */
  async sync(cluster: Cluster, member: KubeClient | Error, signal: AbortSignal): Promise<ClusterSyncResult> {
    const name = cluster.metadata.name ?? '';
    if (member instanceof Error) {
      const failed = newCondition(ClusterConditionReady, STATUS_COLLECTION_FAILED_REASON, `failed to create a ClusterClient: ${member.message}`, 'False');
      await this.writeStatus(cluster, undefined, [failed], signal);
      return { online: false, ready: 'False' };
    }
    const health = await withTimeout(signal, this.timeoutMs, (s) => probeClusterHealth(member, s));
    const observed = generateReadyCondition(health);
    const ready = this.conditions.thresholdAdjustedReadyCondition(cluster, observed, this.clock.now());

    if (!health.online && ready.status !== 'True') {
      // Still offline after the failure threshold: only the condition changes.
      await this.writeStatus(cluster, undefined, [ready], signal);
      return { online: false, ready: ready.status };
    }
    if (health.online && health.healthy && ready.status === 'True') {
      const collected = await withTimeout(signal, this.timeoutMs, (s) => this.collect(cluster, member, s));
      await this.writeStatus(cluster, collected.status, [...collected.conditions, ready], signal);
      return { online: true, ready: 'True' };
    }
    await this.writeStatus(cluster, undefined, [ready], signal);
    this.logger.debug({ cluster: name, online: health.online, healthy: health.healthy, ready: ready.status }, 'cluster not ready');
    return { online: health.online, ready: ready.status };
  }

  /** Forgets what is remembered about a cluster (it was deleted). */
  forget(name: string): void {
    this.conditions.delete(name);
    this.apis.delete(name);
  }

  /** Version, API enablements, summaries and models (`setCurrentClusterStatus`). */
  private async collect(cluster: Cluster, member: KubeClient, signal: AbortSignal): Promise<{ status: ClusterStatus; conditions: Condition[] }> {
    const name = cluster.metadata.name ?? '';
    const status: ClusterStatus = {};
    try {
      status.kubernetesVersion = (await member.serverVersion({ signal })).gitVersion;
    } catch (err) {
      this.logger.error({ err, cluster: name }, 'failed to get the Kubernetes version');
      status.kubernetesVersion = '';
    }
    let enablements: ClusterStatus['apiEnablements'] = [];
    let complete = false;
    try {
      ({ enablements, complete } = await this.apis.get(name, member, this.clock.now(), signal));
    } catch (err) {
      this.logger.error({ err, cluster: name }, 'failed to get the APIs installed in the cluster');
    }
    status.apiEnablements = enablements;
    const conditions = [apiEnablementsCondition(enablements.length, complete)];
    if (this.modeling) {
      try {
        const [nodes, pods] = await Promise.all([listAll(member, NODES, signal), listAll(member, PODS, signal)]);
        status.nodeSummary = nodeSummary(nodes);
        status.resourceSummary = resourceSummary(nodes, pods);
        const modelings = allocatableModelings(cluster.spec.resourceModels, nodes, pods);
        if (modelings !== undefined) {
          status.resourceSummary.allocatableModelings = modelings;
        }
      } catch (err) {
        // Keep the last summaries rather than report an empty cluster on a transient failure.
        this.logger.error({ err, cluster: name }, 'failed to list nodes and pods');
        if (cluster.status?.nodeSummary !== undefined) status.nodeSummary = cluster.status.nodeSummary;
        if (cluster.status?.resourceSummary !== undefined) status.resourceSummary = cluster.status.resourceSummary;
      }
    }
    return { status, conditions };
  }

  /**
   * Applies collected fields (when given) and conditions; writes the status subresource only
   * when the result differs from what is stored (`updateStatusIfNeeded`). Retries conflicts
   * on a fresh copy.
   */
  private async writeStatus(cluster: Cluster, collected: ClusterStatus | undefined, conditions: readonly Condition[], signal: AbortSignal): Promise<void> {
    let current = cluster;
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now();
      const next: ClusterStatus = { ...(current.status ?? {}) };
      if (collected !== undefined) {
        assignOrDelete(next, 'kubernetesVersion', collected.kubernetesVersion === '' ? undefined : collected.kubernetesVersion);
        assignOrDelete(next, 'apiEnablements', collected.apiEnablements);
        if (this.modeling) {
          assignOrDelete(next, 'nodeSummary', collected.nodeSummary);
          assignOrDelete(next, 'resourceSummary', collected.resourceSummary);
        }
      }
      let list = current.status?.conditions;
      for (const condition of conditions) {
        list = setStatusCondition(list, condition, now);
      }
      if (list !== undefined) {
        next.conditions = list;
      }
      if (isDeepStrictEqual(normal(current.status ?? {}), normal(next))) {
        return;
      }
      try {
        await this.controlPlane.updateStatus<Cluster>(CLUSTERS, { ...current, status: next }, { signal });
        const ready = findCondition(next.conditions, ClusterConditionReady);
        const before = findCondition(current.status?.conditions, ClusterConditionReady);
        if (ready?.status !== before?.status) {
          this.logger.info({ cluster: current.metadata.name, ready: ready?.status, reason: ready?.reason }, 'cluster Ready condition changed');
        }
        return;
      } catch (err) {
        if (isNotFound(err)) {
          return;
        }
        if (!isConflict(err) || attempt === 4) {
          throw err;
        }
        current = await this.controlPlane.get<Cluster>(CLUSTERS, current.metadata.name ?? '', { signal });
      }
    }
  }
}

function assignOrDelete<K extends keyof ClusterStatus>(target: ClusterStatus, key: K, value: ClusterStatus[K] | undefined): void {
  if (value === undefined) {
    delete target[key];
  } else {
    target[key] = value;
  }
}
