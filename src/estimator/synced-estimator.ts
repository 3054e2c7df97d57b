/**
 * An accurate estimator for one-shot use (`karmadactl schedule --dry-run`): starts watching every
 * watchable cluster and resolves once each has listed its nodes and pods, or when `timeoutMs`
 * passes (clusters still unsynced then fall back to the general estimate, as in the scheduler).
 * The caller stops it.
 */
import type { Cluster } from '../api/cluster/cluster.js';
import type { MemberClientSource } from '../controllers/shared/member-client-source.js';
import { AccurateEstimator, watchable } from './accurate-estimator.js';

/** Options of syncedAccurateEstimator. */
export interface SyncedEstimatorOptions {
  /** Give up waiting after this long (default 5 s). */
  readonly timeoutMs?: number;
}

/** Starts an estimator over `clusters` and waits for their node and pod lists. */
export async function syncedAccurateEstimator(
  clusters: readonly Cluster[],
  memberClients: MemberClientSource,
  options: SyncedEstimatorOptions = {},
): Promise<AccurateEstimator> {
  const estimator = new AccurateEstimator({ memberClients });
  const names: string[] = [];
  for (const c of clusters) {
    estimator.upsertCluster(c);
    if (watchable(c)) names.push(c.metadata.name ?? '');
  }
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  while (!names.every((n) => estimator.isSynced(n)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return estimator;
}
