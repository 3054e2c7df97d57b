import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import type { NodeClaim } from '../api/work/resource-binding.js';
import { parseResourceRequest } from '../scheduler/estimator/resource-request.js';
import { nodeMatchesClaim, nodeSnapshot, replicasOnNode } from './node-fit.js';
import { podRequest } from './pod-requests.js';

function node(
  name: string,
  o: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', ...(o.pods ? { pods: o.pods } : {}) } },
  };
}

const req = (cpu: string, memory?: string): ReturnType<typeof parseResourceRequest> =>
  parseResourceRequest({ resourceRequest: { cpu, ...(memory ? { memory } : {}) } });

describe('replicasOnNode', () => {
  const cases: Array<{
    name: string;
    node: KubeObject;
    used?: { cpu?: number; memory?: number; pods: number };
    request: ReturnType<typeof parseResourceRequest>;
    want: number;
  }> = [
    { name: 'empty 4-cpu node, 1-cpu replicas', node: node('n', { cpu: '4' }), request: req('1'), want: 4 },
    { name: 'a 3-cpu replica does not fit a 2-cpu node', node: node('n', { cpu: '2' }), request: req('3'), want: 0 },
    { name: 'requests of bound pods are subtracted', node: node('n', { cpu: '4' }), used: { cpu: 2500, pods: 2 }, request: req('500m'), want: 3 },
    { name: 'the tightest resource wins', node: node('n', { cpu: '8', memory: '2Gi' }), request: req('1', '512Mi'), want: 4 },
    { name: 'pods limit caps small replicas', node: node('n', { cpu: '64', pods: '5' }), used: { pods: 3 }, request: req('100m'), want: 2 },
    { name: 'full pod slots give 0', node: node('n', { cpu: '64', pods: '3' }), used: { pods: 3 }, request: req('100m'), want: 0 },
    { name: 'no request: free pod slots (default 110)', node: node('n'), used: { pods: 10 }, request: [], want: 100 },
    { name: 'a resource the node lacks gives 0', node: node('n'), request: parseResourceRequest({ resourceRequest: { 'nvidia.com/gpu': '1' } }), want: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const requested = new Map<string, number>();
      if (c.used?.cpu !== undefined) requested.set('cpu', c.used.cpu);
      if (c.used?.memory !== undefined) requested.set('memory', c.used.memory);
      const usage = c.used === undefined ? undefined : { requested, pods: c.used.pods };
      assert.equal(replicasOnNode(nodeSnapshot(c.node), usage, c.request), c.want);
    });
  }
});

describe('nodeMatchesClaim', () => {
  const gpu = node('g', { labels: { accel: 'gpu', zone: 'a' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
  const plain = node('p', { labels: { zone: 'b' }, taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] });
  const evicting = node('e', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] });
  const cordoned = node('c', { unschedulable: true });
  const tolerateGpu: NodeClaim = { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] };
  const cases: Array<{ name: string; node: KubeObject; claim?: NodeClaim; want: boolean }> = [
    { name: 'NoSchedule taint without toleration', node: gpu, want: false },
    { name: 'NoSchedule taint tolerated', node: gpu, claim: tolerateGpu, want: true },
    { name: 'PreferNoSchedule never blocks', node: plain, want: true },
    { name: 'NoExecute taint blocks', node: evicting, want: false },
    { name: 'NoExecute tolerated with Exists', node: evicting, claim: { tolerations: [{ operator: 'Exists' }] }, want: true },
    { name: 'cordoned node', node: cordoned, want: false },
    {
      name: 'cordoned node, unschedulable taint tolerated',
      node: cordoned,
      claim: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }] },
      want: true,
    },
    { name: 'nodeSelector matches', node: plain, claim: { nodeSelector: { zone: 'b' } }, want: true },
    { name: 'nodeSelector misses', node: plain, claim: { nodeSelector: { zone: 'a' } }, want: false },
    {
      name: 'required affinity: terms ORed',
      node: plain,
      claim: {
        hardNodeAffinity: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
          ],
        },
      },
      want: true,
    },
    {
      name: 'required affinity: NotIn excludes',
      node: gpu,
      claim: { ...tolerateGpu, hardNodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'accel', operator: 'NotIn', values: ['gpu'] }] }] } },
      want: false,
    },
    {
      name: 'required affinity on metadata.name',
      node: plain,
      claim: { hardNodeAffinity: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['p'] }] }] } },
      want: true,
    },
    { name: 'an empty term matches nothing', node: plain, claim: { hardNodeAffinity: { nodeSelectorTerms: [{}] } }, want: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(nodeMatchesClaim(nodeSnapshot(c.node), c.claim), c.want));
  }
});

describe('podRequest', () => {
  it('sums containers, takes the larger init container, adds sidecars and overhead', () => {
    const r = podRequest({
      containers: [{ resources: { requests: { cpu: '500m', memory: '1Gi' } } }, { resources: { requests: { cpu: '250m' } } }],
      initContainers: [{ restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } }, { resources: { requests: { cpu: '2', memory: '512Mi' } } }],
      overhead: { cpu: '50m' },
    });
    // containers 750m + sidecar 100m = 850m; init peak 2000m + sidecar 100m = 2100m; + overhead 50m.
    assert.equal(r.get('cpu'), 2150);
    assert.equal(r.get('memory'), 1024 ** 3);
  });
  it('requests nothing for containers without requests', () => {
    assert.equal(podRequest({ containers: [{ name: 'c' }] }).size, 0);
  });
});
