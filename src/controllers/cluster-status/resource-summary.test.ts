import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import { nodeSummary, resourceSummary } from './resource-summary.js';
import { allocatableModelings, defaultClusterResourceModels, standardizeClusterResourceModels } from './resource-modeling.js';

function node(name: string, allocatable: Record<string, string>, ready = true): KubeObject {
  return { metadata: { name }, status: { allocatable, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } };
}

interface PodOptions {
  node?: string;
  phase?: string;
  containers?: Record<string, string>[];
  init?: Record<string, string>[];
  overhead?: Record<string, string>;
}

function pod(name: string, o: PodOptions): KubeObject {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      ...(o.node === undefined ? {} : { nodeName: o.node }),
      containers: (o.containers ?? [{}]).map((requests, i) => ({ name: `c${i}`, resources: { requests } })),
      ...(o.init === undefined ? {} : { initContainers: o.init.map((requests, i) => ({ name: `i${i}`, resources: { requests } })) }),
      ...(o.overhead === undefined ? {} : { overhead: o.overhead }),
    },
    status: { phase: o.phase ?? (o.node === undefined ? 'Pending' : 'Running') },
  };
}

const nodes = [node('n1', { cpu: '4', memory: '16Gi', pods: '110' }), node('n2', { cpu: '8', memory: '32Gi', pods: '110' }, false)];
const pods = [
  pod('p1', { node: 'n1', containers: [{ cpu: '500m', memory: '1Gi' }] }),
  pod('p2', { node: 'n1', containers: [{ cpu: '100m' }], init: [{ cpu: '2' }] }),
  pod('p3', { containers: [{ cpu: '1' }] }),
  pod('p4', { node: 'n2', phase: 'Succeeded', containers: [{ cpu: '3' }] }),
  pod('p5', { node: 'n2', containers: [{ cpu: '250m', memory: '512Mi' }], overhead: { cpu: '100m' } }),
];

describe('cluster status: node and resource summary', () => {
  test('node summary counts Ready nodes', () => {
    assert.deepEqual(nodeSummary(nodes), { totalNum: 2, readyNum: 1 });
  });

  test('allocatable sums nodes; allocated counts bound unfinished pods; allocating counts unbound pods', () => {
    assert.deepEqual(resourceSummary(nodes, pods), {
      allocatable: { cpu: '12', memory: '48Gi', pods: '220' },
      // p1 + p2 (init container max'ed against the running total, as Karmada) + p5 with overhead.
      allocated: { cpu: '2350m', memory: '1536Mi', pods: '3' },
      allocating: { cpu: '1', pods: '1' },
    });
  });

  test('no nodes and no pods: empty allocatable, nothing else', () => {
    assert.deepEqual(resourceSummary([], []), { allocatable: {} });
  });

  test('extended resources are summed, unknown non-scalar names ignored', () => {
    const p = [pod('g', { node: 'n1', containers: [{ 'nvidia.com/gpu': '1', 'hugepages-2Mi': '4Mi', bogus: '3' }] })];
    assert.deepEqual(resourceSummary([], p).allocated, { 'hugepages-2Mi': '4Mi', 'nvidia.com/gpu': '1', pods: '1' });
  });
});

describe('cluster status: allocatable modelings', () => {
  test('default models grade each node by the lowest grade over cpu and memory', () => {
    // n1: free cpu 2, memory 15Gi -> cpu grade 2, memory grade 1 -> grade 1.
    // n2: free cpu 7650m, memory 31.5Gi -> cpu grade 3, memory grade 2 -> grade 2.
    const got = allocatableModelings(defaultClusterResourceModels(), nodes, pods);
    assert.deepEqual(got?.map((m) => m.count), [0, 1, 1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(got?.map((m) => m.grade), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  const cpuModels = standardizeClusterResourceModels([
    { grade: 1, ranges: [{ name: 'cpu', min: '2', max: '4' }] },
    { grade: 0, ranges: [{ name: 'cpu', min: '1', max: '2' }] },
    { grade: 2, ranges: [{ name: 'cpu', min: '4', max: '8' }] },
  ]);

  const cases: { name: string; nodes: KubeObject[]; pods?: KubeObject[]; want: number[] | undefined }[] = [
    { name: 'interval edges are [min, max)', nodes: [node('a', { cpu: '2', pods: '10' }), node('b', { cpu: '1999m', pods: '10' }), node('c', { cpu: '64', pods: '10' })], want: [1, 1, 1] },
    { name: 'node without the resource falls in grade 0', nodes: [node('a', { memory: '1Gi', pods: '10' })], want: [1, 0, 0] },
    {
      name: 'a node with no pod slots left stops the count (Karmada break)',
      nodes: [node('a', { cpu: '8', pods: '1' }), node('b', { cpu: '8', pods: '10' })],
      pods: [pod('x', { node: 'a', containers: [{ cpu: '1' }] })],
      want: [0, 0, 0],
    },
    { name: 'overcommitted node counts in the lowest grade', nodes: [node('a', { cpu: '1', pods: '10' })], pods: [pod('x', { node: 'a', containers: [{ cpu: '3' }] })], want: [1, 0, 0] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(allocatableModelings(cpuModels, c.nodes, c.pods ?? [])?.map((m) => m.count), c.want);
    });
  }

  test('no models: no modelings', () => {
    assert.equal(allocatableModelings(undefined, nodes, pods), undefined);
    assert.equal(allocatableModelings([], nodes, pods), undefined);
  });

  test('standardize sorts grades and opens the outer bounds', () => {
    assert.deepEqual(cpuModels.map((m) => [m.grade, m.ranges[0]?.min, m.ranges[0]?.max]), [
      [0, '0', '2'],
      [1, '2', '4'],
      [2, '4', '9223372036854775807'],
    ]);
  });

  test('default models match Karmada (9 grades, cpu and memory)', () => {
    const models = defaultClusterResourceModels();
    assert.equal(models.length, 9);
    assert.deepEqual(models[0], { grade: 0, ranges: [{ name: 'cpu', min: '0', max: '1' }, { name: 'memory', min: '0', max: '4Gi' }] });
    assert.deepEqual(models[7], { grade: 7, ranges: [{ name: 'cpu', min: '64', max: '128' }, { name: 'memory', min: '512Gi', max: '1Ti' }] });
    assert.deepEqual(models[8], { grade: 8, ranges: [{ name: 'cpu', min: '128', max: '9223372036854775807' }, { name: 'memory', min: '1Ti', max: '9223372036854775807' }] });
  });
});
