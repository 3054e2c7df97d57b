/**
 * Values the resource interpreter reads and returns. The binding-side shapes come from
 * work.karmada.io (`src/api/work/resource-binding.ts`); this module only adds the interpreter's own.
 */
import type { KubeObject } from '../api/object.js';
import type { AggregatedStatusItem, Component, ReplicaRequirements } from '../api/work/resource-binding.js';
import type { DependentObjectReference } from '../api/config/dependent-object-reference.js';

export type { AggregatedStatusItem, Component, ReplicaRequirements, DependentObjectReference };

/** What `GetReplicas` (InterpretReplica) returns: the declared replica count and what each replica needs. */
export interface InterpretedReplicas {
  replicas: number;
  /** Absent when the workload declares no node claim and no resource request. */
  requirements?: ReplicaRequirements;
}

/** The kind an object or rule refers to: `apiVersion` (`group/version` or `v1`) and `kind`. */
export interface TypeRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** A map key for a kind: `apps/v1, Kind=Deployment` (Go's GroupVersionKind.String spelling). */
export function typeKey(ref: TypeRef): string {
  return `${ref.apiVersion}, Kind=${ref.kind}`;
}

/** The kind of an object; empty strings when the object does not say. */
export function typeOf(object: KubeObject): TypeRef {
  return { apiVersion: object.apiVersion ?? '', kind: object.kind ?? '' };
}

/** Raised when no interpreter layer handles an operation for a kind. */
export class InterpreterNotFoundError extends Error {
  constructor(readonly operation: string, readonly target: TypeRef) {
    super(`no ${operation} interpreter for ${typeKey(target)}`);
    this.name = 'InterpreterNotFoundError';
  }
}
