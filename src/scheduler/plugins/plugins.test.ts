import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Placement } from '../../api/policy/placement.js';
import type { ResourceBindingStatus } from '../../api/work/resource-binding.js';
import type { FilterPlugin } from '../framework/interface.js';
import { makeBinding, makeCluster, type BindingOptions } from '../testing/fixtures.js';
import { APIEnablementPlugin } from './api-enablement/api-enablement.js';
import { ClusterAffinityPlugin } from './cluster-affinity/cluster-affinity.js';
import { ClusterEvictionPlugin } from './cluster-eviction/cluster-eviction.js';
import { ClusterLocalityPlugin } from './cluster-locality/cluster-locality.js';
import { SpreadConstraintPlugin } from './spread-constraint/spread-constraint.js';
import { TaintTolerationPlugin } from './taint-toleration/taint-toleration.js';

interface Case {
  name: string;
  cluster: Cluster;
  binding?: BindingOptions;
  status?: ResourceBindingStatus;
  /** undefined = Success, else the expected reason. */
  reason?: string;
}

function runTable(plugin: FilterPlugin, cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const b = makeBinding(c.binding);
      const result = plugin.filter(b.spec.placement ?? {}, b.spec, c.status ?? {}, c.cluster);
      if (c.reason === undefined) assert.equal(result.code, 'Success', result.reasons.join());
      else {
        assert.equal(result.code, 'Unschedulable');
        assert.deepEqual(result.reasons, [c.reason]);
      }
    });
  }
}

describe('APIEnablement', () => {
  runTable(new APIEnablementPlugin(), [
    { name: 'API served', cluster: makeCluster('m1') },
    { name: 'API missing', cluster: makeCluster('m1', { apis: [{ groupVersion: 'v1', kinds: ['Pod'] }] }), reason: 'cluster(s) did not have the API resource' },
    { name: 'same kind, other version', cluster: makeCluster('m1', { apis: [{ groupVersion: 'apps/v1beta1', kinds: ['Deployment'] }] }), reason: 'cluster(s) did not have the API resource' },
    { name: 'already scheduled there passes', cluster: makeCluster('m1', { apis: [] }), binding: { clusters: [{ name: 'm1', replicas: 1 }] } },
  ]);
});

const notReady = { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' as const };
describe('TaintToleration', () => {
  runTable(new TaintTolerationPlugin(), [
    { name: 'no taints', cluster: makeCluster('m1') },
    { name: 'NoSchedule untolerated', cluster: makeCluster('m1', { taints: [notReady] }), reason: 'cluster(s) had untolerated taint {cluster.karmada.io/not-ready:NoSchedule}' },
    { name: 'NoExecute untolerated', cluster: makeCluster('m1', { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] }), reason: 'cluster(s) had untolerated taint {k=v:NoExecute}' },
    { name: 'PreferNoSchedule ignored', cluster: makeCluster('m1', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }) },
    {
      name: 'tolerated by placement',
      cluster: makeCluster('m1', { taints: [notReady] }),
      binding: { placement: { clusterTolerations: [{ key: 'cluster.karmada.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] } },
    },
    { name: 'already scheduled there passes', cluster: makeCluster('m1', { taints: [notReady] }), binding: { clusters: [{ name: 'm1', replicas: 1 }] } },
  ]);
});

const terms: Placement = {
  clusterAffinities: [
    { affinityName: 'primary', clusterNames: ['m1'] },
    { affinityName: 'backup', clusterNames: ['m2'] },
  ],
};
describe('ClusterAffinity', () => {
  const mismatch = 'cluster(s) did not match the placement cluster affinity constraint';
  runTable(new ClusterAffinityPlugin(), [
    { name: 'no affinity matches all', cluster: makeCluster('m1') },
    { name: 'clusterNames match', cluster: makeCluster('m1'), binding: { placement: { clusterAffinity: { clusterNames: ['m1'] } } } },
    { name: 'clusterNames miss', cluster: makeCluster('m2'), binding: { placement: { clusterAffinity: { clusterNames: ['m1'] } } }, reason: mismatch },
    { name: 'exclude', cluster: makeCluster('m1'), binding: { placement: { clusterAffinity: { exclude: ['m1'] } } }, reason: mismatch },
    {
      name: 'labelSelector',
      cluster: makeCluster('m1', { labels: { env: 'dev' } }),
      binding: { placement: { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } } },
      reason: mismatch,
    },
    {
      name: 'fieldSelector on region',
      cluster: makeCluster('m1', { region: 'eu' }),
      binding: { placement: { clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }] } } } },
    },
    { name: 'observed term primary', cluster: makeCluster('m2'), binding: { placement: terms }, status: { schedulerObservingAffinityName: 'primary' }, reason: mismatch },
    { name: 'observed term backup', cluster: makeCluster('m2'), binding: { placement: terms }, status: { schedulerObservingAffinityName: 'backup' } },
  ]);
});

describe('SpreadConstraint', () => {
  const spread = (field: 'region' | 'zone' | 'provider'): BindingOptions => ({ placement: { spreadConstraints: [{ spreadByField: field, minGroups: 1, maxGroups: 2 }] } });
  runTable(new SpreadConstraintPlugin(), [
    { name: 'region present', cluster: makeCluster('m1', { region: 'r' }), binding: spread('region') },
    { name: 'region missing', cluster: makeCluster('m1'), binding: spread('region'), reason: "cluster(s) didn't have region property" },
    { name: 'zone missing', cluster: makeCluster('m1'), binding: spread('zone'), reason: "cluster(s) didn't have zone property" },
    { name: 'provider missing', cluster: makeCluster('m1'), binding: spread('provider'), reason: "cluster(s) didn't have provider property" },
    { name: 'by cluster needs nothing', cluster: makeCluster('m1'), binding: { placement: { spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 1 }] } } },
    {
      name: 'label missing',
      cluster: makeCluster('m1'),
      binding: { placement: { spreadConstraints: [{ spreadByLabel: 'rack', maxGroups: 1 }] } },
      reason: "cluster(s) didn't have label rack",
    },
  ]);
});

describe('ClusterEviction', () => {
  runTable(new ClusterEvictionPlugin(), [
    { name: 'not evicting', cluster: makeCluster('m1') },
    {
      name: 'in a graceful eviction task',
      cluster: makeCluster('m1'),
      binding: { evictions: [{ fromCluster: 'm1', reason: 'TaintUntolerated', producer: 'taint-manager' }] },
      reason: 'cluster(s) is in the process of eviction',
    },
  ]);
});

describe('ClusterLocality', () => {
  it('scores 100 where the workload already runs, 0 elsewhere', () => {
    const b = makeBinding({ clusters: [{ name: 'm1', replicas: 2 }] });
    const p = new ClusterLocalityPlugin();
    assert.equal(p.score({}, b.spec, makeCluster('m1')), 100);
    assert.equal(p.score({}, b.spec, makeCluster('m2')), 0);
  });
});
