/** Small helpers shared by the simulator controllers: time stamps, owner references, conditions. */
import type { KubeObject, OwnerReference } from '../../api/object.js';
import type { ResourceRef } from '../../client/client.js';
import type { Condition } from './types.js';
import { apiVersionOfRef } from './refs.js';

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with microseconds, as metav1.MicroTime serializes (Lease renewTime). */
export function microTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Milliseconds of a metav1.Time, or undefined. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A non-negative integer field, or the default. */
export function intOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
}

/** The controlling owner reference (controller: true), if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The controller's uid, for the `controller` cache index. */
export function controllerUid(object: KubeObject): readonly string[] {
  const ref = controllerOf(object);
  return ref === undefined ? [] : [ref.uid];
}

/** The index names the simulator files objects under. */
export const CONTROLLER_INDEX = 'controller-uid';
export const NODE_NAME_INDEX = 'node-name';

/** The owner reference a controller puts on what it creates. */
export function controllerReference(owner: KubeObject, ref: ResourceRef): OwnerReference {
  return {
    apiVersion: apiVersionOfRef(ref),
    kind: ref.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when the object is controlled by owner (same uid). */
export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerOf(object)?.uid === owner.metadata.uid;
}

export function findCondition<C extends { type: string }>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition the way the workload controllers do: unchanged status and reason keep the
 * old condition; same status keeps the old lastTransitionTime; the condition moves to the end.
 */
export function setCondition(conditions: Condition[], condition: Condition): Condition[] {
  const current = findCondition(conditions, condition.type);
  if (current !== undefined && current.status === condition.status && current.reason === condition.reason) {
    return conditions;
  }
  const next = { ...condition };
  if (current !== undefined && current.status === condition.status && current.lastTransitionTime !== undefined) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  return [...conditions.filter((c) => c.type !== condition.type), next];
}

export function removeCondition(conditions: Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}

/** Deep equality of JSON values (status comparisons before writing). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted, so equal values print equally (hashing, comparisons). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        sorted[k] = (v as Record<string, unknown>)[k];
      }
      return sorted;
    }
    return v;
  });
}

/** Drops zero-valued (omitempty) integer fields, as Go's JSON encoding of status structs does. */
export function omitZero<T extends Record<string, unknown>>(value: T, keys: readonly (keyof T)[]): T {
  const out = { ...value };
  for (const key of keys) {
    if (out[key] === 0 || out[key] === undefined) {
      delete out[key];
    }
  }
  return out;
}

/** A mutable deep copy of a (frozen) cached object. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
