/**
 * Small read-only helpers over a ResourceBinding spec/status used by plugins and the core.
 */
import type { ResourceBindingSpec, TargetCluster } from '../../api/work/resource-binding.js';

/** True when the binding's current schedule result (`spec.clusters`) names `cluster`. */
export function targetContains(spec: ResourceBindingSpec, cluster: string): boolean {
  const clusters = spec.clusters;
  if (clusters === undefined) return false;
  for (const tc of clusters) if (tc.name === cluster) return true;
  return false;
}

/** Replicas currently assigned to `cluster` in `spec.clusters` (0 when absent). */
export function assignedReplicasFor(spec: ResourceBindingSpec, cluster: string): number {
  const clusters = spec.clusters;
  if (clusters === undefined) return 0;
  for (const tc of clusters) if (tc.name === cluster) return tc.replicas ?? 0;
  return 0;
}

/** True when a graceful eviction task is moving the workload away from `cluster`. */
export function inGracefulEviction(spec: ResourceBindingSpec, cluster: string): boolean {
  const tasks = spec.gracefulEvictionTasks;
  if (tasks === undefined) return false;
  for (const t of tasks) if (t.fromCluster === cluster) return true;
  return false;
}

/** Sum of replicas over target clusters. */
export function sumReplicas(clusters: readonly TargetCluster[]): number {
  let sum = 0;
  for (const tc of clusters) sum += tc.replicas ?? 0;
  return sum;
}

/**
 * True when `rescheduleTriggeredAt` asks for a fresh reschedule: it is set and newer than
 * `lastScheduledTime` (or nothing was scheduled yet). Unparseable times never trigger.
 */
export function rescheduleRequired(rescheduleTriggeredAt: string | undefined, lastScheduledTime: string | undefined): boolean {
  if (rescheduleTriggeredAt === undefined || rescheduleTriggeredAt === '') return false;
  const triggered = Date.parse(rescheduleTriggeredAt);
  if (Number.isNaN(triggered)) return false;
  if (lastScheduledTime === undefined || lastScheduledTime === '') return true;
  const last = Date.parse(lastScheduledTime);
  if (Number.isNaN(last)) return true;
  return triggered > last;
}
