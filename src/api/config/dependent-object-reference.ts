/**
 * config.karmada.io/v1alpha1 `DependentObjectReference`: what `GetDependencies` returns
 * (`pkg/apis/config/v1alpha1/interpretercontext_types.go`).
 */
import type { LabelSelector } from '../policy/kube-core.js';

/** A resource another resource depends on, named either by `name` or by `labelSelector`. */
export interface DependentObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelector;
}

/** Karmada's order for dependency lists: apiVersion, kind, namespace, then name. */
export function compareDependentObjectReferences(a: DependentObjectReference, b: DependentObjectReference): number {
  return (
    compareStrings(a.apiVersion, b.apiVersion) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.name ?? '', b.name ?? '')
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
