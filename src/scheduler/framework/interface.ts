/**
 * Scheduler plugin contracts: filter plugins decide whether a cluster fits a binding,
 * score plugins rank the clusters that fit (0..100 each, summed over plugins).
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Placement } from '../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../api/work/resource-binding.js';
import type { Result } from './result.js';

/** Lowest and highest score a score plugin may give after normalisation. */
export const MIN_CLUSTER_SCORE = 0;
export const MAX_CLUSTER_SCORE = 100;

/** Every plugin has a unique name (used in `--plugins` and in explanations). */
export interface Plugin {
  readonly name: string;
}

/**
 * A filter plugin. `placement` is the binding's placement; `bindingStatus` carries the
 * affinity term currently being tried (`schedulerObservingAffinityName`).
 */
export interface FilterPlugin extends Plugin {
  filter(
    placement: Placement,
    bindingSpec: ResourceBindingSpec,
    bindingStatus: ResourceBindingStatus,
    cluster: Cluster,
  ): Result;
}

/** One cluster's score from one plugin, as passed to `normalize`. */
export interface ClusterScore {
  readonly cluster: Cluster;
  score: number;
}

/** A score plugin. `normalize`, when present, may rewrite the scores in place to land in 0..100. */
export interface ScorePlugin extends Plugin {
  score(placement: Placement, bindingSpec: ResourceBindingSpec, cluster: Cluster): number;
  normalize?(scores: ClusterScore[]): void;
}

/** Type guard: the plugin implements filter. */
export function isFilterPlugin(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === 'function';
}

/** Type guard: the plugin implements score. */
export function isScorePlugin(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === 'function';
}
