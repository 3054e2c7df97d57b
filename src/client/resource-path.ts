import type { DeleteOptions, ListOptions, PatchOptions, PatchType, ResourceRef, WatchOptions, WriteOptions } from './client.js';

/**
 * The REST path of a resource: `/api/v1/namespaces/ns/pods/name/status`,
 * `/apis/apps/v1/deployments` and so on. Names are URL-encoded; extraPath (proxy) is kept as is.
 */
export function resourcePath(ref: ResourceRef, namespace?: string, name?: string, subresource?: string, extraPath?: string): string {
  let path = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  if (ref.namespaced && namespace !== undefined && namespace !== '') {
    path += `/namespaces/${encodeURIComponent(namespace)}`;
  }
  path += `/${ref.resource}`;
  if (name !== undefined) {
    path += `/${encodeURIComponent(name)}`;
  }
  if (subresource !== undefined && subresource !== '') {
    path += `/${subresource}`;
  }
  if (extraPath !== undefined && extraPath !== '') {
    path += `/${extraPath.replace(/^\/+/, '')}`;
  }
  return path;
}

type Query = Record<string, string>;

function put(q: Query, key: string, value: string | number | boolean | undefined): void {
  if (value !== undefined && value !== '') {
    q[key] = String(value);
  }
}

export function listQuery(o: ListOptions): Query {
  const q: Query = {};
  put(q, 'labelSelector', o.labelSelector);
  put(q, 'fieldSelector', o.fieldSelector);
  put(q, 'limit', o.limit !== undefined && o.limit > 0 ? o.limit : undefined);
  put(q, 'continue', o.continue);
  put(q, 'resourceVersion', o.resourceVersion);
  put(q, 'resourceVersionMatch', o.resourceVersionMatch);
  return q;
}

export function watchQuery(o: WatchOptions): Query {
  const q: Query = { watch: 'true' };
  put(q, 'labelSelector', o.labelSelector);
  put(q, 'fieldSelector', o.fieldSelector);
  put(q, 'resourceVersion', o.resourceVersion);
  put(q, 'allowWatchBookmarks', o.allowWatchBookmarks === true ? true : undefined);
  put(q, 'timeoutSeconds', o.timeoutSeconds);
  return q;
}

export function writeQuery(o: WriteOptions & { force?: boolean }): Query {
  const q: Query = {};
  put(q, 'dryRun', o.dryRun === true ? 'All' : undefined);
  put(q, 'fieldManager', o.fieldManager);
  put(q, 'fieldValidation', o.fieldValidation);
  put(q, 'force', o.force === true ? true : undefined);
  return q;
}

/** The metav1.DeleteOptions body of a DELETE. */
export function deleteBody(o: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.propagationPolicy !== undefined) {
    body['propagationPolicy'] = o.propagationPolicy;
  }
  if (o.gracePeriodSeconds !== undefined) {
    body['gracePeriodSeconds'] = o.gracePeriodSeconds;
  }
  if (o.preconditions !== undefined) {
    body['preconditions'] = o.preconditions;
  }
  if (o.dryRun === true) {
    body['dryRun'] = ['All'];
  }
  return body;
}

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export function patchQuery(o: PatchOptions): Query {
  return writeQuery(o);
}

export function withQuery(path: string, q: Query): string {
  const s = new URLSearchParams(q).toString();
  return s === '' ? path : `${path}?${s}`;
}
