/** Aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1 APIGroupDiscoveryList) for /api and /apis. */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import { verbsOf } from '../../api/catalog/verbs.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { subresourcesOf } from './subresources.js';
import type {
  APIGroupDiscovery,
  APIGroupDiscoveryList,
  APIResourceDiscovery,
  APISubresourceDiscovery,
  GroupVersionKindRef,
} from './types.js';

export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

/** `/api` lists the core group only; `/apis` every named group. */
export type DiscoveryRoot = 'api' | 'apis';

/**
 * kube-apiserver writes built-in response kinds of the resource's own group/version with empty
 * group and version; CRDs (and so Karmada's CRD kinds) always carry both.
 */
function responseKind(info: ResourceInfo, group: string, version: string, kind: string, sameGroupVersion: boolean): GroupVersionKindRef {
  if (info.builtin && sameGroupVersion) return { group: '', version: '', kind };
  return { group, version, kind };
}

/** The discovery entry of one resource, subresources included. */
export function resourceDiscovery(info: ResourceInfo): APIResourceDiscovery {
  const subresources: APISubresourceDiscovery[] = subresourcesOf(info).map((sub) => ({
    subresource: sub.name,
    responseKind: responseKind(info, sub.group, sub.version, sub.kind, sub.sameGroupVersion),
    verbs: sub.verbs,
  }));
  return {
    resource: info.resource,
    responseKind: responseKind(info, info.group, info.version, info.kind, true),
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: verbsOf(info),
    ...(info.shortNames && info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
    ...(info.categories && info.categories.length > 0 ? { categories: info.categories } : {}),
    ...(subresources.length > 0 ? { subresources } : {}),
  };
}

function byResourceName(a: ResourceInfo, b: ResourceInfo): number {
  return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
}

/** One group's entry: versions preferred first, resources sorted by name. */
export function groupDiscovery(catalog: ResourceCatalog, group: string): APIGroupDiscovery | undefined {
  const served = catalog.group(group);
  if (!served) return undefined;
  return {
    metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
    versions: served.versions.map((version) => ({
      version,
      resources: [...catalog.resources(group, version)].sort(byResourceName).map(resourceDiscovery),
      freshness: 'Current' as const,
    })),
  };
}

/** The APIGroupDiscoveryList served at /api (core group) or /apis (all other groups, in priority order). */
export function buildAggregatedDiscovery(
  catalog: ResourceCatalog,
  root: DiscoveryRoot,
  version: AggregatedDiscoveryVersion = 'v2',
): APIGroupDiscoveryList {
  const groups = catalog.groups().filter((served) => (root === 'api' ? served.group === '' : served.group !== ''));
  const items: APIGroupDiscovery[] = [];
  for (const served of groups) {
    const item = groupDiscovery(catalog, served.group);
    if (item) items.push(item);
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
