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

/** The cluster does not fit. */
export function unschedulable(...reasons: string[]): Result {
  return { code: 'Unschedulable', reasons };
}

/** The plugin could not decide (bad input, internal failure). */
export function errorResult(...reasons: string[]): Result {
  return { code: 'Error', reasons };
}

/** True for a Success result. */
export function isSuccess(result: Result): boolean {
  return result.code === 'Success';
}
