/**
 * A replica's resource request in the integer units the estimators compare
 * (milli-CPU for `cpu`, rounded-up base units for every other resource).
 */
import type { ReplicaRequirements } from '../../api/work/resource-binding.js';
import { resourceAmount } from '../util/quantity.js';

/** One requested resource with a positive amount. */
export interface RequestedResource {
  readonly name: string;
  readonly amount: number;
}

/** The positive entries of `replicaRequirements.resourceRequest` (zero/negative requests are ignored, as Karmada). */
export type ParsedRequest = readonly RequestedResource[];

/** Parses a binding's per-replica request. Unparseable quantities count as not requested. */
export function parseResourceRequest(requirements: ReplicaRequirements | undefined): ParsedRequest {
  const list = requirements?.resourceRequest;
  if (list === undefined) return [];
  const out: RequestedResource[] = [];
  for (const name of Object.keys(list).sort()) {
    const q = list[name];
    if (q === undefined) continue;
    let amount: number;
    try {
      amount = resourceAmount(name, q);
    } catch {
      continue;
    }
    if (amount > 0) out.push({ name, amount });
  }
  return out;
}
