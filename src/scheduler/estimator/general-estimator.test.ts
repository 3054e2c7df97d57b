import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceModel } from '../../api/cluster/cluster.js';
import type { ResourceList } from '../../api/policy/kube-core.js';
import { makeCluster, type ClusterOptions } from '../testing/fixtures.js';
import { CapacityLedger } from './capacity-ledger.js';
import { estimateCluster, GeneralEstimator } from './general-estimator.js';
import { parseResourceRequest } from './resource-request.js';

function estimate(o: ClusterOptions, request?: ResourceList, ledger?: CapacityLedger, name = 'c'): number {
  const requirements = request === undefined ? undefined : { resourceRequest: request };
  return estimateCluster(makeCluster(name, o), {
    request: parseResourceRequest(requirements),
    hasRequirements: requirements !== undefined,
    ...(ledger ? { reservations: ledger.lookupExcluding(undefined) } : {}),
  });
}

const cpuModels: ResourceModel[] = [
  { grade: 0, ranges: [{ name: 'cpu', min: '0', max: '1' }] },
  { grade: 1, ranges: [{ name: 'cpu', min: '1', max: '2' }] },
  { grade: 2, ranges: [{ name: 'cpu', min: '2', max: '4' }] },
];
const cpuMemModels: ResourceModel[] = [
  { grade: 0, ranges: [{ name: 'cpu', min: '0', max: '1' }, { name: 'memory', min: '0', max: '1Gi' }] },
  { grade: 1, ranges: [{ name: 'cpu', min: '1', max: '2' }, { name: 'memory', min: '1Gi', max: '2Gi' }] },
  { grade: 2, ranges: [{ name: 'cpu', min: '2', max: '4' }, { name: 'memory', min: '2Gi', max: '4Gi' }] },
];
const oneEach = [
  { grade: 0, count: 1 },
  { grade: 1, count: 1 },
  { grade: 2, count: 1 },
];

describe('general estimator: resource summary', () => {
  const summary: ClusterOptions = {
    allocatable: { cpu: '4', memory: '8Gi', pods: '100' },
    allocated: { cpu: '1', memory: '2Gi', pods: '20' },
  };
  const cases: Array<{ name: string; cluster: ClusterOptions; request?: ResourceList; want: number }> = [
    // Karmada's TestMaxAvailableReplicasGeneral / TestGetAllowedPodNumber.
    { name: 'no resource summary', cluster: { noSummary: true }, request: { cpu: '1' }, want: 0 },
    { name: 'no pods left', cluster: { allocatable: { pods: '10' }, allocated: { pods: '10' } }, want: 0 },
    { name: 'no requirements: pods only', cluster: { allocatable: { pods: '10' } }, want: 10 },
    { name: 'cpu and memory: the minimum wins', cluster: summary, request: { cpu: '500m', memory: '1Gi' }, want: 6 },
    { name: 'allocating counts as used', cluster: { allocatable: { pods: '100' }, allocated: { pods: '40' }, allocating: { pods: '10' } }, want: 50 },
    { name: 'over-allocation gives 0', cluster: { allocatable: { pods: '100' }, allocated: { pods: '90' }, allocating: { pods: '20' } }, want: 0 },
    { name: 'a requested resource the cluster lacks gives 0', cluster: summary, request: { 'nvidia.com/gpu': '1' }, want: 0 },
    { name: 'pods bound the estimate', cluster: { allocatable: { cpu: '100', pods: '3' } }, request: { cpu: '1' }, want: 3 },
    { name: 'zero requests are ignored', cluster: { allocatable: { cpu: '1', pods: '7' } }, request: { cpu: '0' }, want: 7 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(estimate(c.cluster, c.request), c.want));
  }
});

describe('general estimator: resource models (Karmada TestGetMaximumReplicasBasedOnResourceModels)', () => {
  const cases: Array<{ name: string; models: ResourceModel[]; request: ResourceList; want: number }> = [
    { name: 'partially compliant grades', models: cpuModels, request: { cpu: '1.5' }, want: 1 },
    { name: 'no compliant grade', models: cpuModels, request: { cpu: '3' }, want: 0 },
    { name: 'multi-resource request uses the higher grade', models: cpuMemModels, request: { cpu: '1', memory: '1.5Gi' }, want: 1 },
    { name: 'request above the highest grade', models: cpuMemModels, request: { cpu: '1', memory: '2.5Gi' }, want: 0 },
    { name: 'small pods fill many per node', models: cpuModels, request: { cpu: '500m' }, want: 2 + 4 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(estimate({ allocatable: { cpu: '100', pods: '100' }, resourceModels: c.models, modelings: oneEach }, c.request), c.want);
    });
  }

  it('falls back to the summary when models miss a requested resource', () => {
    const o: ClusterOptions = { allocatable: { cpu: '4', memory: '4Gi', pods: '100' }, resourceModels: cpuModels, modelings: oneEach };
    assert.equal(estimate(o, { cpu: '1', memory: '1Gi' }), 4);
  });

  it('can be told to ignore models', () => {
    const cluster = makeCluster('c', { allocatable: { cpu: '10', pods: '100' }, resourceModels: cpuModels, modelings: oneEach });
    const request = parseResourceRequest({ resourceRequest: { cpu: '1' } });
    assert.equal(new GeneralEstimator({ resourceModels: false }).maxAvailableReplicas([cluster], { request, hasRequirements: true })[0], 10);
    assert.equal(new GeneralEstimator().maxAvailableReplicas([cluster], { request, hasRequirements: true })[0], 1 + 2);
  });
});

describe('general estimator with reservations', () => {
  it('subtracts capacity reserved by other bindings', () => {
    const ledger = new CapacityLedger();
    const request = parseResourceRequest({ resourceRequest: { cpu: '1' } });
    ledger.reserve('ns/other', [{ cluster: 'c', replicas: 3 }], request);
    assert.equal(estimate({ allocatable: { cpu: '10', pods: '100' } }, { cpu: '1' }, ledger), 7);
    assert.equal(estimate({ allocatable: { pods: '5' } }, undefined, ledger), 2);
  });
});

describe('CapacityLedger', () => {
  const request = parseResourceRequest({ resourceRequest: { cpu: '500m', memory: '1Gi' } });

  it('sums reservations per cluster and excludes the asking binding', () => {
    const ledger = new CapacityLedger();
    ledger.reserve('a', [{ cluster: 'm1', replicas: 2 }], request);
    ledger.reserve('b', [{ cluster: 'm1', replicas: 1 }, { cluster: 'm2', replicas: 4 }], request);
    assert.equal(ledger.reservation('m1')?.pods, 3);
    assert.equal(ledger.reservation('m1')?.resources.get('cpu'), 1500);
    assert.equal(ledger.reservation('m1', 'a')?.pods, 1);
    assert.equal(ledger.reservation('m2', 'b'), undefined);
    assert.equal(ledger.size, 2);
  });

  it('replaces a binding reservation instead of adding to it', () => {
    const ledger = new CapacityLedger();
    ledger.reserve('a', [{ cluster: 'm1', replicas: 2 }], request);
    ledger.reserve('a', [{ cluster: 'm1', replicas: 5 }], request);
    assert.equal(ledger.reservation('m1')?.pods, 5);
    assert.deepEqual([...ledger.reservedBy('a')], [['m1', 5]]);
  });

  it('releases by binding, by cluster and entirely', () => {
    const ledger = new CapacityLedger();
    ledger.reserve('a', [{ cluster: 'm1', replicas: 2 }, { cluster: 'm2', replicas: 1 }], request);
    ledger.reserve('b', [{ cluster: 'm1', replicas: 1 }], request);
    ledger.release('b');
    assert.equal(ledger.reservation('m1')?.pods, 2);
    ledger.releaseCluster('m1');
    assert.equal(ledger.reservation('m1'), undefined);
    assert.equal(ledger.reservation('m2')?.pods, 1);
    ledger.clear();
    assert.equal(ledger.reservation('m2'), undefined);
    assert.equal(ledger.size, 0);
  });

  it('ignores entries without positive replicas', () => {
    const ledger = new CapacityLedger();
    ledger.reserve('a', [{ cluster: 'm1', replicas: 0 }], request);
    assert.equal(ledger.size, 0);
  });
});
