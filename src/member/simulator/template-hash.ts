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

/**
 * Drops nulls and empty objects and lists, which Go's typed decoding does not tell apart from
 * absent fields (kubectl sends `creationTimestamp: null` in templates, e.g. on rollout undo).
 */
function semantic(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(semantic).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = semantic(v);
      if (kept !== undefined) {
        out[k] = kept;
      }
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** The template without the hash label, in the form templates are compared and hashed in. */
export function templateWithoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  const labels = copy.metadata?.labels;
  if (labels !== undefined) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
  }
  return (semantic(copy) ?? {}) as PodTemplateSpec;
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
