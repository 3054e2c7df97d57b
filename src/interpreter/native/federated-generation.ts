/**
 * Karmada's generation tracking across members (`default/native/status_type.go`): each member's
 * reflected status carries its own `generation` and the template generation it was built from
 * (annotation `resourcetemplate.karmada.io/generation`), so that the template's
 * `observedGeneration` is set only once every member has caught up.
 */
import type { KubeObject } from '../../api/object.js';
import type { AggregatedStatusItem } from '../types.js';
import { getNumber } from '../kube/json-path.js';

/** Annotation Karmada writes on member objects: the template generation they were rendered from. */
export const RESOURCE_TEMPLATE_GENERATION_ANNOTATION = 'resourcetemplate.karmada.io/generation';

/** `generation` and `resourceTemplateGeneration` of a member object, zeros left out (Go's omitempty). */
export function federatedGeneration(object: KubeObject): Record<string, number> {
  const result: Record<string, number> = {};
  const generation = object.metadata.generation;
  if (typeof generation === 'number' && generation !== 0) result['generation'] = generation;
  const annotated = Number.parseInt(object.metadata.annotations?.[RESOURCE_TEMPLATE_GENERATION_ANNOTATION] ?? '', 10);
  if (Number.isFinite(annotated) && annotated !== 0) result['resourceTemplateGeneration'] = annotated;
  return result;
}

/**
 * The template's new `status.observedGeneration`: its `metadata.generation` when every member
 * reported a status that observed its own latest spec and was rendered from that template
 * generation; otherwise the value it already had.
 */
export function aggregatedObservedGeneration(template: KubeObject, items: readonly AggregatedStatusItem[]): number {
  const generation = template.metadata.generation ?? 0;
  const caughtUp = items.filter((item) => {
    if (item.status === undefined || item.status === null) return false;
    const memberGeneration = getNumber(item.status, 'generation') ?? 0;
    const memberObserved = getNumber(item.status, 'observedGeneration') ?? 0;
    const templateGeneration = getNumber(item.status, 'resourceTemplateGeneration') ?? 0;
    return memberGeneration === memberObserved && templateGeneration === generation;
  }).length;
  if (caughtUp === items.length) return generation;
  return getNumber(template, 'status', 'observedGeneration') ?? 0;
}
