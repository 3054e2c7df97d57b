/**
 * The estimator contract: how many more replicas of a given shape each cluster can take.
 * The scheduler asks every estimator and keeps the minimum answer per cluster.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { NodeClaim } from '../../api/work/resource-binding.js';
import type { ParsedRequest } from './resource-request.js';
import type { ReservationLookup } from './reservation.js';

/** An estimator's "I cannot tell" answer for a cluster; ignored when taking the minimum. */
export const UNKNOWN_REPLICAS = -1;

/** Input of one estimation: the per-replica request and what is already reserved elsewhere. */
export interface EstimateRequest {
  /** Per-replica request; empty means only the pod count limits. */
  readonly request: ParsedRequest;
  /** Whether the binding carries replicaRequirements at all (nil → pods only, as Karmada). */
  readonly hasRequirements: boolean;
  readonly reservations?: ReservationLookup;
  /** The replicas' node constraints (read by the accurate estimator; the general one cannot). */
  readonly nodeClaim?: NodeClaim;
}

/** A replica estimator (the general one reads Cluster status; an accurate one may read members' nodes). */
export interface ReplicaEstimator {
  readonly name: string;
  /** One answer per cluster, same order; `UNKNOWN_REPLICAS` when it cannot tell. Never throws. */
  maxAvailableReplicas(clusters: readonly Cluster[], request: EstimateRequest): number[];
  /** Optional single-cluster fast path with the same meaning. */
  estimate?(cluster: Cluster, request: EstimateRequest): number;
}
