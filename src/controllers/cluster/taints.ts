/**
 * Cluster taint bookkeeping as Karmada's cluster controller does it
 * (`taintClusterByCondition`, `helper.SetCurrentClusterTaints`): NoSchedule `not-ready` /
 * `unreachable` taints follow the Ready condition; added taints get `timeAdded`.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import { ClusterConditionReady, TaintClusterNotReady, TaintClusterUnreachable, TaintClusterUnschedulable } from '../../api/cluster/cluster.js';
import type { Taint } from '../../api/policy/kube-core.js';

/** A taint to match: key and effect (value and timeAdded are not compared, as `Taint.MatchTaint`). */
export interface TaintTemplate {
  readonly key: string;
  readonly effect: Taint['effect'];
  readonly value?: string;
}

export const NOT_READY_TAINT: TaintTemplate = Object.freeze({ key: TaintClusterNotReady, effect: 'NoSchedule' });
export const UNREACHABLE_TAINT: TaintTemplate = Object.freeze({ key: TaintClusterUnreachable, effect: 'NoSchedule' });
/** The cordon taint (`karmadactl cordon`). */
export const UNSCHEDULABLE_TAINT: TaintTemplate = Object.freeze({ key: TaintClusterUnschedulable, effect: 'NoSchedule' });

/** `Taint.MatchTaint`: same key and effect. */
export function matchTaint(a: TaintTemplate, b: TaintTemplate): boolean {
  return a.key === b.key && a.effect === b.effect;
}

function exists(taints: readonly TaintTemplate[], wanted: TaintTemplate): boolean {
  return taints.some((t) => matchTaint(t, wanted));
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `SetCurrentClusterTaints`: the taint list after adding toAdd (missing ones, stamped with
 * timeAdded) and removing toRemove. Returns the input array itself when nothing changes.
 */
export function setCurrentClusterTaints(
  taints: readonly Taint[],
  toAdd: readonly TaintTemplate[],
  toRemove: readonly TaintTemplate[],
  nowMs: number,
): readonly Taint[] {
  const adding = toAdd.filter((t) => !exists(taints, t));
  const removing = toRemove.filter((t) => exists(taints, t));
  if (adding.length === 0 && removing.length === 0) {
    return taints;
  }
  const kept = taints.filter((t) => !exists(removing, t));
  const added = adding.map((t): Taint => ({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect, timeAdded: rfc3339(nowMs) }));
  return [...kept, ...added];
}

/**
 * The taints a cluster should carry for its Ready condition: False -> not-ready, Unknown ->
 * unreachable, True -> neither, no condition yet -> not-ready (a newly added cluster).
 * Returns undefined when the current list is already right.
 */
export function taintsForReadyCondition(cluster: Cluster, nowMs: number): Taint[] | undefined {
  const current = cluster.spec.taints ?? [];
  const ready = cluster.status?.conditions?.find((c) => c.type === ClusterConditionReady);
  let next: readonly Taint[];
  switch (ready?.status) {
    case 'False':
      next = setCurrentClusterTaints(current, [NOT_READY_TAINT], [UNREACHABLE_TAINT], nowMs);
      break;
    case 'Unknown':
      next = setCurrentClusterTaints(current, [UNREACHABLE_TAINT], [NOT_READY_TAINT], nowMs);
      break;
    case 'True':
      next = setCurrentClusterTaints(current, [], [NOT_READY_TAINT, UNREACHABLE_TAINT], nowMs);
      break;
    default:
      next = setCurrentClusterTaints(current, [NOT_READY_TAINT], [], nowMs);
  }
  return next === current ? undefined : [...next];
}
