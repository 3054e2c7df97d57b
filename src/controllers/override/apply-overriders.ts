/**
 * Applies one rule's overriders in Karmada's fixed order: image, command, args, labels,
 * annotations, field, then plaintext JSON patch.
 */
import type { KubeObject } from '../../api/object.js';
import type { Overriders } from '../../api/policy/override-policy.js';
import { applyCommandArgsOverriders } from './command-args-overrider.js';
import { applyFieldOverriders } from './field-overrider.js';
import { applyImageOverriders } from './image-overrider.js';
import { applyJsonPatch } from './json-patch.js';
import { applyLabelAnnotationOverriders } from './label-annotation-overrider.js';

/** A new object with the overriders applied; throws when one cannot be applied. */
export function applyOverriders(obj: KubeObject, overriders: Overriders): KubeObject {
  let current = applyImageOverriders(obj, overriders.imageOverrider);
  current = applyCommandArgsOverriders('command', current, overriders.commandOverrider);
  current = applyCommandArgsOverriders('args', current, overriders.argsOverrider);
  current = applyLabelAnnotationOverriders('labels', current, overriders.labelsOverrider);
  current = applyLabelAnnotationOverriders('annotations', current, overriders.annotationsOverrider);
  current = applyFieldOverriders(current, overriders.fieldOverrider);
  return applyJsonPatch(
    current,
    (overriders.plaintext ?? []).map((p) => ({ op: p.operator, path: p.path, ...(p.operator === 'remove' ? {} : { value: p.value }) })),
  );
}
