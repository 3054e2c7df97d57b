import { isConflict, isNotFound } from '../../client/api-error.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';

/**
 * The shape every simulator controller shares: an object gone from the cache is forgotten; a
 * write conflict is retried; an object deleted meanwhile is done; anything else fails the key.
 */
export async function reconcileCached<T>(object: T | undefined, onGone: () => void, sync: (object: T) => Promise<ReconcileResult | void>): Promise<ReconcileResult | void> {
  if (object === undefined) {
    onGone();
    return;
  }
  try {
    return await sync(object);
  } catch (err) {
    if (isConflict(err)) {
      return { requeue: true };
    }
    if (isNotFound(err)) {
      return;
    }
    throw err;
  }
}
