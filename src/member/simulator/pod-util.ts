/** Pod predicates the workload controllers share (podutil), and pods made from templates. */
import type { KubeObject, OwnerReference } from '../../api/object.js';
import { findCondition, parseTime } from './object-util.js';
import type { Pod, PodTemplateSpec } from './types.js';

export function isPodReady(pod: Pod): boolean {
  return findCondition(pod.status?.conditions, 'Ready')?.status === 'True';
}

/** When the pod became Ready (ms), if it is. */
export function podReadySince(pod: Pod): number | undefined {
  const ready = findCondition(pod.status?.conditions, 'Ready');
  return ready?.status === 'True' ? parseTime(ready.lastTransitionTime) : undefined;
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) {
    return false;
  }
  if (minReadySeconds <= 0) {
    return true;
  }
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** Ms until the ready pod becomes available, or undefined when it is not ready or already is. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  const since = podReadySince(pod);
  if (since === undefined || minReadySeconds <= 0) {
    return undefined;
  }
  const left = since + minReadySeconds * 1000 - now;
  return left > 0 ? left : undefined;
}

export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Counted by its controller: neither finished nor being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

/** A new pod from a controller's template (controller.GetPodFromTemplate). */
export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  namespace: string,
  owner: OwnerReference,
  naming: { readonly name?: string; readonly generateName?: string },
  extraLabels: Readonly<Record<string, string>> = {},
): Pod {
  const metadata: KubeObject['metadata'] = {
    ...(naming.name === undefined ? {} : { name: naming.name }),
    ...(naming.generateName === undefined ? {} : { generateName: naming.generateName }),
    namespace,
    labels: { ...(template?.metadata?.labels ?? {}), ...extraLabels },
    ownerReferences: [owner],
  };
  const annotations = template?.metadata?.annotations;
  if (annotations !== undefined && Object.keys(annotations).length > 0) {
    metadata.annotations = { ...annotations };
  }
  const finalizers = template?.metadata?.['finalizers'];
  if (Array.isArray(finalizers) && finalizers.length > 0) {
    metadata.finalizers = finalizers.filter((f): f is string => typeof f === 'string');
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template?.spec ?? { containers: [] }) };
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix the apiserver appends to generateName. */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)] ?? 'b';
  }
  return out;
}

/** `base-xxxxx`, with base cut so that the name stays within 63 characters (names.SimpleNameGenerator). */
export function generatedName(base: string): string {
  const prefix = base.length > 58 ? base.slice(0, 58) : base;
  return `${prefix}${randomSuffix()}`;
}
