import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ResourceInfo } from '../resource-info.js';
import { BUILTIN_RESOURCES } from './builtin-resources.js';
import { ResourceCatalog } from './catalog.js';
import type { CatalogChange } from './catalog.js';
import { KARMADA_RESOURCES } from './karmada-resources.js';
import { compareVersionPriority } from './version-priority.js';

function qualified(info: ResourceInfo | undefined): string {
  if (!info) return '<none>';
  return `${info.resource}.${info.version}.${info.group || 'core'}`;
}

const WIDGET_V1: ResourceInfo = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  resource: 'widgets',
  singular: 'widget',
  listKind: 'WidgetList',
  namespaced: true,
  shortNames: ['wd'],
  builtin: false,
};

describe('ResourceCatalog.resolve', () => {
  const catalog = ResourceCatalog.withDefaults();
  const cases: readonly [string, string][] = [
    ['deploy', 'deployments.v1.apps'],
    ['deployments', 'deployments.v1.apps'],
    ['deployment', 'deployments.v1.apps'],
    ['Deployment', 'deployments.v1.apps'],
    ['deployments.apps', 'deployments.v1.apps'],
    ['deploy.v1.apps', 'deployments.v1.apps'],
    ['po', 'pods.v1.core'],
    ['svc', 'services.v1.core'],
    ['ns', 'namespaces.v1.core'],
    ['ev', 'events.v1.core'],
    ['events.events.k8s.io', 'events.v1.events.k8s.io'],
    ['hpa', 'horizontalpodautoscalers.v2.autoscaling'],
    ['hpa.v1.autoscaling', 'horizontalpodautoscalers.v1.autoscaling'],
    ['crd', 'customresourcedefinitions.v1.apiextensions.k8s.io'],
    ['pp', 'propagationpolicies.v1alpha1.policy.karmada.io'],
    ['pp.policy.karmada.io', 'propagationpolicies.v1alpha1.policy.karmada.io'],
    ['cpp', 'clusterpropagationpolicies.v1alpha1.policy.karmada.io'],
    ['op', 'overridepolicies.v1alpha1.policy.karmada.io'],
    ['rb', 'resourcebindings.v1alpha2.work.karmada.io'],
    ['rb.v1alpha1.work.karmada.io', 'resourcebindings.v1alpha1.work.karmada.io'],
    ['crb', 'clusterresourcebindings.v1alpha2.work.karmada.io'],
    ['wk', 'works.v1alpha1.work.karmada.io'],
    ['cluster', 'clusters.v1alpha1.cluster.karmada.io'],
    ['clusters', 'clusters.v1alpha1.cluster.karmada.io'],
    ['fhpa', 'federatedhpas.v1alpha1.autoscaling.karmada.io'],
    ['ric', 'resourceinterpretercustomizations.v1alpha1.config.karmada.io'],
    ['mcs', 'multiclusterservices.v1alpha1.networking.karmada.io'],
    ['svcim', 'serviceimports.v1alpha1.multicluster.x-k8s.io'],
    ['nosuchthing', '<none>'],
    ['deploy.batch', '<none>'],
  ];
  for (const [arg, expected] of cases) {
    it(`${arg} -> ${expected}`, () => {
      assert.equal(qualified(catalog.resolve(arg)[0]), expected);
    });
  }

  it('lists every served version of an ambiguous name, preferred first', () => {
    assert.deepEqual(catalog.resolve('rb').map(qualified), [
      'resourcebindings.v1alpha2.work.karmada.io',
      'resourcebindings.v1alpha1.work.karmada.io',
    ]);
  });
});

describe('ResourceCatalog lookups', () => {
  const catalog = ResourceCatalog.withDefaults();

  it('finds by group/version/resource and by group/version/kind', () => {
    assert.equal(catalog.get('apps', 'v1', 'deployments')?.kind, 'Deployment');
    assert.equal(catalog.get('', 'v1', 'pods')?.kind, 'Pod');
    assert.equal(catalog.byKind('work.karmada.io', 'v1alpha2', 'ResourceBinding')?.resource, 'resourcebindings');
    assert.equal(catalog.byKind('apps', 'v1', 'Pod'), undefined);
    assert.equal(catalog.preferredForKind('autoscaling', 'HorizontalPodAutoscaler')?.version, 'v2');
  });

  it('prefers the highest kube-aware version per group', () => {
    assert.equal(catalog.preferredVersion('autoscaling'), 'v2');
    assert.deepEqual(catalog.group('autoscaling')?.versions, ['v2', 'v1']);
    assert.equal(catalog.preferredVersion('work.karmada.io'), 'v1alpha2');
    assert.deepEqual(catalog.group('work.karmada.io')?.versions, ['v1alpha2', 'v1alpha1']);
    assert.equal(catalog.preferredVersion('nope'), undefined);
  });

  it('orders groups as kube-apiserver does, core first and CRD groups alphabetically last', () => {
    const names = catalog.groups().map((group) => group.group);
    assert.equal(names[0], '');
    assert.equal(names[1], 'apps');
    assert.ok(names.indexOf('cluster.karmada.io') < names.indexOf('apps.karmada.io'));
    assert.ok(names.indexOf('apps.karmada.io') < names.indexOf('work.karmada.io'));
  });

  it('lists the resources of one group/version', () => {
    assert.deepEqual(
      catalog.resources('batch', 'v1').map((info) => info.resource),
      ['cronjobs', 'jobs'],
    );
  });

  it('serves every kind the design lists', () => {
    const kinds = new Set(catalog.all().map((info) => `${info.group}/${info.kind}`));
    for (const expected of [
      'cluster.karmada.io/Cluster',
      'policy.karmada.io/PropagationPolicy',
      'policy.karmada.io/ClusterPropagationPolicy',
      'policy.karmada.io/OverridePolicy',
      'policy.karmada.io/ClusterOverridePolicy',
      'policy.karmada.io/FederatedResourceQuota',
      'policy.karmada.io/ClusterTaintPolicy',
      'work.karmada.io/Work',
      'work.karmada.io/ResourceBinding',
      'work.karmada.io/ClusterResourceBinding',
      'config.karmada.io/ResourceInterpreterCustomization',
      'config.karmada.io/ResourceInterpreterWebhookConfiguration',
      'autoscaling.karmada.io/FederatedHPA',
      'autoscaling.karmada.io/CronFederatedHPA',
      'networking.karmada.io/MultiClusterService',
      'networking.karmada.io/MultiClusterIngress',
      'multicluster.x-k8s.io/ServiceExport',
      'multicluster.x-k8s.io/ServiceImport',
      'apps.karmada.io/WorkloadRebalancer',
      'search.karmada.io/ResourceRegistry',
      'apiextensions.k8s.io/CustomResourceDefinition',
      '/Namespace',
      'apps/Deployment',
    ]) {
      assert.ok(kinds.has(expected), expected);
    }
  });
});

describe('catalog data', () => {
  it('has no duplicate group/version/resource and no short name used twice', () => {
    const seen = new Set<string>();
    const shortNames = new Map<string, string>();
    for (const info of [...BUILTIN_RESOURCES, ...KARMADA_RESOURCES]) {
      const key = `${info.group}/${info.version}/${info.resource}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      for (const shortName of info.shortNames ?? []) {
        const owner = `${info.group}/${info.resource}`;
        const previous = shortNames.get(shortName);
        // The same resource in several versions (or core/events.k8s.io events) may share a short name.
        if (previous !== undefined && previous !== owner && shortName !== 'ev') assert.fail(`${shortName}: ${previous} and ${owner}`);
        shortNames.set(shortName, owner);
      }
    }
  });

  it('puts workloads in the all category', () => {
    const catalog = ResourceCatalog.withDefaults();
    const all = catalog
      .all()
      .filter((info) => info.categories?.includes('all'))
      .map((info) => `${info.resource}.${info.version}`);
    for (const expected of ['pods.v1', 'services.v1', 'deployments.v1', 'replicasets.v1', 'statefulsets.v1', 'daemonsets.v1', 'jobs.v1', 'cronjobs.v1', 'horizontalpodautoscalers.v2', 'replicationcontrollers.v1']) {
      assert.ok(all.includes(expected), expected);
    }
    assert.ok(catalog.get('policy.karmada.io', 'v1alpha1', 'propagationpolicies')?.categories?.includes('karmada-io'));
  });
});

describe('Karmada printer columns', () => {
  const catalog = ResourceCatalog.withDefaults();
  const names = (group: string, version: string, resource: string): string[] =>
    (catalog.get(group, version, resource)?.printerColumns ?? []).map((column) => (column.priority ? `${column.name}*` : column.name));
  const cases: readonly [string, string, string, string[]][] = [
    ['policy.karmada.io', 'v1alpha1', 'propagationpolicies', ['CONFLICT-RESOLUTION', 'PRIORITY', 'AGE']],
    ['policy.karmada.io', 'v1alpha1', 'clusterpropagationpolicies', ['CONFLICT-RESOLUTION', 'PRIORITY', 'AGE']],
    ['policy.karmada.io', 'v1alpha1', 'federatedresourcequotas', ['OVERALL', 'OVERALL_USED']],
    ['policy.karmada.io', 'v1alpha1', 'overridepolicies', []],
    ['work.karmada.io', 'v1alpha2', 'resourcebindings', ['SCHEDULED', 'FULLYAPPLIED', 'AGE']],
    ['work.karmada.io', 'v1alpha1', 'resourcebindings', []],
    ['work.karmada.io', 'v1alpha2', 'clusterresourcebindings', ['SCHEDULED', 'FULLYAPPLIED', 'AGE']],
    ['work.karmada.io', 'v1alpha1', 'works', ['WORKLOAD-KIND', 'APPLIED', 'AGE']],
    ['config.karmada.io', 'v1alpha1', 'resourceinterpretercustomizations', ['TARGET-API-VERSION', 'TARGET-KIND', 'AGE']],
    ['autoscaling.karmada.io', 'v1alpha1', 'federatedhpas', ['REFERENCE-KIND', 'REFERENCE-NAME', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']],
    ['autoscaling.karmada.io', 'v1alpha1', 'cronfederatedhpas', ['REFERENCE-KIND', 'REFERENCE-NAME', 'AGE']],
    ['multicluster.x-k8s.io', 'v1alpha1', 'serviceimports', ['Type', 'IP', 'Age']],
    ['cluster.karmada.io', 'v1alpha1', 'clusters', ['Version', 'Mode', 'Ready', 'Age', 'Zones*', 'Region*', 'Provider*', 'API-Endpoint*', 'Proxy-URL*']],
  ];
  for (const [group, version, resource, expected] of cases) {
    it(`${resource}.${version}.${group}`, () => {
      assert.deepEqual(names(group, version, resource), expected);
    });
  }

  it('Work and binding columns read Karmada conditions', () => {
    const rb = catalog.get('work.karmada.io', 'v1alpha2', 'resourcebindings');
    assert.equal(rb?.printerColumns?.[0]?.jsonPath, '.status.conditions[?(@.type=="Scheduled")].status');
    assert.equal(catalog.get('work.karmada.io', 'v1alpha1', 'works')?.printerColumns?.[0]?.jsonPath, '.spec.workload.manifests[*].kind');
  });
});

describe('ResourceCatalog changes', () => {
  it('add/remove bump the generation and notify listeners', () => {
    const catalog = new ResourceCatalog();
    const seen: { changes: readonly CatalogChange[]; generation: number }[] = [];
    const unsubscribe = catalog.onChange((changes, generation) => seen.push({ changes, generation }));
    assert.equal(catalog.generation, 0);

    catalog.add(WIDGET_V1);
    assert.equal(catalog.generation, 1);
    assert.equal(catalog.resolve('wd')[0]?.kind, 'Widget');

    catalog.add(WIDGET_V1); // identical: no change
    assert.equal(catalog.generation, 1);

    catalog.add({ ...WIDGET_V1, shortNames: ['wdg'] });
    assert.equal(catalog.generation, 2);
    assert.equal(catalog.resolve('wd').length, 0);

    assert.equal(catalog.remove('example.com', 'widgets'), true);
    assert.equal(catalog.remove('example.com', 'widgets'), false);
    assert.equal(catalog.generation, 3);
    assert.equal(catalog.get('example.com', 'v1', 'widgets'), undefined);

    unsubscribe();
    catalog.add(WIDGET_V1);
    assert.deepEqual(
      seen.map((event) => [event.generation, event.changes.map((change) => change.type)]),
      [
        [1, ['added']],
        [2, ['updated']],
        [3, ['removed']],
      ],
    );
  });

  it('replace sets all versions of a resource in one step and keeps schemas', () => {
    const catalog = new ResourceCatalog([WIDGET_V1]);
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    catalog.replace('example.com', 'widgets', [
      { info: { ...WIDGET_V1, version: 'v2', storageVersion: 'v2' }, openAPIV3Schema: schema },
      { info: { ...WIDGET_V1, version: 'v1beta1', storageVersion: 'v2' } },
    ]);
    assert.equal(catalog.generation, 1);
    assert.deepEqual(catalog.versionsOf('example.com', 'widgets').map((info) => info.version), ['v2', 'v1beta1']);
    assert.deepEqual(catalog.openAPIV3Schema('example.com', 'v2', 'Widget'), schema);
    assert.equal(catalog.openAPIV3Schema('example.com', 'v1beta1', 'Widget'), undefined);
    assert.throws(() => catalog.replace('example.com', 'gadgets', [{ info: WIDGET_V1 }]));
  });

  it('still notifies every listener when one throws', () => {
    const catalog = new ResourceCatalog();
    let heard = 0;
    catalog.onChange(() => {
      throw new Error('boom');
    });
    catalog.onChange(() => {
      heard += 1;
    });
    assert.throws(() => catalog.add(WIDGET_V1), /boom/);
    assert.equal(heard, 1);
    assert.equal(catalog.generation, 1);
  });
});

describe('compareVersionPriority', () => {
  it('sorts as kube-aware version strings', () => {
    const versions = ['v1alpha1', 'foo', 'v1', 'v2beta1', 'v1beta2', 'v2', 'v1beta1', 'v11alpha2', 'bar'];
    assert.deepEqual([...versions].sort(compareVersionPriority), [
      'v2',
      'v1',
      'v2beta1',
      'v1beta2',
      'v1beta1',
      'v11alpha2',
      'v1alpha1',
      'bar',
      'foo',
    ]);
  });
});
