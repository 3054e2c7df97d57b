/** Legacy (unaggregated) discovery: APIVersions, APIGroupList, APIGroup and per-group-version APIResourceList. */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import { verbsOf } from '../../api/catalog/verbs.js';
import { groupVersion } from '../../api/resource-info.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { storageVersionHash, subresourcesOf } from './subresources.js';
import type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions, GroupVersionForDiscovery } from './types.js';

/** GET /api. `serverAddress` (host:port) is what clients in any network should use; empty list when unknown. */
export function buildAPIVersions(catalog: ResourceCatalog, serverAddress?: string): APIVersions {
  return {
    kind: 'APIVersions',
    versions: catalog.group('')?.versions ?? [],
    serverAddressByClientCIDRs: serverAddress ? [{ clientCIDR: '0.0.0.0/0', serverAddress }] : [],
  };
}

function versionRef(group: string, version: string): GroupVersionForDiscovery {
  return { groupVersion: groupVersion({ group, version }), version };
}

function apiGroupBody(catalog: ResourceCatalog, name: string): Omit<APIGroup, 'kind' | 'apiVersion'> | undefined {
  const served = catalog.group(name);
  if (!served) return undefined;
  return {
    name,
    versions: served.versions.map((version) => versionRef(name, version)),
    preferredVersion: versionRef(name, served.preferredVersion),
  };
}

/** GET /apis: every named group (the core group is only under /api). */
export function buildAPIGroupList(catalog: ResourceCatalog): APIGroupList {
  const groups: APIGroup[] = [];
  for (const served of catalog.groups()) {
    if (served.group === '') continue;
    const body = apiGroupBody(catalog, served.group);
    if (body) groups.push(body);
  }
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** GET /apis/<group>; undefined when the group is not served (or is the core group). */
export function buildAPIGroup(catalog: ResourceCatalog, name: string): APIGroup | undefined {
  if (name === '') return undefined;
  const body = apiGroupBody(catalog, name);
  return body ? { kind: 'APIGroup', apiVersion: 'v1', ...body } : undefined;
}

/** The APIResource entries of one resource: itself, then `<resource>/<subresource>` entries. */
export function apiResourcesOf(info: ResourceInfo): readonly APIResource[] {
  const hash = storageVersionHash(info);
  const main: APIResource = {
    name: info.resource,
    singularName: info.singular,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: verbsOf(info),
    ...(info.shortNames && info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
    ...(info.categories && info.categories.length > 0 ? { categories: info.categories } : {}),
    ...(hash !== undefined ? { storageVersionHash: hash } : {}),
  };
  const subresources = subresourcesOf(info).map(
    (sub): APIResource => ({
      name: `${info.resource}/${sub.name}`,
      singularName: '',
      namespaced: info.namespaced,
      ...(sub.sameGroupVersion ? {} : { group: sub.group, version: sub.version }),
      kind: sub.kind,
      verbs: sub.verbs,
    }),
  );
  return [main, ...subresources];
}

/** GET /api/v1 or /apis/<group>/<version>; undefined when that group/version is not served. */
export function buildAPIResourceList(catalog: ResourceCatalog, group: string, version: string): APIResourceList | undefined {
  const infos = catalog.resources(group, version);
  if (infos.length === 0) return undefined;
  const resources = infos.flatMap(apiResourcesOf).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const gv = groupVersion({ group, version });
  return group === ''
    ? { kind: 'APIResourceList', groupVersion: gv, resources }
    : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}
