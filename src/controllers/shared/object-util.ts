/**
 * Small helpers over loose Kubernetes objects: copying, label/annotation edits, deep equality,
 * apiVersion parsing.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

/** A mutable deep copy (informer objects are frozen). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Sets labels[key] = value on obj (creating the map). */
export function setLabel(obj: KubeObject, key: string, value: string): void {
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [key]: value };
}

/** Sets annotations[key] = value on obj (creating the map). */
export function setAnnotation(obj: KubeObject, key: string, value: string): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [key]: value };
}

/** Removes label keys; drops the map when it becomes empty. Returns true when something changed. */
export function removeLabels(obj: KubeObject, keys: readonly string[]): boolean {
  return removeKeys(obj, 'labels', keys);
}

/** Removes annotation keys; drops the map when it becomes empty. Returns true when something changed. */
export function removeAnnotations(obj: KubeObject, keys: readonly string[]): boolean {
  return removeKeys(obj, 'annotations', keys);
}

function removeKeys(obj: KubeObject, field: 'labels' | 'annotations', keys: readonly string[]): boolean {
  const map = obj.metadata[field];
  if (map === undefined) return false;
  let changed = false;
  const next = { ...map };
  for (const key of keys) {
    if (key in next) {
      delete next[key];
      changed = true;
    }
  }
  if (!changed) return false;
  if (Object.keys(next).length === 0) delete obj.metadata[field];
  else obj.metadata[field] = next;
  return true;
}

/** The group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version of an apiVersion (`apps/v1` -> `v1`). */
export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** `kind namespace/name` for messages. */
export function describeObject(obj: { apiVersion?: string; kind?: string; metadata: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind ?? ''}(${ns === undefined || ns === '' ? '' : `${ns}/`}${obj.metadata.name ?? ''})`;
}

/** The error's message, for conditions and events. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
