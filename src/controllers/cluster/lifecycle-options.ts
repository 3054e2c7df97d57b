/**
 * Timing knobs of the cluster lifecycle, with Karmada's flag names and defaults
 * (karmada-controller-manager and karmada-agent), plus a commander helper to expose them.
 */
import type { Command } from 'commander';

export interface ClusterLifecycleOptions {
  /** `--cluster-status-update-frequency` (10 s). */
  readonly clusterStatusUpdateFrequencyMs: number;
  /** `--cluster-success-threshold` (30 s). */
  readonly clusterSuccessThresholdMs: number;
  /** `--cluster-failure-threshold` (30 s). */
  readonly clusterFailureThresholdMs: number;
  /** `--cluster-monitor-period` (5 s). */
  readonly clusterMonitorPeriodMs: number;
  /** `--cluster-monitor-grace-period` (40 s). */
  readonly clusterMonitorGracePeriodMs: number;
  /** `--cluster-startup-grace-period` (60 s). */
  readonly clusterStartupGracePeriodMs: number;
  /** `--cluster-lease-duration` (40 s), used by the agent's heartbeat Lease. */
  readonly clusterLeaseDurationMs: number;
  /** `--cluster-lease-renew-interval-fraction` (0.25). */
  readonly clusterLeaseRenewIntervalFraction: number;
  /** `--cleanup-check-interval` (10 s): how often cluster deletion re-checks its cleanup. */
  readonly cleanupCheckIntervalMs: number;
  /** `--enable-cluster-resource-modeling` (true). */
  readonly enableClusterResourceModeling: boolean;
  /** `--concurrent-cluster-syncs` (5). */
  readonly concurrentClusterSyncs: number;
}

export const DEFAULT_CLUSTER_LIFECYCLE_OPTIONS: ClusterLifecycleOptions = Object.freeze({
  clusterStatusUpdateFrequencyMs: 10_000,
  clusterSuccessThresholdMs: 30_000,
  clusterFailureThresholdMs: 30_000,
  clusterMonitorPeriodMs: 5_000,
  clusterMonitorGracePeriodMs: 40_000,
  clusterStartupGracePeriodMs: 60_000,
  clusterLeaseDurationMs: 40_000,
  clusterLeaseRenewIntervalFraction: 0.25,
  cleanupCheckIntervalMs: 10_000,
  enableClusterResourceModeling: true,
  concurrentClusterSyncs: 5,
});

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration ("10s", "1m30s", "500ms", "0") into milliseconds; throws on anything else. */
export function parseGoDurationMs(text: string): number {
  if (text === '0') {
    return 0;
  }
  if (!/^((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(text)) {
    throw new Error(`invalid duration "${text}"`);
  }
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
  }
  return total;
}

/** Raw flag values as commander collects them (camel-cased flag names). */
export interface ClusterLifecycleFlagValues {
  readonly clusterStatusUpdateFrequency?: string;
  readonly clusterSuccessThreshold?: string;
  readonly clusterFailureThreshold?: string;
  readonly clusterMonitorPeriod?: string;
  readonly clusterMonitorGracePeriod?: string;
  readonly clusterStartupGracePeriod?: string;
  readonly clusterLeaseDuration?: string;
  readonly clusterLeaseRenewIntervalFraction?: string;
  readonly cleanupCheckInterval?: string;
  readonly enableClusterResourceModeling?: string;
  readonly concurrentClusterSyncs?: string;
}

/** Adds the cluster lifecycle flags to a command (`karmada up`, `controller-manager`, `agent`). */
export function addClusterLifecycleFlags(command: Command): Command {
  return command
    .option('--cluster-status-update-frequency <duration>', 'how often the cluster status is computed and reported (e.g. 10s)')
    .option('--cluster-success-threshold <duration>', 'how long a cluster must be healthy again before it is reported Ready (e.g. 30s)')
    .option('--cluster-failure-threshold <duration>', 'how long a cluster must be failing before it is reported not Ready (e.g. 30s)')
    .option('--cluster-monitor-period <duration>', 'how often the cluster controller checks pull clusters\' heartbeats (e.g. 5s)')
    .option('--cluster-monitor-grace-period <duration>', 'how long a pull cluster may go without a heartbeat before it is Unknown (e.g. 40s)')
    .option('--cluster-startup-grace-period <duration>', 'grace period for a cluster that never reported status (e.g. 60s)')
    .option('--cluster-lease-duration <duration>', 'heartbeat Lease duration of pull clusters (e.g. 40s)')
    .option('--cluster-lease-renew-interval-fraction <fraction>', 'fraction of the lease duration between heartbeats (e.g. 0.25)')
    .option('--cleanup-check-interval <duration>', 'how often a deleted cluster re-checks its cleanup (e.g. 10s)')
    .option('--enable-cluster-resource-modeling <bool>', 'collect node and resource summaries and resource models (true|false)')
    .option('--concurrent-cluster-syncs <n>', 'clusters synced concurrently');
}

/** Options from flag values, defaults for the rest. Throws on malformed values. */
export function clusterLifecycleOptionsFromFlags(flags: ClusterLifecycleFlagValues): ClusterLifecycleOptions {
  const d = DEFAULT_CLUSTER_LIFECYCLE_OPTIONS;
  const dur = (v: string | undefined, fallback: number): number => (v === undefined ? fallback : parseGoDurationMs(v));
  const num = (v: string | undefined, fallback: number, what: string): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`invalid ${what} "${v}"`);
    return n;
  };
  return {
    clusterStatusUpdateFrequencyMs: dur(flags.clusterStatusUpdateFrequency, d.clusterStatusUpdateFrequencyMs),
    clusterSuccessThresholdMs: dur(flags.clusterSuccessThreshold, d.clusterSuccessThresholdMs),
    clusterFailureThresholdMs: dur(flags.clusterFailureThreshold, d.clusterFailureThresholdMs),
    clusterMonitorPeriodMs: dur(flags.clusterMonitorPeriod, d.clusterMonitorPeriodMs),
    clusterMonitorGracePeriodMs: dur(flags.clusterMonitorGracePeriod, d.clusterMonitorGracePeriodMs),
    clusterStartupGracePeriodMs: dur(flags.clusterStartupGracePeriod, d.clusterStartupGracePeriodMs),
    clusterLeaseDurationMs: dur(flags.clusterLeaseDuration, d.clusterLeaseDurationMs),
    clusterLeaseRenewIntervalFraction: num(flags.clusterLeaseRenewIntervalFraction, d.clusterLeaseRenewIntervalFraction, 'lease renew interval fraction'),
    cleanupCheckIntervalMs: dur(flags.cleanupCheckInterval, d.cleanupCheckIntervalMs),
    enableClusterResourceModeling: flags.enableClusterResourceModeling === undefined ? d.enableClusterResourceModeling : flags.enableClusterResourceModeling !== 'false',
    concurrentClusterSyncs: Math.floor(num(flags.concurrentClusterSyncs, d.concurrentClusterSyncs, 'concurrent cluster syncs')),
  };
}
