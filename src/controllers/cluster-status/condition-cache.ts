/**
 * Karmada's `clusterConditionStore`: a flip of the Ready condition between True and not-True
 * is held back until the observed state has lasted the success (or failure) threshold, so a
 * short network blip does not flap the cluster.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import { ClusterConditionReady } from '../../api/cluster/cluster.js';
import type { Condition } from '../../api/policy/kube-core.js';
import { findCondition } from './conditions.js';

interface ClusterData {
  readonly status: Condition['status'];
  readonly thresholdStartMs: number;
}

export class ClusterConditionCache {
  private readonly data = new Map<string, ClusterData>();

  constructor(
    private readonly successThresholdMs: number,
    private readonly failureThresholdMs: number,
  ) {}

  /** The Ready condition to report given what was just observed. */
  thresholdAdjustedReadyCondition(cluster: Cluster, observed: Condition, nowMs: number): Condition {
    const name = cluster.metadata.name ?? '';
    let saved = this.data.get(name);
    if (saved === undefined) {
      // The cluster just joined (or this process just started): report what we see.
      this.data.set(name, { status: observed.status, thresholdStartMs: 0 });
      return observed;
    }
    const current = findCondition(cluster.status?.conditions, ClusterConditionReady);
    if (current === undefined) {
      return observed;
    }
    if (saved.status !== observed.status) {
      saved = { status: observed.status, thresholdStartMs: nowMs };
      this.data.set(name, saved);
    }
    const threshold = observed.status === 'True' ? this.successThresholdMs : this.failureThresholdMs;
    // Only True <-> not-True flips wait; Unknown -> False passes at once.
    const flipping = (observed.status === 'True') !== (current.status === 'True');
    if (flipping && nowMs < saved.thresholdStartMs + threshold) {
      return current;
    }
    return observed;
  }

  delete(name: string): void {
    this.data.delete(name);
  }
}
