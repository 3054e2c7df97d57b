import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { buildAggregatedDiscovery } from './aggregated.js';
import { DiscoveryDocuments } from './discovery-documents.js';
import { buildAPIGroup, buildAPIGroupList, buildAPIResourceList, buildAPIVersions } from './legacy.js';
import { AGGREGATED_DISCOVERY_V2_CONTENT_TYPE, discoveryContentType, negotiateDiscovery } from './negotiation.js';
import type { APIGroupDiscoveryList, APIResourceDiscovery } from './types.js';
import { buildVersionInfo } from './version-info.js';

const catalog = ResourceCatalog.withDefaults();

function findResource(list: APIGroupDiscoveryList, group: string, version: string, resource: string): APIResourceDiscovery {
  const item = list.items.find((candidate) => (candidate.metadata.name ?? '') === group);
  const found = item?.versions.find((v) => v.version === version)?.resources.find((r) => r.resource === resource);
  if (!found) assert.fail(`${resource}.${version}.${group} not in discovery`);
  return found;
}

describe('aggregated discovery', () => {
  it('/api holds only the core group, unnamed, with v1 Current', () => {
    const list = buildAggregatedDiscovery(catalog, 'api');
    assert.equal(list.kind, 'APIGroupDiscoveryList');
    assert.equal(list.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.deepEqual(list.metadata, {});
    assert.equal(list.items.length, 1);
    assert.deepEqual(list.items[0]?.metadata, { creationTimestamp: null });
    assert.equal(list.items[0]?.versions[0]?.version, 'v1');
    assert.equal(list.items[0]?.versions[0]?.freshness, 'Current');
  });

  it('describes pods as kube-apiserver 1.32 does', () => {
    const pods = findResource(buildAggregatedDiscovery(catalog, 'api'), '', 'v1', 'pods');
    assert.deepEqual(pods.responseKind, { group: '', version: '', kind: 'Pod' });
    assert.equal(pods.scope, 'Namespaced');
    assert.equal(pods.singularResource, 'pod');
    assert.deepEqual(pods.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    assert.deepEqual(pods.shortNames, ['po']);
    assert.deepEqual(pods.categories, ['all']);
    assert.deepEqual(
      pods.subresources?.map((sub) => sub.subresource),
      ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status'],
    );
    const eviction = pods.subresources?.find((sub) => sub.subresource === 'eviction');
    assert.deepEqual(eviction, { subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });
    const status = pods.subresources?.find((sub) => sub.subresource === 'status');
    assert.deepEqual(status, { subresource: 'status', responseKind: { group: '', version: '', kind: 'Pod' }, verbs: ['get', 'patch', 'update'] });
  });

  it('namespaces are cluster-scoped without deletecollection', () => {
    const namespaces = findResource(buildAggregatedDiscovery(catalog, 'api'), '', 'v1', 'namespaces');
    assert.equal(namespaces.scope, 'Cluster');
    assert.ok(!namespaces.verbs.includes('deletecollection'));
    assert.deepEqual(namespaces.subresources?.map((sub) => sub.subresource), ['finalize', 'status']);
  });

  it('/apis lists named groups in priority order, apps first', () => {
    const list = buildAggregatedDiscovery(catalog, 'apis');
    assert.equal(list.items[0]?.metadata.name, 'apps');
    assert.ok(list.items.every((item) => item.metadata.name !== undefined && item.metadata.name !== ''));
  });

  it('scale subresources answer with autoscaling/v1 Scale', () => {
    const deployments = findResource(buildAggregatedDiscovery(catalog, 'apis'), 'apps', 'v1', 'deployments');
    assert.deepEqual(deployments.shortNames, ['deploy']);
    assert.deepEqual(deployments.subresources, [
      { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'status', responseKind: { group: '', version: '', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
    ]);
  });

  it('Karmada CRD kinds carry full response kinds, short names and the karmada-io category', () => {
    const list = buildAggregatedDiscovery(catalog, 'apis');
    const pp = findResource(list, 'policy.karmada.io', 'v1alpha1', 'propagationpolicies');
    assert.deepEqual(pp.responseKind, { group: 'policy.karmada.io', version: 'v1alpha1', kind: 'PropagationPolicy' });
    assert.deepEqual(pp.shortNames, ['pp']);
    assert.deepEqual(pp.categories, ['karmada-io']);
    assert.equal(pp.subresources, undefined);

    const rb = findResource(list, 'work.karmada.io', 'v1alpha2', 'resourcebindings');
    assert.deepEqual(rb.subresources, [
      { subresource: 'status', responseKind: { group: 'work.karmada.io', version: 'v1alpha2', kind: 'ResourceBinding' }, verbs: ['get', 'patch', 'update'] },
    ]);
    const work = list.items.find((item) => item.metadata.name === 'work.karmada.io');
    assert.deepEqual(work?.versions.map((v) => v.version), ['v1alpha2', 'v1alpha1']);
    assert.deepEqual(work?.versions[0]?.resources.map((r) => r.resource), ['clusterresourcebindings', 'resourcebindings']);
  });

  it('clusters have status and proxy subresources', () => {
    const clusters = findResource(buildAggregatedDiscovery(catalog, 'apis'), 'cluster.karmada.io', 'v1alpha1', 'clusters');
    assert.equal(clusters.scope, 'Cluster');
    assert.deepEqual(clusters.subresources?.map((sub) => [sub.subresource, sub.verbs.join(' ')]), [
      ['proxy', 'create delete get patch update'],
      ['status', 'get patch update'],
    ]);
  });

  it('autoscaling lists v2 before v1', () => {
    const autoscaling = buildAggregatedDiscovery(catalog, 'apis').items.find((item) => item.metadata.name === 'autoscaling');
    assert.deepEqual(autoscaling?.versions.map((v) => v.version), ['v2', 'v1']);
  });

  it('v2beta1 differs only in apiVersion', () => {
    const v2 = buildAggregatedDiscovery(catalog, 'apis', 'v2');
    const v2beta1 = buildAggregatedDiscovery(catalog, 'apis', 'v2beta1');
    assert.equal(v2beta1.apiVersion, 'apidiscovery.k8s.io/v2beta1');
    assert.deepEqual(v2beta1.items, v2.items);
  });
});

describe('legacy discovery', () => {
  it('APIVersions', () => {
    assert.deepEqual(buildAPIVersions(catalog, '127.0.0.1:5443'), {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:5443' }],
    });
    assert.deepEqual(buildAPIVersions(catalog).serverAddressByClientCIDRs, []);
  });

  it('APIGroupList excludes the core group and names preferred versions', () => {
    const list = buildAPIGroupList(catalog);
    assert.equal(list.kind, 'APIGroupList');
    assert.equal(list.apiVersion, 'v1');
    assert.ok(!list.groups.some((group) => group.name === ''));
    const autoscaling = list.groups.find((group) => group.name === 'autoscaling');
    assert.deepEqual(autoscaling, {
      name: 'autoscaling',
      versions: [
        { groupVersion: 'autoscaling/v2', version: 'v2' },
        { groupVersion: 'autoscaling/v1', version: 'v1' },
      ],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });
  });

  it('APIGroup', () => {
    assert.deepEqual(buildAPIGroup(catalog, 'policy.karmada.io'), {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'policy.karmada.io',
      versions: [{ groupVersion: 'policy.karmada.io/v1alpha1', version: 'v1alpha1' }],
      preferredVersion: { groupVersion: 'policy.karmada.io/v1alpha1', version: 'v1alpha1' },
    });
    assert.equal(buildAPIGroup(catalog, 'nope.example.com'), undefined);
    assert.equal(buildAPIGroup(catalog, ''), undefined);
  });

  it('APIResourceList for apps/v1 lists subresources as deployments/scale', () => {
    const list = buildAPIResourceList(catalog, 'apps', 'v1');
    assert.equal(list?.kind, 'APIResourceList');
    assert.equal(list?.apiVersion, 'v1');
    assert.equal(list?.groupVersion, 'apps/v1');
    const names = list?.resources.map((resource) => resource.name) ?? [];
    assert.ok(names.indexOf('deployments') < names.indexOf('deployments/scale'));
    assert.ok(names.indexOf('deployments/scale') < names.indexOf('deployments/status'));
    assert.deepEqual(
      list?.resources.find((resource) => resource.name === 'deployments/scale'),
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    );
    const deployments = list?.resources.find((resource) => resource.name === 'deployments');
    assert.equal(deployments?.singularName, 'deployment');
    assert.deepEqual(deployments?.shortNames, ['deploy']);
    assert.equal(typeof deployments?.storageVersionHash, 'string');
  });

  it('/api/v1 has no apiVersion and kube-compatible storage version hashes', () => {
    const list = buildAPIResourceList(catalog, '', 'v1');
    assert.equal(list?.groupVersion, 'v1');
    assert.equal(list !== undefined && 'apiVersion' in list, false);
    assert.equal(list?.resources.find((resource) => resource.name === 'pods')?.storageVersionHash, 'xPOwRZ+Yhw8=');
    const eviction = list?.resources.find((resource) => resource.name === 'pods/eviction');
    assert.deepEqual(eviction, { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  });

  it('review resources have no storage version hash; unknown group/versions are undefined', () => {
    const list = buildAPIResourceList(catalog, 'authorization.k8s.io', 'v1');
    const ssar = list?.resources.find((resource) => resource.name === 'selfsubjectaccessreviews');
    assert.deepEqual(ssar?.verbs, ['create']);
    assert.equal(ssar?.storageVersionHash, undefined);
    assert.equal(buildAPIResourceList(catalog, 'apps', 'v1beta1'), undefined);
  });
});

describe('negotiateDiscovery', () => {
  const kubectl132 =
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
  const kubectl127 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
  const cases: readonly [string | undefined, string | undefined][] = [
    [kubectl132, 'v2'],
    [kubectl127, 'v2beta1'],
    ['application/json', 'legacy'],
    ['application/json, */*', 'legacy'],
    [undefined, 'legacy'],
    ['', 'legacy'],
    ['*/*', 'legacy'],
    ['application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json', 'legacy'],
    ['application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json', 'legacy'],
    ['application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList', undefined],
    ['application/json;as=Table;v=v1;g=meta.k8s.io', undefined],
    ['text/html', undefined],
  ];
  for (const [accept, expected] of cases) {
    it(`${accept ?? '<none>'} -> ${expected ?? 'not acceptable'}`, () => {
      assert.equal(negotiateDiscovery(accept), expected);
    });
  }

  it('names the aggregated Content-Type kubectl detects', () => {
    assert.equal(discoveryContentType('v2'), AGGREGATED_DISCOVERY_V2_CONTENT_TYPE);
    assert.equal(AGGREGATED_DISCOVERY_V2_CONTENT_TYPE, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(discoveryContentType('legacy'), 'application/json');
  });
});

describe('buildVersionInfo', () => {
  it('reports Kubernetes 1.32 by default, with every field kubectl reads', () => {
    const info = buildVersionInfo();
    assert.equal(info.major, '1');
    assert.equal(info.minor, '32');
    assert.equal(info.gitVersion, 'v1.32.0+karmada-ts');
    for (const key of ['gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform'] as const) {
      assert.equal(typeof info[key], 'string');
    }
    assert.match(info.buildDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('takes a configurable minor', () => {
    assert.equal(buildVersionInfo({ minor: 30, patch: 2 }).gitVersion, 'v1.30.2+karmada-ts');
    assert.throws(() => buildVersionInfo({ minor: '3x' }));
  });
});

describe('DiscoveryDocuments', () => {
  it('caches per catalog generation and re-renders after a change', () => {
    const local = ResourceCatalog.withDefaults();
    const documents = new DiscoveryDocuments(local);
    const first = documents.aggregated('apis');
    assert.equal(documents.aggregated('apis'), first);
    assert.match(first.etag, /^"[0-9A-F]{128}"$/);
    assert.equal(documents.resourceList('example.com', 'v1'), undefined);

    const widget: ResourceInfo = {
      group: 'example.com', version: 'v1', kind: 'Widget', resource: 'widgets', singular: 'widget',
      listKind: 'WidgetList', namespaced: true, builtin: false,
    };
    local.add(widget);
    const second = documents.aggregated('apis');
    assert.notEqual(second.etag, first.etag);
    assert.ok(second.json.includes('"widgets"'));
    assert.ok(documents.resourceList('example.com', 'v1')?.json.includes('"Widget"'));
    assert.ok(documents.group('example.com'));
    assert.equal(documents.group('nope.example.com'), undefined);
    assert.ok(JSON.parse(documents.apiVersions().json));
    assert.ok(JSON.parse(documents.groupList().json));
  });
});
