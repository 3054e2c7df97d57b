/** The pod-template hash the workload controllers put into names and labels. */
import { fnv1a32 } from '../../scheduler/util/fnv.js';
import { canonicalJson } from './object-util.js';
import type { PodTemplateSpec } from './types.js';

/** The label ReplicaSets and their pods carry, naming their template's hash. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** The label StatefulSet and DaemonSet pods carry, naming their revision. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps each character to one without vowels or look-alikes. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length] ?? 'b';
  }
  return out;
}

/** The template without the hash label, the form templates are compared and hashed in. */
export function templateWithoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  const labels = copy.metadata?.labels;
  if (labels !== undefined) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
  }
  return copy;
}

/**
 * controller.ComputeHash: FNV-32a over the template (and the collision count when set),
 * printed in decimal and safe-encoded, e.g. `5d9c8f6b7`.
 */
export function computeTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const text = canonicalJson(templateWithoutHash(template)) + (collisionCount === undefined ? '' : String(collisionCount));
  return safeEncode(String(fnv1a32(text)));
}

/** EqualIgnoreHash: same template apart from the pod-template-hash label. */
export function templatesEqualIgnoringHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}
