import type { KubeObject } from '../../api/object.js';

/** An informer event as a controller source sees it. */
export interface SourceEvent<T extends KubeObject = KubeObject> {
  readonly type: 'add' | 'update' | 'delete';
  readonly object: T;
  /** For updates: the previous state. */
  readonly oldObject?: T;
}

/** Decides whether an event should enqueue anything. */
export type Predicate<T extends KubeObject = KubeObject> = (event: SourceEvent<T>) => boolean;

/** Updates pass only when metadata.generation changed (spec changes); adds and deletes pass. */
export const generationChanged: Predicate = (e) =>
  e.type !== 'update' || e.oldObject?.metadata.generation !== e.object.metadata.generation;

/** Updates pass only when the resourceVersion changed (drops resync-style no-op updates). */
export const resourceVersionChanged: Predicate = (e) =>
  e.type !== 'update' || e.oldObject?.metadata.resourceVersion !== e.object.metadata.resourceVersion;

/** Updates pass only when labels changed. */
export const labelsChanged: Predicate = (e) =>
  e.type !== 'update' || JSON.stringify(e.oldObject?.metadata.labels ?? {}) !== JSON.stringify(e.object.metadata.labels ?? {});

/** Passes when any of the predicates passes. */
export function anyOf<T extends KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (e) => predicates.some((p) => p(e));
}
