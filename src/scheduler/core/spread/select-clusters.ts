/**
 * Cluster selection under spread constraints (Karmada's `spreadconstraint` package):
 * - no constraints, or static weights: every feasible cluster;
 * - by cluster: the `maxGroups` best-scored clusters, swapping the lowest-scored picks for
 *   clusters with more available replicas until they can hold the replicas;
 * - by region (and, beyond Karmada, zone, provider or a label): choose groups first, take the best
 *   cluster of each, then fill up to the cluster constraint's `maxGroups` by score and capacity.
 */
import type { Cluster } from '../../../api/cluster/cluster.js';
import type { Placement, SpreadConstraint } from '../../../api/policy/placement.js';
import { clusterZone } from '../../util/cluster-matches.js';
import { SchedulingError } from '../errors.js';
import type { SpreadExplanation, SpreadGroup } from '../explanation.js';
import { ignoresAvailableResource, ignoresSpreadConstraints } from '../strategy.js';
import { selectGroups, type GroupInfo } from './select-groups.js';

/** A feasible cluster with its total score. */
export interface ScoredCluster {
  readonly cluster: Cluster;
  readonly name: string;
  readonly score: number;
}

/** The selection input. `availability` returns replicas a cluster can hold (including its current ones). */
export interface SelectionInput {
  readonly clusters: readonly ScoredCluster[];
  readonly placement: Placement;
  readonly replicas: number;
  readonly availability: (c: ScoredCluster) => number;
  /** Build the explanation (default true; the scheduler asks only when explaining). */
  readonly explain?: boolean;
}

/** The selected clusters, in selection order, and how they were chosen. */
export interface SelectionOutput {
  readonly clusters: ScoredCluster[];
  readonly explanation?: SpreadExplanation;
}

/** Score descending, then name ascending. */
export function byScoreThenName(a: ScoredCluster, b: ScoredCluster): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

type GroupKey = { kind: 'field'; field: 'region' | 'zone' | 'provider' } | { kind: 'label'; label: string };

function groupValue(c: Cluster, key: GroupKey): string {
  if (key.kind === 'label') return c.metadata.labels?.[key.label] ?? '';
  if (key.field === 'zone') return clusterZone(c);
  return c.spec[key.field] ?? '';
}

function keyName(key: GroupKey): string {
  return key.kind === 'label' ? `label ${key.label}` : key.field;
}

/** Picks the constraint that groups clusters: region first (as Karmada), then zone, provider, label. */
function groupConstraint(constraints: readonly SpreadConstraint[]): { key: GroupKey; constraint: SpreadConstraint } | undefined {
  for (const field of ['region', 'zone', 'provider'] as const) {
    const c = constraints.find((s) => s.spreadByField === field);
    if (c !== undefined) return { key: { kind: 'field', field }, constraint: c };
  }
  const byLabel = constraints.find((s) => s.spreadByLabel);
  if (byLabel?.spreadByLabel) return { key: { kind: 'label', label: byLabel.spreadByLabel }, constraint: byLabel };
  return undefined;
}

function enough(clusters: readonly ScoredCluster[], need: number, availability: (c: ScoredCluster) => number): boolean {
  let total = 0;
  for (const c of clusters) total += availability(c);
  return total >= need;
}

/**
 * Takes the `count` best-scored clusters; while they cannot hold `need` replicas, replaces the
 * lowest-scored pick (moving upwards) with the remaining cluster having the most available
 * replicas, if it has more. Returns undefined when no swap makes it fit.
 */
export function selectByAvailableResource(
  sorted: readonly ScoredCluster[],
  count: number,
  need: number,
  availability: (c: ScoredCluster) => number,
): ScoredCluster[] | undefined {
  const picked = sorted.slice(0, count);
  const rest = sorted.slice(count);
  for (let i = picked.length - 1; i >= 0 && !enough(picked, need, availability); i--) {
    const current = picked[i] as ScoredCluster;
    let best = -1;
    let bestAvail = availability(current);
    rest.forEach((c, j) => {
      const a = availability(c);
      if (a > bestAvail) {
        best = j;
        bestAvail = a;
      }
    });
    if (best === -1) continue;
    picked[i] = rest[best] as ScoredCluster;
    rest[best] = current;
  }
  return enough(picked, need, availability) ? picked : undefined;
}

function selectByCluster(
  constraint: SpreadConstraint,
  sorted: readonly ScoredCluster[],
  need: number,
  availability: (c: ScoredCluster) => number,
  explain: boolean,
): SelectionOutput {
  const total = sorted.length;
  const minGroups = constraint.minGroups ?? 1;
  if (total < minGroups) {
    throw new SchedulingError('the number of feasible clusters is less than spreadConstraint.MinGroups');
  }
  const count = Math.min(constraint.maxGroups || total, total);
  const picked = need < 0 ? sorted.slice(0, count) : selectByAvailableResource(sorted, count, need, availability);
  if (picked === undefined) throw new SchedulingError(`no enough resource when selecting ${count} clusters`);
  if (!explain) return { clusters: picked };
  return {
    clusters: picked,
    explanation: {
      constraints: [constraint],
      groupBy: 'cluster',
      message: `selected ${picked.length} of ${total} cluster(s) by score${need < 0 ? '' : ` and capacity for ${need} replica(s)`} (minGroups ${minGroups}, maxGroups ${constraint.maxGroups || 'unset'})`,
    },
  };
}

function selectByGroup(
  key: GroupKey,
  constraint: SpreadConstraint,
  clusterConstraint: SpreadConstraint | undefined,
  sorted: readonly ScoredCluster[],
  need: number,
  availability: (c: ScoredCluster) => number,
  explain: boolean,
): SelectionOutput {
  const members = new Map<string, ScoredCluster[]>();
  for (const c of sorted) {
    const v = groupValue(c.cluster, key);
    if (v === '') continue;
    const list = members.get(v);
    if (list === undefined) members.set(v, [c]);
    else list.push(c);
  }
  const infos: GroupInfo[] = [...members].map(([name, list]) => ({
    name,
    value: list.length,
    weight: list[0]?.score ?? 0,
    available: list.reduce((s, c) => s + availability(c), 0),
  }));
  const minGroups = constraint.minGroups ?? 1;
  if (infos.length < minGroups) {
    throw new SchedulingError(`the number of feasible ${keyName(key)} is less than spreadConstraint.MinGroups`);
  }
  const chosen = selectGroups(infos, minGroups, constraint.maxGroups || infos.length, clusterConstraint?.minGroups ?? 0, need);
  if (chosen.length === 0) {
    throw new SchedulingError('the number of clusters is less than the cluster spreadConstraint.MinGroups');
  }
  const picked: ScoredCluster[] = [];
  const leftovers: ScoredCluster[] = [];
  for (const g of chosen) {
    const list = members.get(g.name) ?? [];
    if (list[0] !== undefined) picked.push(list[0]);
    leftovers.push(...list.slice(1));
  }
  const inGroups = picked.length + leftovers.length;
  const wanted = clusterConstraint === undefined ? picked.length : Math.min(inGroups, clusterConstraint.maxGroups || inGroups);
  const extra = wanted - picked.length;
  if (extra > 0) {
    leftovers.sort((a, b) => {
      if (a.score !== b.score) return b.score - a.score;
      const d = availability(b) - availability(a);
      if (d !== 0) return d;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    picked.push(...leftovers.slice(0, extra));
  }
  if (!explain) return { clusters: picked };
  const chosenNames = new Set(chosen.map((g) => g.name));
  const groups: SpreadGroup[] = infos
    .map((g) => ({
      name: g.name,
      score: g.weight,
      clusters: (members.get(g.name) ?? []).map((c) => c.name),
      availableReplicas: g.available,
      selected: chosenNames.has(g.name),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    clusters: picked,
    explanation: {
      constraints: clusterConstraint === undefined ? [constraint] : [constraint, clusterConstraint],
      groupBy: keyName(key),
      groups,
      message: `selected ${keyName(key)} group(s) ${chosen.map((g) => g.name).join(', ')} and ${picked.length} cluster(s) in them`,
    },
  };
}

/** Selects the clusters to assign replicas to. Throws SchedulingError when constraints cannot be met. */
export function selectClusters(input: SelectionInput): SelectionOutput {
  const sorted = [...input.clusters].sort(byScoreThenName);
  const constraints = input.placement.spreadConstraints ?? [];
  if (constraints.length === 0) return { clusters: sorted };
  const explain = input.explain !== false;
  if (ignoresSpreadConstraints(input.placement)) {
    if (!explain) return { clusters: sorted };
    return {
      clusters: sorted,
      explanation: { constraints: [...constraints], message: 'spread constraints are ignored with static weights; all feasible clusters kept' },
    };
  }
  const need = ignoresAvailableResource(input.placement) ? -1 : input.replicas;
  const clusterConstraint = constraints.find((s) => s.spreadByField === 'cluster');
  const group = groupConstraint(constraints);
  if (group !== undefined) {
    return selectByGroup(group.key, group.constraint, clusterConstraint, sorted, need, input.availability, explain);
  }
  if (clusterConstraint !== undefined) return selectByCluster(clusterConstraint, sorted, need, input.availability, explain);
  throw new SchedulingError('just support cluster, region, zone, provider and label spread constraint');
}
