/**
 * The framework runtime: runs the enabled filter plugins (stopping at the first that rejects a
 * cluster, as Karmada does) and the score plugins (normalised, range-checked, summed).
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Placement } from '../../api/policy/placement.js';
import type { ResourceBindingSpec, ResourceBindingStatus } from '../../api/work/resource-binding.js';
import {
  isFilterPlugin,
  isScorePlugin,
  MAX_CLUSTER_SCORE,
  MIN_CLUSTER_SCORE,
  type ClusterScore,
  type FilterPlugin,
  type Plugin,
  type ScorePlugin,
} from './interface.js';
import { errorResult, success, type Result } from './result.js';

/** The verdict of the filter chain for one cluster; `plugin` names the plugin that rejected it. */
export interface FilterVerdict {
  readonly result: Result;
  readonly plugin?: string;
}

/** Scores of all feasible clusters: per plugin (same order as `clusters`) and summed. */
export interface ScoreTable {
  readonly byPlugin: ReadonlyMap<string, readonly number[]>;
  readonly totals: readonly number[];
}

/** Thrown when a score plugin returns a score outside 0..100 after normalisation. */
export class ScorePluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScorePluginError';
  }
}

const PASSED: FilterVerdict = Object.freeze({ result: success() });

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An instantiated set of plugins. */
export class Framework {
  readonly filterPlugins: readonly FilterPlugin[];
  readonly scorePlugins: readonly ScorePlugin[];
  private readonly verdicts = new Map<FilterPlugin, WeakMap<Result, FilterVerdict>>();

  constructor(plugins: readonly Plugin[]) {
    this.filterPlugins = plugins.filter(isFilterPlugin);
    this.scorePlugins = plugins.filter(isScorePlugin);
  }

  /** Runs the filter chain on one cluster. A plugin that throws yields an Error result. */
  runFilterPlugins(placement: Placement, spec: ResourceBindingSpec, status: ResourceBindingStatus, cluster: Cluster): FilterVerdict {
    for (const plugin of this.filterPlugins) {
      let result: Result;
      try {
        result = plugin.filter(placement, spec, status, cluster);
      } catch (err) {
        result = errorResult(`plugin ${plugin.name} failed: ${describe(err)}`);
      }
      if (result.code !== 'Success') return this.verdict(plugin, result);
    }
    return PASSED;
  }

  /** The verdict for a rejection, shared per plugin and (shared) result so that rejecting allocates nothing. */
  private verdict(plugin: FilterPlugin, result: Result): FilterVerdict {
    let byResult = this.verdicts.get(plugin);
    if (byResult === undefined) {
      byResult = new WeakMap();
      this.verdicts.set(plugin, byResult);
    }
    let v = byResult.get(result);
    if (v === undefined) {
      v = Object.freeze({ result, plugin: plugin.name });
      byResult.set(result, v);
    }
    return v;
  }

  /** Scores the feasible clusters with every score plugin. */
  runScorePlugins(placement: Placement, spec: ResourceBindingSpec, clusters: readonly Cluster[]): ScoreTable {
    const byPlugin = new Map<string, number[]>();
    const totals = new Array<number>(clusters.length).fill(0);
    for (const plugin of this.scorePlugins) {
      let scores: number[];
      if (plugin.normalize === undefined) {
        scores = clusters.map((cluster) => plugin.score(placement, spec, cluster));
      } else {
        const list: ClusterScore[] = clusters.map((cluster) => ({ cluster, score: plugin.score(placement, spec, cluster) }));
        plugin.normalize(list);
        scores = list.map((s) => s.score);
      }
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i] ?? 0;
        if (!(score >= MIN_CLUSTER_SCORE && score <= MAX_CLUSTER_SCORE)) {
          throw new ScorePluginError(
            `plugin ${plugin.name} returns an invalid score ${score} for cluster ${clusters[i]?.metadata.name ?? ''}, it should be in the range of [${MIN_CLUSTER_SCORE}, ${MAX_CLUSTER_SCORE}] after normalizing`,
          );
        }
        totals[i] = (totals[i] ?? 0) + score;
      }
      byPlugin.set(plugin.name, scores);
    }
    return { byPlugin, totals };
  }
}
