/**
 * The general estimator (Karmada's `GeneralEstimator`): the maximum number of replicas a cluster
 * can take, from `status.resourceSummary` (allocatable - allocated - allocating) and, when the
 * cluster reports them, its resource models (`spec.resourceModels` + `allocatableModelings`).
 * The answer is the minimum over the pod count and every requested resource, minus what other
 * bindings have reserved in the same scheduling round.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import { clusterCapacity, type ClusterCapacity, type ParsedModels } from './cluster-capacity.js';
import type { EstimateRequest, ReplicaEstimator } from './replica-estimator.js';
import type { ParsedRequest } from './resource-request.js';
import type { Reservation } from './reservation.js';

/** Estimator name as in Karmada. */
export const GENERAL_ESTIMATOR = 'general-estimator';

/** Options of the general estimator. */
export interface GeneralEstimatorOptions {
  /** Use resource models when present (Karmada feature gate CustomizedClusterResourceModeling, on by default). */
  readonly resourceModels?: boolean;
}

/**
 * Replicas by resource models: find the lowest grade whose minimum satisfies every requested
 * resource, then sum, over that grade and above, nodes × replicas-per-node (at least 1 per node).
 * Returns undefined when the models do not describe a requested resource.
 */
export function replicasByResourceModels(models: ParsedModels, request: ParsedRequest): number | undefined {
  let minIndex = 0;
  for (const r of request) {
    const mins = models.minByResource.get(r.name);
    if (mins === undefined) return undefined;
    const idx = mins.findIndex((min) => min >= r.amount);
    if (idx === -1) return 0;
    if (idx > minIndex) minIndex = idx;
  }
  let total = 0;
  for (let i = minIndex; i < models.counts.length; i++) {
    const count = models.counts[i] ?? 0;
    if (count === 0) continue;
    let perNode = Number.POSITIVE_INFINITY;
    for (const r of request) {
      const min = models.minByResource.get(r.name)?.[i] ?? 0;
      perNode = Math.min(perNode, Math.floor(min / r.amount));
    }
    // The grade's minimum satisfies the request, so at least one pod fits on such a node.
    total += count * (perNode === 0 ? 1 : perNode);
  }
  return total;
}

/** Replicas by the cluster-wide summary: min over requested resources of available / request. */
export function replicasBySummary(capacity: ClusterCapacity, request: ParsedRequest, reserved: Reservation | undefined): number {
  let max = Number.POSITIVE_INFINITY;
  for (const r of request) {
    const available = capacity.available.get(r.name);
    if (available === undefined) return 0;
    const free = available - (reserved?.resources.get(r.name) ?? 0);
    if (free <= 0) return 0;
    max = Math.min(max, Math.floor(free / r.amount));
  }
  return max;
}

/** How many replicas of this shape the reservation already accounts for (used to discount model estimates). */
function reservedReplicaEquivalent(request: ParsedRequest, reserved: Reservation | undefined): number {
  if (reserved === undefined) return 0;
  let n = 0;
  for (const r of request) n = Math.max(n, Math.ceil((reserved.resources.get(r.name) ?? 0) / r.amount));
  return n;
}

/** Max replicas of `request` on one cluster. */
export function estimateCluster(
  cluster: Cluster,
  input: EstimateRequest,
  options: GeneralEstimatorOptions = {},
): number {
  const capacity = clusterCapacity(cluster);
  if (!capacity.hasSummary) return 0;
  const reserved = input.reservations?.(cluster.metadata.name ?? '');
  const pods = capacity.pods - (reserved?.pods ?? 0);
  if (pods <= 0) return 0;
  if (!input.hasRequirements || input.request.length === 0) return pods;
  if (options.resourceModels !== false && capacity.models !== undefined) {
    const byModels = replicasByResourceModels(capacity.models, input.request);
    if (byModels !== undefined) {
      return Math.max(0, Math.min(pods, byModels - reservedReplicaEquivalent(input.request, reserved)));
    }
  }
  return Math.min(pods, replicasBySummary(capacity, input.request, reserved));
}

/** The general estimator as a `ReplicaEstimator`. */
export class GeneralEstimator implements ReplicaEstimator {
  readonly name = GENERAL_ESTIMATOR;

  constructor(private readonly options: GeneralEstimatorOptions = {}) {}

  maxAvailableReplicas(clusters: readonly Cluster[], request: EstimateRequest): number[] {
    return clusters.map((c) => estimateCluster(c, request, this.options));
  }

  estimate(cluster: Cluster, request: EstimateRequest): number {
    return estimateCluster(cluster, request, this.options);
  }
}
