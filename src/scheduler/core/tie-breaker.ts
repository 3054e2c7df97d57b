/**
 * The per-binding Webster tie-break: fewer seats first, then cluster name, with the name order
 * flipped for half of the bindings (by the parity of an FNV-1a hash of the binding UID) so that
 * remainders of equal-weight divisions do not always land on the alphabetically first cluster.
 */
import { fnv1a32 } from '../util/fnv.js';
import type { TieBreaker } from './webster.js';

/** True when bindings with this UID break name ties in descending order (odd hash). */
export function namesDescendingFor(uid: string | undefined): boolean {
  return uid !== undefined && uid !== '' && fnv1a32(uid) % 2 === 1;
}

/** The tie-breaker used for every replica division of the binding with `uid`. */
export function bindingTieBreaker(uid: string | undefined): TieBreaker {
  const descending = namesDescendingFor(uid);
  return (a, b) => {
    if (a.seats !== b.seats) return a.seats < b.seats;
    return descending ? a.name > b.name : a.name < b.name;
  };
}
