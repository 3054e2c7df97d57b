import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { OverridePolicy } from '../../api/policy/override-policy.js';
import { LayeredInterpreter } from '../../interpreter/interpreter.js';
import { NativeInterpreter } from '../../interpreter/native/native-interpreter.js';
import type { AnyBinding } from '../shared/binding-types.js';
import { generateWorkName } from '../shared/names.js';
import { removeIrrelevantFields } from './prune.js';
import { conflictResolution, divideCompletions, renderWork, suspendedOn, targetClusters, type RenderInputs } from './render-work.js';
import { buildWork } from './work-writer.js';

const template: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'tmpl-uid',
    generation: 3,
    resourceVersion: '42',
    creationTimestamp: '2024-01-01T00:00:00Z',
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2', note: 'x' },
    managedFields: [{}],
  },
  spec: { replicas: 6, template: { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
  status: { replicas: 6 },
};

function binding(spec: Partial<AnyBinding['spec']> = {}): AnyBinding {
  return {
    metadata: { name: 'web-deployment', namespace: 'shop', labels: { 'resourcebinding.karmada.io/permanent-id': 'rb-id' } },
    spec: {
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web', uid: 'tmpl-uid' },
      replicas: 6,
      placement: { replicaScheduling: { replicaSchedulingType: 'Divided' } },
      clusters: [
        { name: 'm1', replicas: 4 },
        { name: 'm2', replicas: 2 },
      ],
      ...spec,
    },
  };
}

const clusters = new Map<string, Cluster>(['m1', 'm2', 'm3'].map((n) => [n, { metadata: { name: n }, spec: { syncMode: 'Push' } }]));
const op: OverridePolicy = {
  metadata: { name: 'img', namespace: 'shop' },
  spec: {
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
    overrideRules: [{ targetCluster: { clusterNames: ['m2'] }, overriders: { imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'mirror.cn' }] } }],
  },
};
const inputs: RenderInputs = { clusters, overridePolicies: [op], clusterOverridePolicies: [], interpreter: new LayeredInterpreter({ native: new NativeInterpreter() }) };

const spec = (o: KubeObject): { replicas: number; template: { spec: { containers: { image: string }[] } } } => o['spec'] as never;

describe('Work rendering', () => {
  it('revises replicas per cluster, applies overrides, and links back to the binding', async () => {
    const w1 = await renderWork(binding(), template, { name: 'm1', replicas: 4 }, inputs);
    const w2 = await renderWork(binding(), template, { name: 'm2', replicas: 2 }, inputs);
    assert.equal(w1.namespace, 'karmada-es-m1');
    assert.equal(w1.name, generateWorkName('Deployment', 'web', 'shop'));
    assert.equal(spec(w1.manifest).replicas, 4);
    assert.equal(spec(w2.manifest).replicas, 2);
    assert.equal(spec(w1.manifest).template.spec.containers[0]?.image, 'nginx:1');
    assert.equal(spec(w2.manifest).template.spec.containers[0]?.image, 'mirror.cn/nginx:1');
    assert.deepEqual(w1.labels, { 'resourcebinding.karmada.io/permanent-id': 'rb-id' });
    assert.deepEqual(w1.annotations, {
      'resourcebinding.karmada.io/namespace': 'shop',
      'resourcebinding.karmada.io/name': 'web-deployment',
      'work.karmada.io/conflict-resolution': 'abort',
    });
    assert.match(w2.annotations['policy.karmada.io/applied-overrides'] ?? '', /^\[\{"policyName":"img"/);
    assert.equal(w1.manifest.metadata.annotations?.['resourcetemplate.karmada.io/generation'], '3');
    assert.equal(w1.manifest.metadata.labels?.['resourcebinding.karmada.io/permanent-id'], 'rb-id');
    assert.equal(w1.suspendDispatching, false);
  });

  it('keeps replicas for Duplicated bindings', async () => {
    const w = await renderWork(binding({ placement: { replicaScheduling: { replicaSchedulingType: 'Duplicated' } } }), template, { name: 'm1', replicas: 6 }, inputs);
    assert.equal(spec(w.manifest).replicas, 6);
    const nil = await renderWork(binding({ placement: {} }), template, { name: 'm1', replicas: 1 }, inputs);
    assert.equal(spec(nil.manifest).replicas, 6, 'nil replicaScheduling is Duplicated');
  });

  it('builds the Work with the manifest pruned and Karmada metadata', async () => {
    const rendered = await renderWork(binding(), template, { name: 'm1', replicas: 4 }, inputs);
    const work = buildWork(rendered, 'work-id');
    assert.deepEqual(work.metadata.finalizers, ['karmada.io/execution-controller']);
    assert.equal(work.metadata.labels?.['work.karmada.io/permanent-id'], 'work-id');
    assert.equal(work.spec.suspendDispatching, false);
    assert.equal(work.spec.preserveResourcesOnDeletion, false);
    const m = work.spec.workload?.manifests?.[0];
    assert.ok(m);
    for (const f of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']) assert.equal(m.metadata[f], undefined, f);
    assert.equal(m['status'], undefined);
    assert.equal(m.metadata.annotations?.['deployment.kubernetes.io/revision'], undefined);
    assert.equal(m.metadata.labels?.['karmada.io/managed'], 'true');
    assert.equal(m.metadata.labels?.['work.karmada.io/permanent-id'], 'work-id');
    assert.equal(m.metadata.annotations?.['resourcetemplate.karmada.io/uid'], 'tmpl-uid');
    assert.equal(m.metadata.annotations?.['work.karmada.io/name'], rendered.name);
    assert.equal(m.metadata.annotations?.['work.karmada.io/namespace'], 'karmada-es-m1');
    assert.equal(m.metadata.annotations?.['work.karmada.io/conflict-resolution'], 'abort');
    assert.equal(
      m.metadata.annotations?.['resourcetemplate.karmada.io/managed-labels'],
      'app,karmada.io/managed,resourcebinding.karmada.io/permanent-id,work.karmada.io/permanent-id',
    );
    assert.equal(
      m.metadata.annotations?.['resourcetemplate.karmada.io/managed-annotations'],
      [
        'note',
        'resourcebinding.karmada.io/name',
        'resourcebinding.karmada.io/namespace',
        'resourcetemplate.karmada.io/generation',
        'resourcetemplate.karmada.io/managed-annotations',
        'resourcetemplate.karmada.io/managed-labels',
        'resourcetemplate.karmada.io/uid',
        'work.karmada.io/conflict-resolution',
        'work.karmada.io/name',
        'work.karmada.io/namespace',
      ].join(','),
    );
  });

  it('merges the clusters of the bindings that require this one', () => {
    const b = binding({ clusters: [{ name: 'm1' }], requiredBy: [{ namespace: 'shop', name: 'a', clusters: [{ name: 'm1' }, { name: 'm3' }] }] });
    assert.deepEqual(targetClusters(b).map((c) => c.name), ['m1', 'm3']);
  });

  const suspension: [string, AnyBinding['spec']['suspension'], string, boolean][] = [
    ['none', undefined, 'm1', false],
    ['all', { dispatching: true }, 'm2', true],
    ['listed cluster', { dispatchingOnClusters: { clusterNames: ['m2'] } }, 'm2', true],
    ['other cluster', { dispatchingOnClusters: { clusterNames: ['m2'] } }, 'm1', false],
  ];
  for (const [name, s, cluster, want] of suspension) {
    it(`suspension: ${name}`, () => assert.equal(suspendedOn(binding(s === undefined ? {} : { suspension: s }), cluster), want));
  }

  it('conflict resolution: the template annotation wins over the binding', () => {
    assert.equal(conflictResolution(template, binding({ conflictResolution: 'Overwrite' })), 'overwrite');
    const annotated = { ...template, metadata: { ...template.metadata, annotations: { 'work.karmada.io/conflict-resolution': 'abort' } } };
    assert.equal(conflictResolution(annotated, binding({ conflictResolution: 'Overwrite' })), 'abort');
    assert.equal(conflictResolution(template, binding()), 'abort');
  });

  it('divides Job completions in proportion to replicas', () => {
    assert.deepEqual([...divideCompletions(10, [{ name: 'a', replicas: 2 }, { name: 'b', replicas: 3 }])], [['a', 4], ['b', 6]]);
  });
});

describe('pruning', () => {
  const table: [string, KubeObject, (o: KubeObject) => void][] = [
    [
      'Service keeps a headless clusterIP, drops an allocated one',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [] } },
      (o) => assert.deepEqual(o['spec'], { ports: [] }),
    ],
    ['headless Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: 'None' } }, (o) => assert.deepEqual(o['spec'], { clusterIP: 'None' })],
    [
      'Job drops generated selector labels and TTL',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        spec: {
          ttlSecondsAfterFinished: 10,
          selector: { matchLabels: { 'controller-uid': 'x', 'batch.kubernetes.io/controller-uid': 'x' } },
          template: { metadata: { labels: { 'job-name': 'j', app: 'a', 'batch.kubernetes.io/job-name': 'j' } } },
        },
      },
      (o) => assert.deepEqual(o['spec'], { selector: { matchLabels: {} }, template: { metadata: { labels: { app: 'a' } } } }),
    ],
    [
      'ServiceAccount drops token secrets',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, secrets: [{ name: 'sa-token-abc' }, { name: 'pull' }] },
      (o) => assert.deepEqual(o['secrets'], [{ name: 'pull' }]),
    ],
  ];
  for (const [name, input, check] of table) {
    it(name, () => check(removeIrrelevantFields(input)));
  }
});
