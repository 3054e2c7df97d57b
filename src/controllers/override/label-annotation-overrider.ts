/**
 * labelsOverrider and annotationsOverrider: add, replace or remove metadata keys. `replace` and
 * `remove` touch only keys that exist; `add` creates the map when needed.
 */
import type { KubeObject } from '../../api/object.js';
import type { LabelAnnotationOverrider } from '../../api/policy/override-policy.js';
import { applyJsonPatch, escapeToken, type PatchOperation } from './json-patch.js';

/** `labels` or `annotations`. */
export type MetadataMap = 'labels' | 'annotations';

/** The JSON patch one overrider produces for obj (obj may get an empty map added for `add`). */
export function labelAnnotationPatches(field: MetadataMap, obj: KubeObject, overrider: LabelAnnotationOverrider): PatchOperation[] {
  const patches: PatchOperation[] = [];
  const existing = obj.metadata[field];
  for (const [key, value] of Object.entries(overrider.value ?? {})) {
    if (overrider.operator !== 'add' && (existing === undefined || !(key in existing))) continue;
    patches.push({ op: overrider.operator, path: `/metadata/${field}/${escapeToken(key)}`, ...(overrider.operator === 'remove' ? {} : { value }) });
  }
  return patches;
}

/** Applies label (or annotation) overriders in order. */
export function applyLabelAnnotationOverriders(field: MetadataMap, obj: KubeObject, overriders: readonly LabelAnnotationOverrider[] | undefined): KubeObject {
  let current = obj;
  for (const overrider of overriders ?? []) {
    if (overrider.operator === 'add' && current.metadata[field] === undefined && Object.keys(overrider.value ?? {}).length > 0) {
      current = { ...current, metadata: { ...current.metadata, [field]: {} } };
    }
    current = applyJsonPatch(current, labelAnnotationPatches(field, current, overrider));
  }
  return current;
}
