/**
 * One scheduling attempt (Karmada's genericScheduler.Schedule): filter → score → select → assign,
 * for a given affinity term (carried in `status.schedulerObservingAffinityName`).
 * Pure: reads the binding and the cluster snapshot, returns target clusters or throws
 * FitError / UnschedulableError / SchedulingError.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Placement } from '../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus, TargetCluster } from '../../api/work/resource-binding.js';
import type { ReplicaEstimator } from '../estimator/replica-estimator.js';
import { UNKNOWN_REPLICAS } from '../estimator/replica-estimator.js';
import type { ParsedRequest } from '../estimator/resource-request.js';
import type { ReservationLookup } from '../estimator/reservation.js';
import { ScorePluginError, type Framework } from '../framework/framework.js';
import { assignedReplicasFor } from '../util/binding.js';
import { assignReplicas } from './assign-replicas.js';
import { FitError, SchedulingError, type ClusterRejection } from './errors.js';
import type { AssignmentMode, ClusterVerdict, DivisionStep, SpreadExplanation } from './explanation.js';
import { selectClusters, type ScoredCluster } from './spread/select-clusters.js';
import type { AssignmentStrategy } from './strategy.js';
import type { TieBreaker } from './webster.js';

/** Karmada caps "unlimited" availability at MaxInt32. */
export const MAX_REPLICAS = 2147483647;

/** Everything one attempt needs. */
export interface AttemptInput {
  readonly framework: Framework;
  readonly estimators: readonly ReplicaEstimator[];
  readonly clusters: readonly Cluster[];
  readonly spec: ResourceBindingSpec;
  readonly status: ResourceBindingStatus;
  readonly placement: Placement;
  readonly strategy: AssignmentStrategy;
  readonly mode: AssignmentMode;
  readonly tieBreaker: TieBreaker;
  readonly request: ParsedRequest;
  readonly reservations?: ReservationLookup;
  readonly enableEmptyWorkloadPropagation: boolean;
}

/** The attempt's outcome; verdicts/steps are filled only when explaining (also on failure, via `trace`). */
export interface AttemptTrace {
  verdicts: Map<string, ClusterVerdict>;
  steps: DivisionStep[];
  spread?: SpreadExplanation;
}

const nameOf = (c: Cluster): string => c.metadata.name ?? '';

/**
 * Builds the memoised availability function: the minimum answer of all estimators,
 * `spec.replicas` when none can tell, MaxInt32 for non-workloads.
 */
export function availabilityOf(input: AttemptInput): (cluster: Cluster) => number {
  const memo = new Map<Cluster, number>();
  const replicas = input.spec.replicas ?? 0;
  const estimate = {
    request: input.request,
    hasRequirements: input.spec.replicaRequirements !== undefined,
    ...(input.reservations === undefined ? {} : { reservations: input.reservations }),
    ...(input.spec.replicaRequirements?.nodeClaim === undefined ? {} : { nodeClaim: input.spec.replicaRequirements.nodeClaim }),
  };
  return (cluster) => {
    const hit = memo.get(cluster);
    if (hit !== undefined) return hit;
    let value = MAX_REPLICAS;
    if (replicas > 0) {
      for (const estimator of input.estimators) {
        let answer: number;
        try {
          answer =
            estimator.estimate !== undefined
              ? estimator.estimate(cluster, estimate)
              : (estimator.maxAvailableReplicas([cluster], estimate)[0] ?? UNKNOWN_REPLICAS);
        } catch {
          answer = UNKNOWN_REPLICAS;
        }
        if (answer !== UNKNOWN_REPLICAS && answer < value) value = answer;
      }
      if (value === MAX_REPLICAS) value = replicas;
    }
    memo.set(cluster, value);
    return value;
  };
}

/** Why each cluster was rejected (filters are pure, so a second pass repeats the first). */
function diagnose(input: AttemptInput): Map<string, ClusterRejection> {
  const diagnosis = new Map<string, ClusterRejection>();
  for (const cluster of input.clusters) {
    if (cluster.metadata.deletionTimestamp) continue;
    const verdict = input.framework.runFilterPlugins(input.placement, input.spec, input.status, cluster);
    if (verdict.result.code !== 'Success') diagnosis.set(nameOf(cluster), { plugin: verdict.plugin ?? '', reasons: verdict.result.reasons });
  }
  return diagnosis;
}

/** Runs one attempt. `trace` (when given) receives the explanation data even if the attempt throws. */
export function scheduleAttempt(input: AttemptInput, trace?: AttemptTrace): TargetCluster[] {
  const { framework, placement, spec, status } = input;
  const verdicts = trace?.verdicts;

  // 1. Filter. Deleting clusters are skipped; unhealthy ones are left to taints and tolerations.
  const feasible: Cluster[] = [];
  for (const cluster of input.clusters) {
    if (cluster.metadata.deletionTimestamp) {
      if (verdicts !== undefined) verdicts.set(nameOf(cluster), { name: nameOf(cluster), feasible: false, note: 'cluster is being deleted' });
      continue;
    }
    const verdict = framework.runFilterPlugins(placement, spec, status, cluster);
    if (verdict.result.code === 'Success') {
      feasible.push(cluster);
      if (verdicts !== undefined) verdicts.set(nameOf(cluster), { name: nameOf(cluster), feasible: true });
    } else if (verdicts !== undefined) {
      const name = nameOf(cluster);
      verdicts.set(name, { name, feasible: false, filteredBy: verdict.plugin ?? '', reasons: [...verdict.result.reasons] });
    }
  }
  // The per-cluster diagnosis is needed only when nothing fits: gathered then, not for every binding.
  if (feasible.length === 0) throw new FitError(input.clusters.length, diagnose(input));

  // 2. Score.
  let table;
  try {
    table = framework.runScorePlugins(placement, spec, feasible);
  } catch (err) {
    if (err instanceof ScorePluginError) throw new SchedulingError(`failed to prioritize clusters: ${err.message}`);
    throw err;
  }
  const scored: ScoredCluster[] = feasible.map((cluster, i) => ({ cluster, name: nameOf(cluster), score: table.totals[i] ?? 0 }));
  if (verdicts !== undefined) {
    scored.forEach((s, i) => {
      const v = verdicts.get(s.name);
      if (v === undefined) return;
      v.score = s.score;
      v.scores = {};
      for (const [plugin, scores] of table.byPlugin) v.scores[plugin] = scores[i] ?? 0;
    });
  }

  // 3. Select (spread constraints). Availability here counts the replicas a cluster already holds.
  const available = availabilityOf(input);
  const selection = selectClusters({
    clusters: scored,
    placement,
    replicas: spec.replicas ?? 0,
    availability: (s) => available(s.cluster) + assignedReplicasFor(spec, s.name),
    explain: trace !== undefined,
  });
  if (trace !== undefined && selection.explanation !== undefined) trace.spread = selection.explanation;
  const selected = selection.clusters.map((s) => s.cluster);

  // 4. Assign replicas.
  let result = assignReplicas({
    clusters: selected,
    spec,
    strategy: input.strategy,
    mode: input.mode,
    available,
    tieBreaker: input.tieBreaker,
    ...(trace === undefined ? {} : { steps: trace.steps }),
  });
  if (input.enableEmptyWorkloadPropagation) {
    const present = new Set(result.map((t) => t.name));
    const extra = selected.filter((c) => !present.has(nameOf(c))).map((c) => ({ name: nameOf(c), replicas: 0 }));
    if (extra.length > 0) result = [...result, ...extra].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  if (verdicts !== undefined) {
    const selectedNames = new Set(selected.map(nameOf));
    const replicasByName = new Map(result.map((t) => [t.name, t.replicas ?? 0]));
    for (const cluster of feasible) {
      const v = verdicts.get(nameOf(cluster));
      if (v === undefined) continue;
      if ((spec.replicas ?? 0) > 0 && input.strategy !== 'Duplicated') v.availableReplicas = available(cluster);
      v.selected = selectedNames.has(v.name);
      const r = replicasByName.get(v.name);
      if (r !== undefined) v.replicas = r;
    }
  }
  return result;
}
