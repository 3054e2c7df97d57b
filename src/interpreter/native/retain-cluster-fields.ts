/**
 * The member-side metadata Karmada keeps on every kind before the interpreter's Retain runs
 * (`objectwatcher.retainClusterFields`, `util.RetainLabels/RetainAnnotations`): the member's
 * resourceVersion (for the update to be accepted), its finalizers, and the labels and
 * annotations member controllers added. A key the template itself sets wins; a key Karmada
 * propagated earlier (listed in the managed-keys annotation on the member object) but the
 * template no longer has is dropped rather than kept.
 */
import { copyJson } from '../kube/json-copy.js';
import type { KubeObject } from '../../api/object.js';

/** Annotation listing, comma-separated, the label keys Karmada propagated to the member object. */
export const MANAGED_LABELS_ANNOTATION = 'resourcetemplate.karmada.io/managed-labels';
/** Annotation listing, comma-separated, the annotation keys Karmada propagated to the member object. */
export const MANAGED_ANNOTATIONS_ANNOTATION = 'resourcetemplate.karmada.io/managed-annotations';

function managedKeys(observed: KubeObject, annotation: string): Set<string> {
  const value = observed.metadata.annotations?.[annotation] ?? '';
  return new Set(value.split(',').filter((key) => key !== ''));
}

function retainMap(
  desired: Record<string, string> | undefined,
  observed: Record<string, string> | undefined,
  previouslyManaged: ReadonlySet<string>,
): Record<string, string> | undefined {
  const merged: Record<string, string> = { ...(desired ?? {}) };
  for (const [key, value] of Object.entries(observed ?? {})) {
    // A key Karmada used to manage and the template dropped is removed, not kept.
    if (key in merged || previouslyManaged.has(key)) continue;
    merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** A copy of `desired` with the member object's resourceVersion, finalizers, labels and annotations kept. */
export function retainClusterFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  const metadata = copy.metadata;
  if (observed.metadata.resourceVersion !== undefined) metadata.resourceVersion = observed.metadata.resourceVersion;
  else delete metadata.resourceVersion;
  if (observed.metadata.finalizers !== undefined && observed.metadata.finalizers.length > 0) metadata.finalizers = [...observed.metadata.finalizers];
  else delete metadata.finalizers;
  const labels = retainMap(desired.metadata.labels, observed.metadata.labels, managedKeys(observed, MANAGED_LABELS_ANNOTATION));
  if (labels === undefined) delete metadata.labels;
  else metadata.labels = labels;
  const annotations = retainMap(desired.metadata.annotations, observed.metadata.annotations, managedKeys(observed, MANAGED_ANNOTATIONS_ANNOTATION));
  if (annotations === undefined) delete metadata.annotations;
  else metadata.annotations = annotations;
  return copy;
}
