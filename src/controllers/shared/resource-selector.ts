/**
 * Matching of resource templates against policy `resourceSelectors`, with Karmada's implicit
 * priority (`pkg/util/selector.go`): a name match beats a label-selector match, which beats a
 * kind-only match.
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceSelector } from '../../api/policy/propagation-policy.js';
import { matchLabelSelector } from '../../scheduler/util/selector.js';

/** How well a selector matches; 0 means no match. */
export const PRIORITY_MISMATCH = 0;
export const PRIORITY_MATCH_ALL = 1;
export const PRIORITY_MATCH_LABEL_SELECTOR = 2;
export const PRIORITY_MATCH_NAME = 3;

/** One of the PRIORITY_* values. */
export type ImplicitPriority = 0 | 1 | 2 | 3;

/** The object fields a selector looks at. */
export type SelectableObject = Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>;

/** How `selector` matches `resource` (0 when it does not). */
export function selectorPriority(resource: SelectableObject, selector: ResourceSelector): ImplicitPriority {
  if (resource.apiVersion !== selector.apiVersion || resource.kind !== selector.kind) return PRIORITY_MISMATCH;
  if (selector.namespace !== undefined && selector.namespace !== '' && (resource.metadata.namespace ?? '') !== selector.namespace) {
    return PRIORITY_MISMATCH;
  }
  // A name wins over a label selector: the selector is not even consulted.
  if (selector.name !== undefined && selector.name !== '') {
    return selector.name === resource.metadata.name ? PRIORITY_MATCH_NAME : PRIORITY_MISMATCH;
  }
  if (selector.labelSelector === undefined || selector.labelSelector === null) return PRIORITY_MATCH_ALL;
  return matchLabelSelector(selector.labelSelector, resource.metadata.labels) ? PRIORITY_MATCH_LABEL_SELECTOR : PRIORITY_MISMATCH;
}

/** The best priority among the selectors (0 when none matches). */
export function selectorsPriority(resource: SelectableObject, selectors: readonly ResourceSelector[] | undefined): ImplicitPriority {
  let best: ImplicitPriority = PRIORITY_MISMATCH;
  for (const selector of selectors ?? []) {
    const p = selectorPriority(resource, selector);
    if (p > best) best = p;
  }
  return best;
}

/** True when any selector matches. */
export function matchesSelectors(resource: SelectableObject, selectors: readonly ResourceSelector[] | undefined): boolean {
  return selectorsPriority(resource, selectors) > PRIORITY_MISMATCH;
}
