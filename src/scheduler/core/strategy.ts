/**
 * Which replica assignment strategy a placement asks for, with the webhook defaults applied
 * (a nil replicaScheduling is Duplicated; Divided without a preference is Weighted).
 */
import type { Placement } from '../../api/policy/placement.js';

export type AssignmentStrategy = 'Duplicated' | 'StaticWeight' | 'DynamicWeight' | 'Aggregated';

/** The strategy for `placement`. */
export function strategyOf(placement: Placement | undefined): AssignmentStrategy {
  const rs = placement?.replicaScheduling;
  if (rs === undefined) return 'Duplicated';
  if ((rs.replicaSchedulingType ?? 'Divided') === 'Duplicated') return 'Duplicated';
  if ((rs.replicaDivisionPreference ?? 'Weighted') === 'Aggregated') return 'Aggregated';
  return rs.weightPreference?.dynamicWeight ? 'DynamicWeight' : 'StaticWeight';
}

/** Static-weight division ignores spread constraints (Karmada's shouldIgnoreSpreadConstraint). */
export function ignoresSpreadConstraints(placement: Placement | undefined): boolean {
  const rs = placement?.replicaScheduling;
  if (rs === undefined) return false;
  if ((rs.replicaSchedulingType ?? 'Divided') !== 'Divided') return false;
  if ((rs.replicaDivisionPreference ?? 'Weighted') !== 'Weighted') return false;
  const wp = rs.weightPreference;
  return wp === undefined || ((wp.staticWeightList?.length ?? 0) > 0 && !wp.dynamicWeight);
}

/** Duplicated placements ignore cluster capacity when selecting clusters. */
export function ignoresAvailableResource(placement: Placement | undefined): boolean {
  return strategyOf(placement) === 'Duplicated';
}
