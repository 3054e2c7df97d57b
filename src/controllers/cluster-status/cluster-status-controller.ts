/**
 * Karmada's cluster status controller for push clusters: each Cluster key is synced from its
 * member (see ClusterStatusSyncer) and requeued after `--cluster-status-update-frequency`,
 * so every member is probed once per period without informers on the members.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { CLUSTER_CONTROLLER_FINALIZER, CLUSTERS } from '../cluster/constants.js';
import type { MemberClients } from '../member-clients.js';
import type { ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { DONE, requeueAfter } from '../runtime/reconciler.js';
import type { ClusterStatusSyncerOptions } from './cluster-status-syncer.js';
import { ClusterStatusSyncer } from './cluster-status-syncer.js';

export interface ClusterStatusReconcilerOptions extends ClusterStatusSyncerOptions {
  /** `--cluster-status-update-frequency` (default 10 s). */
  readonly updateFrequencyMs?: number;
  readonly logger?: Logger;
}

/** Until the cluster controller added its finalizer, wait (Karmada requeues the same way). */
const WAIT_FOR_FINALIZER_MS = 200;

export class ClusterStatusReconciler implements Reconciler {
  readonly syncer: ClusterStatusSyncer;
  private readonly frequencyMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly client: KubeClient,
    private readonly members: MemberClients,
    options: ClusterStatusReconcilerOptions = {},
  ) {
    this.syncer = new ClusterStatusSyncer(client, options);
    this.frequencyMs = options.updateFrequencyMs ?? 10_000;
    this.logger = options.logger ?? noopLogger;
  }

  async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult> {
    let cluster: Cluster;
    try {
      cluster = await this.client.get<Cluster>(CLUSTERS, key, { signal });
    } catch (err) {
      if (isNotFound(err)) {
        this.syncer.forget(key);
        this.members.invalidate(key);
        return DONE;
      }
      throw err;
    }
    if (cluster.spec.syncMode !== 'Push') {
      // Pull clusters report their own status through the agent.
      return DONE;
    }
    if (!(cluster.metadata.finalizers ?? []).includes(CLUSTER_CONTROLLER_FINALIZER)) {
      this.logger.debug({ cluster: key }, 'waiting for the cluster controller finalizer');
      return requeueAfter(WAIT_FOR_FINALIZER_MS);
    }
    let member: KubeClient | Error;
    try {
      member = await this.members.forCluster(cluster);
    } catch (err) {
      member = err instanceof Error ? err : new Error(String(err));
    }
    await this.syncer.sync(cluster, member, signal);
    return requeueAfter(this.frequencyMs);
  }
}
