/** `metav1.Condition` list helpers with `meta.SetStatusCondition` semantics. */
import type { Condition } from '../../api/policy/kube-core.js';
import { rfc3339 } from '../cluster/taints.js';

/** The condition of that type, if any. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** A condition without a transition time (`util.NewCondition`): set it with setStatusCondition. */
export function newCondition(type: string, reason: string, message: string, status: Condition['status']): Condition {
  return { type, status, reason, message };
}

/**
 * `meta.SetStatusCondition` on a copy: adds the condition or updates the one of its type;
 * lastTransitionTime moves (to the new condition's, else now) only when the status changes.
 */
export function setStatusCondition(conditions: readonly Condition[] | undefined, condition: Condition, nowMs: number): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === condition.type);
  const existing = index < 0 ? undefined : list[index];
  if (existing === undefined) {
    list.push({ ...condition, lastTransitionTime: condition.lastTransitionTime ?? rfc3339(nowMs) });
    return list;
  }
  const next: Condition = { ...existing };
  if (existing.status !== condition.status) {
    next.status = condition.status;
    next.lastTransitionTime = condition.lastTransitionTime ?? rfc3339(nowMs);
  }
  setOptional(next, 'reason', condition.reason);
  setOptional(next, 'message', condition.message);
  setOptional(next, 'observedGeneration', condition.observedGeneration);
  list[index] = next;
  return list;
}

function setOptional<K extends 'reason' | 'message' | 'observedGeneration'>(target: Condition, key: K, value: Condition[K]): void {
  if (value === undefined) {
    delete target[key];
  } else {
    target[key] = value;
  }
}
