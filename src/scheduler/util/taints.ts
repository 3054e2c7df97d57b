/**
 * Taint/toleration matching with Kubernetes semantics (`corev1.Toleration.ToleratesTaint`).
 */
import type { Taint, Toleration } from '../../api/policy/kube-core.js';

/** True when `toleration` tolerates `taint`. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const op = toleration.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op !== 'Equal') return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * The first taint accepted by `predicate` that no toleration tolerates, or undefined.
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  predicate: (t: Taint) => boolean,
): Taint | undefined {
  if (taints === undefined) return undefined;
  for (const taint of taints) {
    if (!predicate(taint)) continue;
    let tolerated = false;
    if (tolerations !== undefined) {
      for (const tol of tolerations) {
        if (toleratesTaint(tol, taint)) {
          tolerated = true;
          break;
        }
      }
    }
    if (!tolerated) return taint;
  }
  return undefined;
}

/** `key=value:Effect`, or `key:Effect` when the value is empty, as `corev1.Taint.ToString`. */
export function taintToString(taint: Taint): string {
  return taint.value ? `${taint.key}=${taint.value}:${taint.effect}` : `${taint.key}:${taint.effect}`;
}
