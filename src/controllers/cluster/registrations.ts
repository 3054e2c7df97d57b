/**
 * The cluster lifecycle controllers as controller-manager registrations (`cluster`,
 * `clusterStatus`, named as in Karmada's `--controllers`), and `startClusterControllers` for
 * callers that run them without a shared manager.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import type { Logger } from '../../client/logger.js';
import { ClusterStatusReconciler } from '../cluster-status/cluster-status-controller.js';
import { sharedMemberClients } from '../member-clients.js';
import type { Runnable } from '../runtime/controller.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerContext, ControllerRegistration } from '../runtime/controller-manager.js';
import { ControllerManager } from '../runtime/controller-manager.js';
import { generationChanged } from '../runtime/predicates.js';
import { ClusterReconciler } from './cluster-controller.js';
import { ClusterHealthMonitor } from './cluster-health-monitor.js';
import { CLUSTERS, NAMESPACES, clusterNameOfExecutionSpace } from './constants.js';
import type { ClusterLifecycleOptions } from './lifecycle-options.js';
import { DEFAULT_CLUSTER_LIFECYCLE_OPTIONS } from './lifecycle-options.js';

/** Runs several runnables together until the signal aborts. */
function together(...runnables: Runnable[]): Runnable {
  return { start: async (signal) => void (await Promise.all(runnables.map((r) => r.start(signal)))) };
}

/** `cluster`: execution spaces, taints, finalizer and cleanup, plus the pull-cluster health monitor. */
export function clusterControllerRegistration(options: ClusterLifecycleOptions = DEFAULT_CLUSTER_LIFECYCLE_OPTIONS): ControllerRegistration {
  return {
    name: 'cluster',
    setup(ctx: ControllerContext): Runnable {
      const reconciler = new ClusterReconciler(ctx.client, {
        cleanupCheckIntervalMs: options.cleanupCheckIntervalMs,
        clock: ctx.clock,
        logger: ctx.logger,
        onClusterRemoved: (name) => sharedMemberClients(ctx.client).invalidate(name),
      });
      const controller = new Controller({
        name: 'cluster-controller',
        reconciler,
        workers: options.concurrentClusterSyncs,
        clock: ctx.clock,
        logger: ctx.logger,
        ...(ctx.registry === undefined ? {} : { registry: ctx.registry }),
      });
      controller.watch(ctx.informers.informerFor<Cluster>(CLUSTERS));
      // A finished execution-space deletion lets a deleted cluster drop its finalizer at once.
      controller.watch(ctx.informers.informerFor<KubeObject>(NAMESPACES), {
        predicates: [(e) => e.type === 'delete' && clusterNameOfExecutionSpace(e.object.metadata.name ?? '') !== undefined],
        map: (e) => [clusterNameOfExecutionSpace(e.object.metadata.name ?? '') ?? ''],
      });
      const monitor = new ClusterHealthMonitor(ctx.client, {
        monitorPeriodMs: options.clusterMonitorPeriodMs,
        gracePeriodMs: options.clusterMonitorGracePeriodMs,
        startupGracePeriodMs: options.clusterStartupGracePeriodMs,
        clock: ctx.clock,
        logger: ctx.logger,
      });
      return together(controller, monitor);
    },
  };
}

/** `clusterStatus`: push clusters' status from their members, every update period. */
export function clusterStatusControllerRegistration(options: ClusterLifecycleOptions = DEFAULT_CLUSTER_LIFECYCLE_OPTIONS): ControllerRegistration {
  return {
    name: 'clusterStatus',
    setup(ctx: ControllerContext): Runnable {
      const members = sharedMemberClients(ctx.client, { logger: ctx.logger });
      const reconciler = new ClusterStatusReconciler(ctx.client, members, {
        updateFrequencyMs: options.clusterStatusUpdateFrequencyMs,
        successThresholdMs: options.clusterSuccessThresholdMs,
        failureThresholdMs: options.clusterFailureThresholdMs,
        enableResourceModeling: options.enableClusterResourceModeling,
        clock: ctx.clock,
        logger: ctx.logger,
      });
      const controller = new Controller({
        name: 'cluster-status-controller',
        reconciler,
        workers: options.concurrentClusterSyncs,
        clock: ctx.clock,
        logger: ctx.logger,
        ...(ctx.registry === undefined ? {} : { registry: ctx.registry }),
      });
      // Spec changes (and adds/deletes) trigger a sync; status writes do not (the requeue does).
      controller.watch(ctx.informers.informerFor<Cluster>(CLUSTERS), {
        predicates: [generationChanged, (e) => e.object.spec.syncMode === 'Push' || e.oldObject?.spec.syncMode === 'Push'],
      });
      return controller;
    },
  };
}

/** Both registrations, for a controller manager's registry. */
export function clusterControllerRegistrations(options: ClusterLifecycleOptions = DEFAULT_CLUSTER_LIFECYCLE_OPTIONS): ControllerRegistration[] {
  return [clusterControllerRegistration(options), clusterStatusControllerRegistration(options)];
}

export interface StartClusterControllersContext {
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly options?: Partial<ClusterLifecycleOptions>;
}

/**
 * Runs the `cluster` and `clusterStatus` controllers on their own manager until the signal
 * aborts. Resolves once they are set up; `done` settles when they stop.
 */
export function startClusterControllers(ctx: StartClusterControllersContext): { readonly done: Promise<void> } {
  const options: ClusterLifecycleOptions = { ...DEFAULT_CLUSTER_LIFECYCLE_OPTIONS, ...ctx.options };
  const manager = new ControllerManager({ client: ctx.client, logger: ctx.logger });
  for (const registration of clusterControllerRegistrations(options)) {
    manager.register(registration);
  }
  const done = manager.start(ctx.signal).catch((err: unknown) => {
    ctx.logger.error({ err }, 'cluster controllers stopped');
  });
  return { done };
}
