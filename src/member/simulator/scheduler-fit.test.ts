import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podRequests, type ResourceAmounts } from './resources.js';
import { fitFailures, selectNode, toleratesTaint, unschedulableMessage, type SchedulingNode } from './scheduler-fit.js';
import type { Pod, PodSpec } from './types.js';

const GI = 1024 ** 3;

function node(name: string, over: Partial<SchedulingNode> = {}): SchedulingNode {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name },
    unschedulable: false,
    taints: [],
    allocatable: { cpu: 4000, memory: 16 * GI, ephemeralStorage: 100 * GI, pods: 110 },
    requested: { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 },
    ...over,
  };
}

function req(cpu: number, memory = 0): ResourceAmounts {
  return { cpu, memory, ephemeralStorage: 0, pods: 1 };
}

describe('podRequests', () => {
  const table: [string, PodSpec, Partial<ResourceAmounts>][] = [
    ['sums containers', { containers: [{ name: 'a', resources: { requests: { cpu: '500m', memory: '1Gi' } } }, { name: 'b', resources: { requests: { cpu: '1' } } }] }, { cpu: 1500, memory: GI }],
    ['takes limits when requests are absent', { containers: [{ name: 'a', resources: { limits: { cpu: '250m', memory: '128Mi' } } }] }, { cpu: 250, memory: 128 * 1024 ** 2 }],
    ['init containers count at their max', { initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }], containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }, { cpu: 3000 }],
    ['sidecars add to the app containers', { initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } }], containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }, { cpu: 1100 }],
    ['nothing requested', { containers: [{ name: 'a' }] }, { cpu: 0, memory: 0 }],
  ];
  for (const [name, spec, want] of table) {
    it(name, () => {
      const got = podRequests({ metadata: { name: 'p' }, spec } satisfies Pod);
      for (const [k, v] of Object.entries(want)) {
        assert.equal(got[k as keyof ResourceAmounts], v, k);
      }
      assert.equal(got.pods, 1);
    });
  }
});

describe('fitFailures', () => {
  const table: [string, PodSpec, ResourceAmounts, SchedulingNode, string[]][] = [
    ['fits', {}, req(1000), node('n'), []],
    ['insufficient cpu', {}, req(5000), node('n'), ['Insufficient cpu']],
    ['cpu and memory both short', {}, req(5000, 32 * GI), node('n'), ['Insufficient cpu', 'Insufficient memory']],
    ['requested by bound pods counts', {}, req(1000), node('n', { requested: { cpu: 3500, memory: 0, ephemeralStorage: 0, pods: 3 } }), ['Insufficient cpu']],
    ['too many pods', {}, req(0), node('n', { allocatable: { cpu: 4000, memory: GI, ephemeralStorage: 0, pods: 2 }, requested: { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 2 } }), ['Too many pods']],
    ['cordoned', {}, req(0), node('n', { unschedulable: true }), ['node(s) were unschedulable']],
    ['cordoned but tolerated', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }] }, req(0), node('n', { unschedulable: true }), []],
    ['untolerated taint wins over resources', {}, req(9000), node('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), ['node(s) had untolerated taint {dedicated: gpu}']],
    ['PreferNoSchedule is not a filter', {}, req(0), node('n', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }), []],
    ['tolerated taint', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }, req(0), node('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), []],
    ['nodeSelector mismatch', { nodeSelector: { disk: 'ssd' } }, req(0), node('n'), ["node(s) didn't match Pod's node affinity/selector"]],
    ['nodeSelector match', { nodeSelector: { 'kubernetes.io/hostname': 'n' } }, req(0), node('n'), []],
    [
      'matchFields on metadata.name (daemon pods)',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['other'] }] }] } } } },
      req(0),
      node('n'),
      ["node(s) didn't match Pod's node affinity/selector"],
    ],
    [
      'terms are ORed',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z9'] }] }, { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'Exists' }] }],
            },
          },
        },
      },
      req(0),
      node('n'),
      [],
    ],
  ];
  for (const [name, spec, request, n, want] of table) {
    it(name, () => {
      assert.deepEqual(fitFailures(spec, request, n), want);
    });
  }
});

describe('toleratesTaint', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  const table: [string, Parameters<typeof toleratesTaint>[0], boolean][] = [
    ['Exists without key tolerates everything', { operator: 'Exists' }, true],
    ['Equal with value', { key: 'k', value: 'v' }, true],
    ['Equal with another value', { key: 'k', value: 'w' }, false],
    ['other effect', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, false],
    ['other key', { key: 'x', operator: 'Exists' }, false],
  ];
  for (const [name, toleration, want] of table) {
    it(name, () => assert.equal(toleratesTaint(toleration, taint), want));
  }
});

describe('unschedulableMessage', () => {
  it('counts reasons over nodes, sorted, as kube-scheduler words it', () => {
    assert.equal(unschedulableMessage(3, [['Insufficient cpu'], ['Insufficient cpu'], ['Insufficient cpu']]), '0/3 nodes are available: 3 Insufficient cpu.');
    assert.equal(
      unschedulableMessage(3, [['Insufficient cpu', 'Insufficient memory'], ['Insufficient cpu'], ['node(s) were unschedulable']]),
      '0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu.',
    );
    assert.equal(unschedulableMessage(0, []), 'no nodes available to schedule pods');
  });
});

describe('selectNode', () => {
  it('picks the node with the most room, spreading equal pods', () => {
    const nodes = [
      node('a', { requested: { cpu: 2000, memory: 0, ephemeralStorage: 0, pods: 2 } }),
      node('b', { requested: { cpu: 500, memory: 0, ephemeralStorage: 0, pods: 1 } }),
      node('c', { requested: { cpu: 1000, memory: 0, ephemeralStorage: 0, pods: 1 } }),
    ];
    assert.deepEqual(selectNode({}, req(500), nodes), { node: 'b' });
  });
  it('breaks ties by name', () => {
    assert.deepEqual(selectNode({}, req(0), [node('z'), node('m'), node('q')]), { node: 'm' });
  });
  it('explains why nothing fits', () => {
    assert.deepEqual(selectNode({}, req(8000), [node('a'), node('b'), node('c')]), { message: '0/3 nodes are available: 3 Insufficient cpu.' });
  });
});
