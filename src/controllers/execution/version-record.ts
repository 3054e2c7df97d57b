/**
 * What the execution controller last wrote to each member object (`objectwatcher` VersionRecord):
 * `g:<generation>` or `r:<resourceVersion>`. A member object whose version moved on without us
 * was changed by someone else and is re-applied.
 */
import type { KubeObject } from '../../api/object.js';

/** `lifted.ObjectVersion`: the generation when the kind has one, else the resourceVersion. */
export function objectVersion(obj: KubeObject): string {
  const g = obj.metadata.generation;
  return g !== undefined && g !== 0 ? `g:${g}` : `r:${obj.metadata.resourceVersion ?? ''}`;
}

/** Key of a member object within a cluster. */
export function memberObjectKey(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return `${obj.apiVersion ?? ''}/${obj.kind ?? ''}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** Versions per cluster and object. */
export class VersionRecord {
  private readonly byCluster = new Map<string, Map<string, string>>();

  record(cluster: string, obj: KubeObject): void {
    let m = this.byCluster.get(cluster);
    if (m === undefined) {
      m = new Map();
      this.byCluster.set(cluster, m);
    }
    m.set(memberObjectKey(obj), objectVersion(obj));
  }

  forget(cluster: string, obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): void {
    this.byCluster.get(cluster)?.delete(memberObjectKey(obj));
  }

  forgetCluster(cluster: string): void {
    this.byCluster.delete(cluster);
  }

  /** True when the member object changed since we last wrote it (or we never did). */
  needsUpdate(cluster: string, current: KubeObject): boolean {
    const recorded = this.byCluster.get(cluster)?.get(memberObjectKey(current));
    return recorded === undefined || recorded !== objectVersion(current);
  }
}
