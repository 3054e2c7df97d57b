/**
 * Karmada's cluster controller (`pkg/controllers/cluster/cluster_controller.go`): for every
 * Cluster it creates the execution space `karmada-es-<cluster>`, keeps the NoSchedule
 * not-ready/unreachable taints in step with the Ready condition and adds its finalizer; on
 * deletion it removes the execution space (Works first), waits until no binding targets the
 * cluster any more, then drops the finalizer.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { isConflict, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import type { ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { DONE, requeueAfter } from '../runtime/reconciler.js';
import {
  CLUSTER_CONTROLLER_FINALIZER,
  CLUSTER_RESOURCE_BINDINGS,
  CLUSTERS,
  EXECUTION_CONTROLLER_FINALIZER,
  KARMADA_SYSTEM_LABEL,
  KARMADA_SYSTEM_LABEL_VALUE,
  NAMESPACES,
  RESOURCE_BINDINGS,
  WORKS,
  executionSpaceName,
} from './constants.js';
import { taintsForReadyCondition } from './taints.js';
import { ClusterConditionReady } from '../../api/cluster/cluster.js';

export interface ClusterControllerOptions {
  /** Re-check interval while a deleted cluster's cleanup is pending (default 10 s). */
  readonly cleanupCheckIntervalMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Called once a cluster is gone for good (caches to drop). */
  readonly onClusterRemoved?: (name: string) => void;
}

function isReady(cluster: Cluster): boolean {
  return cluster.status?.conditions?.some((c) => c.type === ClusterConditionReady && c.status === 'True') === true;
}

/** True when a binding's spec.clusters names the cluster. */
function targetsCluster(binding: KubeObject, cluster: string): boolean {
  const spec = binding['spec'];
  const clusters = isPlainObject(spec) ? spec['clusters'] : undefined;
  return Array.isArray(clusters) && clusters.some((c) => isPlainObject(c) && c['name'] === cluster);
}

export class ClusterReconciler implements Reconciler {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly cleanupMs: number;

  constructor(
    private readonly client: KubeClient,
    private readonly options: ClusterControllerOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? noopLogger;
    this.cleanupMs = options.cleanupCheckIntervalMs ?? 10_000;
  }

  async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult> {
    let cluster: Cluster;
    try {
      cluster = await this.client.get<Cluster>(CLUSTERS, key, { signal });
    } catch (err) {
      if (isNotFound(err)) {
        return DONE;
      }
      throw err;
    }
    if (cluster.metadata.deletionTimestamp !== undefined) {
      return this.removeCluster(cluster, signal);
    }
    return this.syncCluster(cluster, signal);
  }

  private async syncCluster(cluster: Cluster, signal: AbortSignal): Promise<ReconcileResult> {
    await this.createExecutionSpace(cluster, signal);
    let current = cluster;
    const taints = taintsForReadyCondition(current, this.clock.now());
    if (taints !== undefined) {
      // An empty list is omitted, as Go's omitempty does.
      const { taints: _old, ...spec } = current.spec;
      current = await this.update({ ...current, spec: taints.length === 0 ? spec : { ...spec, taints } }, signal);
      this.logger.info({ cluster: current.metadata.name, taints: taints.map((t) => `${t.key}:${t.effect}`) }, 'taint cluster succeed');
    }
    if (!(current.metadata.finalizers ?? []).includes(CLUSTER_CONTROLLER_FINALIZER)) {
      await this.update({ ...current, metadata: { ...current.metadata, finalizers: [...(current.metadata.finalizers ?? []), CLUSTER_CONTROLLER_FINALIZER] } }, signal);
    }
    return DONE;
  }

  private async update(cluster: Cluster, signal: AbortSignal): Promise<Cluster> {
    try {
      return await this.client.update<Cluster>(CLUSTERS, cluster, { signal });
    } catch (err) {
      if (isConflict(err)) {
        // A newer version exists; its own event requeues the key.
        this.logger.debug({ cluster: cluster.metadata.name }, 'cluster changed meanwhile, retrying');
      }
      throw err;
    }
  }

  private async createExecutionSpace(cluster: Cluster, signal: AbortSignal): Promise<void> {
    const name = executionSpaceName(cluster.metadata.name ?? '');
    try {
      await this.client.get(NAMESPACES, name, { signal });
      return;
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
    try {
      await this.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [KARMADA_SYSTEM_LABEL]: KARMADA_SYSTEM_LABEL_VALUE } } }, { signal });
      this.logger.info({ cluster: cluster.metadata.name, namespace: name }, 'created execution space for cluster');
    } catch (err) {
      // A namespace still terminating from an earlier cluster of the same name answers 409.
      if (!isConflict(err) && !(err instanceof Error && /already exists/i.test(err.message))) {
        throw err;
      }
    }
  }

  private async removeCluster(cluster: Cluster, signal: AbortSignal): Promise<ReconcileResult> {
    const name = cluster.metadata.name ?? '';
    const space = executionSpaceName(name);
    if (!(cluster.metadata.finalizers ?? []).includes(CLUSTER_CONTROLLER_FINALIZER)) {
      return DONE;
    }
    await this.removeWorks(cluster, space, signal);
    try {
      await this.client.delete(NAMESPACES, space, { signal });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
    if (await this.exists(NAMESPACES, space, signal)) {
      this.logger.info({ cluster: name }, 'requeuing until the execution space of the cluster is deleted');
      return requeueAfter(this.cleanupMs);
    }
    if (await this.referencedByBindings(name, signal)) {
      this.logger.info({ cluster: name }, 'cluster is still referenced in bindings, will retry later');
      return requeueAfter(this.cleanupMs);
    }
    const finalizers = (cluster.metadata.finalizers ?? []).filter((f) => f !== CLUSTER_CONTROLLER_FINALIZER);
    try {
      await this.client.update<Cluster>(CLUSTERS, { ...cluster, metadata: { ...cluster.metadata, finalizers } }, { signal });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
    this.options.onClusterRemoved?.(name);
    this.logger.info({ cluster: name }, 'removed cluster');
    return DONE;
  }

  /**
   * Deletes the Works of the execution space. For a pull cluster that is not Ready nobody
   * would ever run the execution finalizer, so it is dropped first (as Karmada does).
   */
  private async removeWorks(cluster: Cluster, space: string, signal: AbortSignal): Promise<void> {
    let works: KubeObject[];
    try {
      works = (await this.client.list(WORKS, { namespace: space, signal })).items;
    } catch (err) {
      if (isNotFound(err)) {
        return;
      }
      throw err;
    }
    const orphan = cluster.spec.syncMode === 'Pull' && !isReady(cluster);
    for (const work of works) {
      const workName = work.metadata.name ?? '';
      if (orphan && (work.metadata.finalizers ?? []).includes(EXECUTION_CONTROLLER_FINALIZER)) {
        const finalizers = (work.metadata.finalizers ?? []).filter((f) => f !== EXECUTION_CONTROLLER_FINALIZER);
        try {
          await this.client.update(WORKS, { ...work, metadata: { ...work.metadata, finalizers } }, { signal });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      if (work.metadata.deletionTimestamp === undefined) {
        try {
          await this.client.delete(WORKS, workName, { namespace: space, signal });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
  }

  private async exists(target: typeof NAMESPACES, name: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.client.get(target, name, { signal });
      return true;
    } catch (err) {
      if (isNotFound(err)) {
        return false;
      }
      throw err;
    }
  }

  /** `isTargetClusterRemoved`, negated: some (Cluster)ResourceBinding still schedules onto the cluster. */
  private async referencedByBindings(name: string, signal: AbortSignal): Promise<boolean> {
    for (const target of [RESOURCE_BINDINGS, CLUSTER_RESOURCE_BINDINGS]) {
      try {
        const list = await this.client.list(target, { signal });
        if (list.items.some((b) => targetsCluster(b, name))) {
          return true;
        }
      } catch (err) {
        // A control plane that does not serve bindings has none.
        if (!isNotFound(err)) throw err;
      }
    }
    return false;
  }
}
