/**
 * Interplay with kubectl's client-side apply annotation when `kubectl apply --server-side`
 * (manager `kubectl`) takes over an object: conflicts on fields whose live value still equals
 * the last client-side applied value are allowed (kube's lastAppliedManager), and the annotation
 * is kept in sync with what was applied (kube's lastAppliedUpdater).
 */
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { compareObjects } from './compare.js';
import { difference, type FieldSet } from './field-set.js';
import type { FieldType } from './field-type.js';
import { goJson } from './path-element.js';
import { toFieldSet } from './to-field-set.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** kubectl's server-side apply manager name, the only one these rules apply to. */
export const KUBECTL_MANAGER = 'kubectl';

export function lastAppliedOf(object: KubeObject): string | undefined {
  const value = object.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The fields a `kubectl` apply may take over without a conflict: those in the last-applied
 * annotation whose live value is unchanged. Undefined when there is no usable annotation.
 */
export function allowedFromLastApplied(live: KubeObject, type: FieldType, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  if (!isPlainObject(lastApplied) || lastApplied['apiVersion'] !== apiVersion) return undefined;
  let fields: FieldSet;
  try {
    fields = toFieldSet(lastApplied, type);
  } catch {
    return undefined;
  }
  const changes = compareObjects(lastApplied, live, type);
  return difference(difference(difference(fields, changes.modified), changes.added), changes.removed);
}

/** The annotation value for an applied configuration: its JSON without the annotation itself. */
export function buildLastApplied(config: KubeObject): string {
  const copy = structuredClone(config);
  const annotations = copy.metadata.annotations;
  if (annotations !== undefined) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return `${goJson(copy)}\n`;
}
