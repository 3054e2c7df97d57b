/**
 * What an update keeps from the member's copy (`objectwatcher.retainClusterFields`): its
 * resourceVersion, finalizers and ownerReferences, and the labels and annotations members added
 * (those Karmada managed before and the template dropped are removed; the template wins on keys
 * both set).
 */
import type { KubeObject } from '../../api/object.js';
import { MANAGED_ANNOTATIONS_ANNOTATION, MANAGED_LABELS_ANNOTATION } from '../shared/well-known.js';

function retainMap(
  desired: Record<string, string> | undefined,
  observed: Record<string, string> | undefined,
  previouslyManaged: string | undefined,
): Record<string, string> | undefined {
  const result: Record<string, string> = { ...(desired ?? {}) };
  const dropped = new Set((previouslyManaged ?? '').split(',').filter((k) => k !== ''));
  for (const key of Object.keys(desired ?? {})) dropped.delete(key);
  for (const [key, value] of Object.entries(observed ?? {})) {
    if (dropped.has(key) || key in result) continue;
    result[key] = value;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/** desired (a copy) with the member-owned metadata of observed kept. */
export function retainClusterFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const out = structuredClone(desired);
  const meta = out.metadata;
  const obs = observed.metadata;
  if (obs.resourceVersion !== undefined) meta.resourceVersion = obs.resourceVersion;
  else delete meta.resourceVersion;
  if (obs.finalizers !== undefined) meta.finalizers = structuredClone(obs.finalizers);
  else delete meta.finalizers;
  if (obs.ownerReferences !== undefined) meta.ownerReferences = structuredClone(obs.ownerReferences);
  else delete meta.ownerReferences;
  const annotations = retainMap(meta.annotations, obs.annotations, obs.annotations?.[MANAGED_ANNOTATIONS_ANNOTATION]);
  const labels = retainMap(meta.labels, obs.labels, obs.annotations?.[MANAGED_LABELS_ANNOTATION]);
  if (annotations === undefined) delete meta.annotations;
  else meta.annotations = annotations;
  if (labels === undefined) delete meta.labels;
  else meta.labels = labels;
  return out;
}
