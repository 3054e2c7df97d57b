/**
 * A Cluster's free capacity parsed once from `status.resourceSummary` and `spec.resourceModels`.
 * Cached per Cluster object: the scheduler treats Cluster objects as immutable snapshots
 * (a status update produces a new object), so the cache never goes stale.
 */
import type { Cluster, ResourceSummary } from '../../api/cluster/cluster.js';
import type { ResourceList } from '../../api/policy/kube-core.js';
import { resourceAmount } from '../util/quantity.js';

/** Resource-model grades in ascending grade order with the node count in each. */
export interface ParsedModels {
  /** resource name → minimum of the range in each grade (index = position in `counts`). */
  readonly minByResource: ReadonlyMap<string, readonly number[]>;
  /** Number of nodes whose free resources fall in each grade. */
  readonly counts: readonly number[];
}

/** Free capacity of one cluster, before reservations. */
export interface ClusterCapacity {
  /** False when the cluster reports no resource summary (it then takes no replicas). */
  readonly hasSummary: boolean;
  /** allocatable - allocated - allocating pods (may be <= 0). */
  readonly pods: number;
  /** allocatable - allocated - allocating per resource listed in `allocatable`. */
  readonly available: ReadonlyMap<string, number>;
  /** Present when resource models and allocatable modelings are both reported. */
  readonly models?: ParsedModels;
}

const cache = new WeakMap<Cluster, ClusterCapacity>();

function amount(list: ResourceList | undefined, name: string): number {
  const q = list?.[name];
  if (q === undefined) return 0;
  try {
    return resourceAmount(name, q);
  } catch {
    return 0;
  }
}

function parseModels(cluster: Cluster, summary: ResourceSummary): ParsedModels | undefined {
  const models = cluster.spec.resourceModels;
  const modelings = summary.allocatableModelings;
  if (models === undefined || models.length === 0 || modelings === undefined || modelings.length === 0) return undefined;
  const sorted = [...models].sort((a, b) => a.grade - b.grade);
  const countByGrade = new Map<number, number>();
  for (const m of modelings) countByGrade.set(m.grade, m.count);
  const minByResource = new Map<string, number[]>();
  sorted.forEach((model, index) => {
    for (const range of model.ranges) {
      let list = minByResource.get(range.name);
      if (list === undefined) {
        // A resource missing from some grade gets 0 there (never enough for a positive request).
        list = new Array<number>(sorted.length).fill(0);
        minByResource.set(range.name, list);
      }
      list[index] = amount({ [range.name]: range.min }, range.name);
    }
  });
  return { minByResource, counts: sorted.map((m) => countByGrade.get(m.grade) ?? 0) };
}

/** Parses (or returns the cached) free capacity of `cluster`. */
export function clusterCapacity(cluster: Cluster): ClusterCapacity {
  const hit = cache.get(cluster);
  if (hit !== undefined) return hit;
  const summary = cluster.status?.resourceSummary;
  let capacity: ClusterCapacity;
  if (summary === undefined) {
    capacity = { hasSummary: false, pods: 0, available: new Map() };
  } else {
    const available = new Map<string, number>();
    for (const name of Object.keys(summary.allocatable ?? {})) {
      available.set(name, amount(summary.allocatable, name) - amount(summary.allocated, name) - amount(summary.allocating, name));
    }
    const pods = amount(summary.allocatable, 'pods') - amount(summary.allocated, 'pods') - amount(summary.allocating, 'pods');
    const models = parseModels(cluster, summary);
    capacity = models === undefined ? { hasSummary: true, pods, available } : { hasSummary: true, pods, available, models };
  }
  cache.set(cluster, capacity);
  return capacity;
}
