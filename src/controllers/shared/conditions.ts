/**
 * `meta.SetStatusCondition` / `FindStatusCondition` for `metav1.Condition` lists.
 */
import type { Condition } from '../../api/policy/kube-core.js';

/** RFC 3339 without fractional seconds, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The condition of this type, if any. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** True when the condition of this type is present with status True. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * A new list with `condition` set: lastTransitionTime changes only when the status changes
 * (or is `nowMs` when the condition is new); reason, message and observedGeneration are updated.
 */
export function setCondition(conditions: readonly Condition[] | undefined, condition: Condition, nowMs: number): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === condition.type);
  const existing = index < 0 ? undefined : list[index];
  const next: Condition = {
    ...condition,
    lastTransitionTime:
      existing !== undefined && existing.status === condition.status && existing.lastTransitionTime !== undefined
        ? existing.lastTransitionTime
        : (condition.lastTransitionTime ?? rfc3339(nowMs)),
  };
  if (index < 0) list.push(next);
  else list[index] = next;
  return list;
}
