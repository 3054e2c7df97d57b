/**
 * Choosing the policy that claims a template (`pkg/detector/policy.go` getHighestPriority*):
 * highest explicit `priority` first, then the best implicit priority (name match over label
 * match over kind match), then the alphabetically first name. Policies being deleted never win.
 */
import type { ClusterPropagationPolicy, PropagationPolicy } from '../../api/policy/propagation-policy.js';
import { PRIORITY_MISMATCH, selectorsPriority, type SelectableObject } from '../shared/resource-selector.js';

/** Either propagation policy kind. */
export type AnyPropagationPolicy = PropagationPolicy | ClusterPropagationPolicy;

/** The policy's explicit priority (default 0). */
export function explicitPriority(policy: AnyPropagationPolicy): number {
  return policy.spec.priority ?? 0;
}

/** The policy that claims resource among policies, or undefined when none matches. */
export function highestPriorityPolicy<P extends AnyPropagationPolicy>(policies: readonly P[], resource: SelectableObject): P | undefined {
  let best: P | undefined;
  let bestExplicit = Number.NEGATIVE_INFINITY;
  let bestImplicit: number = PRIORITY_MISMATCH;
  for (const policy of policies) {
    if (policy.metadata.deletionTimestamp !== undefined) continue;
    const implicit = selectorsPriority(resource, policy.spec.resourceSelectors);
    if (implicit <= PRIORITY_MISMATCH) continue;
    const explicit = explicitPriority(policy);
    const name = policy.metadata.name ?? '';
    if (
      best === undefined ||
      explicit > bestExplicit ||
      (explicit === bestExplicit && (implicit > bestImplicit || (implicit === bestImplicit && name < (best.metadata.name ?? ''))))
    ) {
      best = policy;
      bestExplicit = explicit;
      bestImplicit = implicit;
    }
  }
  return best;
}

/** Who currently claims a template. */
export type ClaimOwner = { readonly kind: 'PropagationPolicy'; readonly priority: number } | { readonly kind: 'ClusterPropagationPolicy'; readonly priority: number };

/**
 * Whether `preemptor` (with `preemption: Always`) may take a template from its current claimer
 * (`pkg/detector/preemption.go`): a PropagationPolicy preempts any ClusterPropagationPolicy and
 * lower-priority PropagationPolicies; a ClusterPropagationPolicy preempts only lower-priority
 * ClusterPropagationPolicies.
 */
export function canPreempt(preemptor: { readonly kind: 'PropagationPolicy' | 'ClusterPropagationPolicy'; readonly priority: number }, claimer: ClaimOwner): boolean {
  if (preemptor.kind === 'PropagationPolicy') {
    return claimer.kind === 'ClusterPropagationPolicy' || preemptor.priority > claimer.priority;
  }
  return claimer.kind === 'ClusterPropagationPolicy' && preemptor.priority > claimer.priority;
}
