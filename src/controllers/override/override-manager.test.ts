import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { ClusterOverridePolicy, OverridePolicy, OverrideSpec } from '../../api/policy/override-policy.js';
import { appliedOverridesJson } from './applied-overrides.js';
import { applyOverridePolicies, selectOverriders } from './override-manager.js';

const cluster = (name: string, labels: Record<string, string> = {}): Cluster => ({ metadata: { name, labels }, spec: { syncMode: 'Push' } });

const op = (name: string, spec: OverrideSpec, namespace = 'default'): OverridePolicy => ({ metadata: { name, namespace }, spec });
const cop = (name: string, spec: OverrideSpec): ClusterOverridePolicy => ({ metadata: { name }, spec });

const web: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { replicas: 1 } };

const setLabel = (value: string): OverrideSpec['overrideRules'] => [{ overriders: { labelsOverrider: [{ operator: 'add', value: { who: value } }] } }];

describe('override policy selection', () => {
  it('orders by selector specificity (match-all, label, name) then by name', () => {
    const policies = [
      op('z-name', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }], overrideRules: setLabel('z-name') }),
      op('b-all', { overrideRules: setLabel('b-all') }),
      op('a-label', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { app: 'web' } } }], overrideRules: setLabel('a-label') }),
      op('a-kind', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }], overrideRules: setLabel('a-kind') }),
      op('other', { resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }], overrideRules: setLabel('other') }),
    ];
    assert.deepEqual(selectOverriders(policies, web, cluster('m1')).map((s) => s.policyName), ['a-kind', 'b-all', 'a-label', 'z-name']);
    // The most specific policy is applied last and wins.
    assert.equal(applyOverridePolicies(web, cluster('m1'), [], policies).object.metadata.labels?.['who'], 'z-name');
  });

  it('applies only rules whose targetCluster matches; nil targetCluster matches all', () => {
    const policy = op('p', {
      overrideRules: [
        { targetCluster: { clusterNames: ['m2'] }, overriders: { labelsOverrider: [{ operator: 'add', value: { m2: 'yes' } }] } },
        { targetCluster: { labelSelector: { matchLabels: { region: 'eu' } } }, overriders: { labelsOverrider: [{ operator: 'add', value: { eu: 'yes' } }] } },
        { overriders: { labelsOverrider: [{ operator: 'add', value: { all: 'yes' } }] } },
      ],
    });
    const labels = (c: Cluster): Record<string, string> | undefined => applyOverridePolicies(web, c, [], [policy]).object.metadata.labels;
    assert.deepEqual(labels(cluster('m1')), { app: 'web', all: 'yes' });
    assert.deepEqual(labels(cluster('m2')), { app: 'web', m2: 'yes', all: 'yes' });
    assert.deepEqual(labels(cluster('m3', { region: 'eu' })), { app: 'web', eu: 'yes', all: 'yes' });
  });

  it('uses the deprecated top-level targetCluster/overriders when overrideRules is empty', () => {
    const policy = op('old', { targetCluster: { clusterNames: ['m1'] }, overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 7 }] } });
    assert.equal((applyOverridePolicies(web, cluster('m1'), [], [policy]).object['spec'] as { replicas: number }).replicas, 7);
    assert.equal((applyOverridePolicies(web, cluster('m2'), [], [policy]).object['spec'] as { replicas: number }).replicas, 1);
  });

  it('applies ClusterOverridePolicies before OverridePolicies, and only same-namespace OverridePolicies', () => {
    const result = applyOverridePolicies(
      web,
      cluster('m1'),
      [cop('c', { overrideRules: setLabel('cluster') })],
      [op('n', { overrideRules: setLabel('namespaced') }), op('elsewhere', { overrideRules: setLabel('elsewhere') }, 'other')],
    );
    assert.equal(result.object.metadata.labels?.['who'], 'namespaced');
    assert.deepEqual(result.appliedClusterOverrides.map((a) => a.policyName), ['c']);
    assert.deepEqual(result.appliedOverrides.map((a) => a.policyName), ['n']);
  });

  it('skips OverridePolicies for cluster-scoped objects', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } };
    const result = applyOverridePolicies(ns, cluster('m1'), [cop('c', { overrideRules: setLabel('cluster') })], [op('n', { overrideRules: setLabel('n') })]);
    assert.deepEqual(result.object.metadata.labels, { who: 'cluster' });
    assert.deepEqual(result.appliedOverrides, []);
  });

  it('names the failing policy', () => {
    const bad = op('bad', { overrideRules: [{ overriders: { plaintext: [{ path: '/nope/x', operator: 'replace', value: 1 }] } }] });
    assert.throws(() => applyOverridePolicies(web, cluster('m1'), [], [bad]), /override policy\(default\/bad\) for cluster\(m1\)/);
  });
});

describe('applied overrides annotation', () => {
  it('is undefined when nothing applied', () => assert.equal(appliedOverridesJson([]), undefined));
  it('sorts by policy name and writes fields in Karmada order', () => {
    const json = appliedOverridesJson([
      { policyName: 'b', overriders: { labelsOverrider: [{ operator: 'add', value: { z: '1', a: '2' } }], plaintext: [{ operator: 'replace', path: '/x', value: 1 }] } },
      { policyName: 'a', overriders: { imageOverrider: [{ operator: 'replace', component: 'Tag', value: 'v1' }] } },
    ]);
    assert.equal(
      json,
      '[{"policyName":"a","overriders":{"imageOverrider":[{"component":"Tag","operator":"replace","value":"v1"}]}},' +
        '{"policyName":"b","overriders":{"plaintext":[{"path":"/x","operator":"replace","value":1}],"labelsOverrider":[{"operator":"add","value":{"a":"2","z":"1"}}]}}]',
    );
  });
});
