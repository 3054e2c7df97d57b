/**
 * The outcome of one plugin on one cluster. Plugins return results; they never throw for an unfit cluster.
 */

/** Success: the cluster fits. Unschedulable: it does not, for the given reasons. Error: the plugin failed. */
export type ResultCode = 'Success' | 'Unschedulable' | 'Error';

/** A plugin result with human-readable reasons (Karmada's wording where Karmada has one). */
export interface Result {
  readonly code: ResultCode;
  readonly reasons: readonly string[];
}

const SUCCESS: Result = Object.freeze({ code: 'Success', reasons: Object.freeze([]) as readonly string[] });

/** The shared success result. */
export function success(): Result {
  return SUCCESS;
}

/** Single-reason results by reason: filters reject clusters × bindings times with a handful of messages. */
const shared = new Map<string, Result>();
const SHARED_LIMIT = 1024;

/** The cluster does not fit. Single-reason results are shared (frozen), so rejecting allocates nothing. */
export function unschedulable(...reasons: string[]): Result {
  if (reasons.length !== 1) return { code: 'Unschedulable', reasons };
  const reason = reasons[0] ?? '';
  let result = shared.get(reason);
  if (result === undefined) {
    result = Object.freeze({ code: 'Unschedulable', reasons: Object.freeze(reasons) as readonly string[] });
    if (shared.size >= SHARED_LIMIT) shared.clear();
    shared.set(reason, result);
  }
  return result;
}

/** The plugin could not decide (bad input, internal failure). */
export function errorResult(...reasons: string[]): Result {
  return { code: 'Error', reasons };
}

/** True for a Success result. */
export function isSuccess(result: Result): boolean {
  return result.code === 'Success';
}
