/**
 * Replica assignment over the selected clusters (Karmada's `AssignReplicas`):
 * - Duplicated: every cluster gets all replicas.
 * - StaticWeight: Webster apportionment of all replicas by the static weights.
 * - DynamicWeight / Aggregated, Steady mode: scale-up divides only the increase by available
 *   replicas and adds it to the current placement; scale-down divides the new total in proportion
 *   to the current placement; no change keeps the placement. Aggregated first trims the clusters
 *   (current ones first, then by capacity) to the fewest that can hold the target.
 * - Fresh mode (after `rescheduleTriggeredAt`): divide everything anew by available + current replicas.
 * Non-workloads (0 replicas) go to every selected cluster without a replica count.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { StaticClusterWeight } from '../../api/policy/placement.js';
import type { ResourceBindingSpec, TargetCluster } from '../../api/work/resource-binding.js';
import { clusterMatches } from '../util/cluster-matches.js';
import { SchedulingError, UnschedulableError } from './errors.js';
import type { AssignmentMode, DivisionStep } from './explanation.js';
import type { AssignmentStrategy } from './strategy.js';
import { allocateWebsterSeats, type TieBreaker } from './webster.js';

/** Inputs of one assignment. */
export interface AssignInput {
  /** Selected clusters, in selection order (score descending). */
  readonly clusters: readonly Cluster[];
  readonly spec: ResourceBindingSpec;
  readonly strategy: AssignmentStrategy;
  readonly mode: AssignmentMode;
  /** Replicas a cluster can still take (estimators' minimum), not counting what it already holds. */
  readonly available: (cluster: Cluster) => number;
  readonly tieBreaker: TieBreaker;
  /** When given, division steps are appended for the explanation. */
  readonly steps?: DivisionStep[];
}

interface Weighted {
  readonly name: string;
  readonly weight: number;
}

const nameOf = (c: Cluster): string => c.metadata.name ?? '';

function toRecord(list: readonly Weighted[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of list) out[w.name] = w.weight;
  return out;
}

function byName(a: TargetCluster, b: TargetCluster): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Webster apportionment of `total` over positive weights; adds `base` replicas on top. */
export function divideByWeight(
  total: number,
  weights: readonly Weighted[],
  tieBreaker: TieBreaker,
  base: readonly TargetCluster[] = [],
): TargetCluster[] {
  const votes = new Map<string, number>();
  for (const w of weights) if (w.weight > 0) votes.set(w.name, w.weight);
  const seats = allocateWebsterSeats(total, votes, new Map(), tieBreaker);
  const result = new Map<string, number>();
  for (const tc of base) result.set(tc.name, (result.get(tc.name) ?? 0) + (tc.replicas ?? 0));
  for (const p of seats) result.set(p.name, (result.get(p.name) ?? 0) + p.seats);
  return [...result].map(([name, replicas]) => ({ name, replicas }));
}

/** Static weight of each cluster: the max weight of the rules it matches; all 1 when none match or no list. */
export function staticWeights(clusters: readonly Cluster[], rules: readonly StaticClusterWeight[] | undefined): Weighted[] {
  if (rules !== undefined) {
    const list: Weighted[] = [];
    for (const c of clusters) {
      let weight = 0;
      for (const rule of rules) if (rule.weight > weight && clusterMatches(c, rule.targetCluster)) weight = rule.weight;
      if (weight > 0) list.push({ name: nameOf(c), weight });
    }
    if (list.length > 0) return list;
  }
  return clusters.map((c) => ({ name: nameOf(c), weight: 1 }));
}

/** Sort by weight descending, keeping selection order among equals (Array.prototype.sort is stable). */
function sortDesc(list: Weighted[]): Weighted[] {
  return list.sort((a, b) => b.weight - a.weight);
}

function assignStatic(input: AssignInput, replicas: number): TargetCluster[] {
  const weights = staticWeights(input.clusters, input.spec.placement?.replicaScheduling?.weightPreference?.staticWeightList);
  input.steps?.push({ step: 'weights', message: 'static weights (max of matching rules)', values: toRecord(weights) });
  const result = divideByWeight(replicas, weights, input.tieBreaker);
  input.steps?.push({
    step: 'apportion',
    message: `Webster apportionment of ${replicas} replica(s)`,
    values: toRecord(result.map((t) => ({ name: t.name, weight: t.replicas ?? 0 }))),
  });
  return result;
}

/** Divides `target` by `weights`; Aggregated keeps only the fewest clusters (prior first) that hold it. */
function divideDynamic(
  input: AssignInput,
  target: number,
  weights: Weighted[],
  prior: readonly TargetCluster[],
): TargetCluster[] {
  const available = weights.reduce((s, w) => s + w.weight, 0);
  if (available < target) {
    throw new UnschedulableError(`Clusters available replicas ${available} are not enough to schedule.`);
  }
  let candidates = weights;
  if (input.strategy === 'Aggregated') {
    const priorNames = new Set(prior.filter((t) => (t.replicas ?? 0) > 0).map((t) => t.name));
    const ordered = [...weights.filter((w) => priorNames.has(w.name)), ...weights.filter((w) => !priorNames.has(w.name))];
    let sum = 0;
    const kept: Weighted[] = [];
    for (const w of ordered) {
      kept.push(w);
      sum += w.weight;
      if (sum >= target) break;
    }
    candidates = kept;
    input.steps?.push({
      step: 'aggregate',
      message: `kept the fewest clusters (current ones first) holding ${target} replica(s): ${kept.map((w) => w.name).join(', ')}`,
      values: toRecord(kept),
    });
  }
  const result = divideByWeight(target, candidates, input.tieBreaker, prior);
  input.steps?.push({
    step: 'apportion',
    message: `Webster apportionment of ${target} replica(s) by ${prior.length > 0 ? 'available replicas, added to the current placement' : 'weight'}`,
    values: toRecord(result.map((t) => ({ name: t.name, weight: t.replicas ?? 0 }))),
  });
  return result;
}

function assignDynamic(input: AssignInput, replicas: number): TargetCluster[] {
  const candidateNames = new Set(input.clusters.map(nameOf));
  // Only clusters still selected count as scheduled; replicas on dropped clusters are re-placed.
  const scheduled = (input.spec.clusters ?? []).filter((t) => candidateNames.has(t.name));
  const assigned = scheduled.reduce((s, t) => s + (t.replicas ?? 0), 0);

  if (input.mode === 'Fresh') {
    const current = new Map(scheduled.map((t) => [t.name, t.replicas ?? 0]));
    const weights = sortDesc(input.clusters.map((c) => ({ name: nameOf(c), weight: input.available(c) + (current.get(nameOf(c)) ?? 0) })));
    input.steps?.push({ step: 'fresh', message: `fresh division of ${replicas} replica(s) by available + current replicas`, values: toRecord(weights) });
    return divideDynamic(input, replicas, weights, []);
  }
  if (assigned > replicas) {
    const weights = sortDesc(scheduled.map((t) => ({ name: t.name, weight: t.replicas ?? 0 })));
    input.steps?.push({ step: 'scale-down', message: `scale down ${assigned} → ${replicas} in proportion to the current placement`, values: toRecord(weights) });
    return divideDynamic(input, replicas, weights, []);
  }
  if (assigned < replicas) {
    const weights = sortDesc(input.clusters.map((c) => ({ name: nameOf(c), weight: input.available(c) })));
    input.steps?.push({
      step: assigned === 0 ? 'initial' : 'scale-up',
      message: assigned === 0 ? `divide ${replicas} replica(s) by available replicas` : `scale up ${assigned} → ${replicas}: divide the ${replicas - assigned} new replica(s) by available replicas`,
      values: toRecord(weights),
    });
    return divideDynamic(input, replicas - assigned, weights, scheduled);
  }
  input.steps?.push({ step: 'unchanged', message: `replicas unchanged (${replicas}); current placement kept` });
  return scheduled.map((t) => ({ name: t.name, replicas: t.replicas ?? 0 }));
}

/** Assigns replicas to the selected clusters; the result is sorted by name, zero-replica entries removed. */
export function assignReplicas(input: AssignInput): TargetCluster[] {
  if (input.clusters.length === 0) throw new SchedulingError('no clusters available to schedule');
  const replicas = input.spec.replicas ?? 0;
  if (replicas <= 0) {
    input.steps?.push({ step: 'non-workload', message: 'no replicas: propagate to every selected cluster' });
    return input.clusters.map((c) => ({ name: nameOf(c) })).sort(byName);
  }
  let result: TargetCluster[];
  switch (input.strategy) {
    case 'Duplicated':
      input.steps?.push({ step: 'duplicate', message: `every selected cluster gets ${replicas} replica(s)` });
      result = input.clusters.map((c) => ({ name: nameOf(c), replicas }));
      break;
    case 'StaticWeight':
      result = assignStatic(input, replicas);
      break;
    case 'DynamicWeight':
    case 'Aggregated':
      result = assignDynamic(input, replicas);
      break;
  }
  return result.filter((t) => (t.replicas ?? 0) > 0).sort(byName);
}
