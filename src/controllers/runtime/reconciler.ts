/** What a controller does with one key. */

/** Ask for the key to be processed again: after a delay, or (requeue) with rate-limited backoff. */
export interface ReconcileResult {
  /** Requeue with the rate limiter's backoff (counts as a retry). */
  readonly requeue?: boolean;
  /** Requeue after this many milliseconds (backoff reset); wins over `requeue`. */
  readonly requeueAfterMs?: number;
}

/**
 * Reconciles the object named by key (`namespace/name` or `name`) toward its desired state.
 * Must be idempotent. Throwing requeues the key with backoff. The signal aborts when the
 * controller stops (or the reconcile times out).
 */
export interface Reconciler {
  reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult | void>;
}

/** A reconciler from a function. */
export function reconcilerFunc(fn: (key: string, signal: AbortSignal) => Promise<ReconcileResult | void>): Reconciler {
  return { reconcile: fn };
}

/** Done: forget the key's backoff. */
export const DONE: ReconcileResult = Object.freeze({});

/** Process the key again after ms. */
export function requeueAfter(ms: number): ReconcileResult {
  return { requeueAfterMs: ms };
}
