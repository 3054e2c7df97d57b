/**
 * Which resources the detector watches and which objects it considers (`pkg/detector`
 * EventFilter, `pkg/util/apigroup.go` skipped resources).
 */
import type { KubeObject } from '../../api/object.js';
import { isReservedNamespace } from '../shared/names.js';
import { deepEqual } from '../shared/object-util.js';

/** The resource facts the filter needs. */
export interface WatchableResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs?: readonly string[];
}

/** Groups never propagated: Karmada's own, and events. */
function skippedGroup(group: string): boolean {
  return group === 'karmada.io' || group.endsWith('.karmada.io') || group === 'events.k8s.io' || group === 'coordination.k8s.io';
}

/** True when the detector should watch this resource for templates. */
export function isWatchableResource(r: WatchableResource): boolean {
  if (skippedGroup(r.group)) return false;
  if (r.group === '' && r.resource === 'events') return false;
  if (r.resource.includes('/')) return false;
  const verbs = r.verbs ?? ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return verbs.includes('list') && verbs.includes('watch') && verbs.includes('delete');
}

/**
 * True when an object may be a template: not in a reserved or skipped namespace, and not a
 * service-account token Secret (those are made per cluster by the members).
 */
export function isCandidateTemplate(obj: KubeObject, skippedNamespaces: readonly RegExp[] = []): boolean {
  const ns = obj.metadata.namespace ?? '';
  if (ns !== '' && isReservedNamespace(ns)) return false;
  if (ns !== '' && skippedNamespaces.some((re) => re.test(ns))) return false;
  if (obj.apiVersion === 'v1' && obj.kind === 'Secret' && obj['type'] === 'kubernetes.io/service-account-token') return false;
  // Namespaces that are themselves reserved are not templates either.
  if (ns === '' && obj.apiVersion === 'v1' && obj.kind === 'Namespace' && isReservedNamespace(obj.metadata.name ?? '')) return false;
  return true;
}

/** Everything but status and server-maintained metadata, for change detection. */
function specificationView(obj: KubeObject): unknown {
  const { status: _status, metadata, ...rest } = obj;
  const { resourceVersion: _rv, generation: _gen, managedFields: _mf, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

/** True when an update changed more than status and bookkeeping (`eventfilter.SpecificationChanged`). */
export function specificationChanged(oldObj: KubeObject, newObj: KubeObject): boolean {
  return !deepEqual(specificationView(oldObj), specificationView(newObj));
}
