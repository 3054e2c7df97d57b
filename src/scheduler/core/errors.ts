/**
 * Scheduling failures, mapped to the `Scheduled` condition reasons Karmada uses:
 * FitError → NoClusterFit, UnschedulableError → Unschedulable, anything else → SchedulerError.
 */

/** Why one cluster was rejected: the plugin and its reasons. */
export interface ClusterRejection {
  readonly plugin: string;
  readonly reasons: readonly string[];
}

/** No cluster passed the filters. The message counts reasons like Karmada's FitError. */
export class FitError extends Error {
  constructor(
    readonly numAllClusters: number,
    readonly diagnosis: ReadonlyMap<string, ClusterRejection>,
  ) {
    super(fitErrorMessage(numAllClusters, diagnosis));
    this.name = 'FitError';
  }
}

/** `0/N clusters are available: <count> <reason>, ...` (reasons histogram sorted as strings). */
export function fitErrorMessage(numAllClusters: number, diagnosis: ReadonlyMap<string, ClusterRejection>): string {
  if (numAllClusters === 0 || diagnosis.size === 0) return `0/${numAllClusters} clusters are available: no cluster exists.`;
  const counts = new Map<string, number>();
  for (const rejection of diagnosis.values()) {
    for (const reason of rejection.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${numAllClusters} clusters are available: ${parts.join(', ')}.`;
}

/** Clusters fit but cannot take the replicas (e.g. not enough capacity). */
export class UnschedulableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnschedulableError';
  }
}

/** Any other failure (spread constraints unsatisfiable, bad strategy, plugin error). */
export class SchedulingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulingError';
  }
}
