/**
 * Strategic merge patches shaped like the ones kubectl sends (client-side `apply`, `set image`,
 * `rollout restart`, `patch`), applied to a Deployment under a hand-written slice of its schema.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatchSchema } from '../../api/schema/patch-schema.js';
import { fakePatchSchema } from './fake-patch-schema.js';
import type { JsonObject } from './json-value.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const objectMeta: PatchSchema = fakePatchSchema('ObjectMeta', () => ({
  labels: { shape: 'map' },
  annotations: { shape: 'map' },
  finalizers: { shape: 'list', patchStrategy: 'merge' },
  ownerReferences: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'uid' },
}));
const envVar: PatchSchema = fakePatchSchema('EnvVar', () => ({ name: { shape: 'scalar' }, value: { shape: 'scalar' } }));
const containerPort: PatchSchema = fakePatchSchema('ContainerPort', () => ({ containerPort: { shape: 'scalar' } }));
const container: PatchSchema = fakePatchSchema('Container', () => ({
  name: { shape: 'scalar' },
  image: { shape: 'scalar' },
  args: { shape: 'list', listType: 'atomic' },
  env: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', schema: envVar },
  ports: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'], schema: containerPort },
  volumeMounts: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'mountPath' },
  resources: { shape: 'object' },
}));
const volume: PatchSchema = fakePatchSchema('Volume', () => ({ name: { shape: 'scalar' }, emptyDir: { shape: 'object' }, configMap: { shape: 'object' } }));
const podSpec: PatchSchema = fakePatchSchema('PodSpec', () => ({
  containers: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', schema: container },
  initContainers: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', schema: container },
  volumes: { shape: 'list', patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', schema: volume },
  tolerations: { shape: 'list', listType: 'atomic' },
  nodeSelector: { shape: 'map' },
}));
const podTemplate: PatchSchema = fakePatchSchema('PodTemplateSpec', () => ({
  metadata: { shape: 'object', schema: objectMeta },
  spec: { shape: 'object', schema: podSpec },
}));
const rollingUpdate: PatchSchema = fakePatchSchema('RollingUpdateDeployment', () => ({ maxSurge: { shape: 'scalar' }, maxUnavailable: { shape: 'scalar' } }));
const strategy: PatchSchema = fakePatchSchema('DeploymentStrategy', () => ({
  type: { shape: 'scalar' },
  rollingUpdate: { shape: 'object', schema: rollingUpdate },
}));
const deploymentSpec: PatchSchema = fakePatchSchema('DeploymentSpec', () => ({
  replicas: { shape: 'scalar' },
  selector: { shape: 'object' },
  template: { shape: 'object', schema: podTemplate },
  strategy: { shape: 'object', patchStrategy: 'retainKeys', schema: strategy },
}));
const deployment: PatchSchema = fakePatchSchema('Deployment', () => ({
  metadata: { shape: 'object', schema: objectMeta },
  spec: { shape: 'object', schema: deploymentSpec },
  status: { shape: 'object' },
}));

function liveDeployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'nginx',
      namespace: 'default',
      labels: { app: 'nginx', k: 'v' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      finalizers: ['example.com/a', 'example.com/b'],
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'nginx' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.24',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
            },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          restartPolicy: 'Always',
        },
      },
    },
  };
}

interface Case {
  name: string;
  patch: JsonObject;
  /** Applies the expected change to a fresh live object. */
  expect: (d: Deployment) => void;
}

interface Deployment extends JsonObject {
  metadata: JsonObject & { labels: JsonObject; annotations: JsonObject; finalizers: string[] };
  spec: JsonObject & {
    strategy: JsonObject;
    template: JsonObject & { metadata: JsonObject & { annotations?: JsonObject }; spec: JsonObject & { containers: JsonObject[]; volumes: JsonObject[] } };
  };
}

const cases: Case[] = [
  {
    name: 'kubectl apply (second run) changes the image and keeps server fields',
    patch: {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}\n' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.25', name: 'nginx' }] } } },
    },
    expect: (d) => {
      d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"kind":"Deployment"}\n';
      (d.spec.template.spec.containers[0] as JsonObject).image = 'nginx:1.25';
    },
  },
  {
    name: 'kubectl set image',
    patch: { spec: { template: { spec: { containers: [{ image: 'nginx:1.25', name: 'nginx' }] } } } },
    expect: (d) => {
      (d.spec.template.spec.containers[0] as JsonObject).image = 'nginx:1.25';
    },
  },
  {
    name: 'removing a label with null',
    patch: { metadata: { labels: { k: null } } },
    expect: (d) => {
      delete d.metadata.labels.k;
    },
  },
  {
    name: 'kubectl rollout restart adds a template annotation',
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } } },
    expect: (d) => {
      d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' };
    },
  },
  {
    name: 'kubectl apply deleting an env var with $patch: delete',
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], name: 'nginx' }],
          },
        },
      },
    },
    expect: (d) => {
      (d.spec.template.spec.containers[0]?.env as JsonObject[]).splice(1, 1);
    },
  },
  {
    name: 'kubectl apply adding an env var in manifest order',
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ '$setElementOrder/env': [{ name: 'Z' }, { name: 'A' }, { name: 'B' }], env: [{ name: 'Z', value: '0' }], name: 'nginx' }],
          },
        },
      },
    },
    expect: (d) => {
      (d.spec.template.spec.containers[0]?.env as JsonObject[]).unshift({ name: 'Z', value: '0' });
    },
  },
  {
    name: 'switching the strategy from RollingUpdate to Recreate clears rollingUpdate via $retainKeys',
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expect: (d) => {
      d.spec.strategy = { type: 'Recreate' };
    },
  },
  {
    name: 'switching strategy with an explicit null for rollingUpdate',
    patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    expect: (d) => {
      d.spec.strategy = { type: 'Recreate' };
    },
  },
  {
    name: 'changing a volume source clears the old one via $retainKeys',
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'data' }],
            volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, name: 'data' }],
          },
        },
      },
    },
    expect: (d) => {
      d.spec.template.spec.volumes = [{ name: 'data', configMap: { name: 'cm' } }];
    },
  },
  {
    name: 'removing a finalizer with $deleteFromPrimitiveList',
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } },
    expect: (d) => {
      d.metadata.finalizers = ['example.com/b'];
    },
  },
  {
    name: 'adding a finalizer merges as a set',
    patch: { metadata: { finalizers: ['example.com/b', 'example.com/c'] } },
    expect: (d) => {
      d.metadata.finalizers = ['example.com/a', 'example.com/b', 'example.com/c'];
    },
  },
  {
    name: 'kubectl patch adding a container puts it first (no order directive)',
    patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } },
    expect: (d) => {
      d.spec.template.spec.containers.unshift({ name: 'sidecar', image: 'busybox' });
    },
  },
  {
    name: 'ports merge on a numeric merge key',
    patch: { spec: { template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 80, name: 'http' }] }] } } } },
    expect: (d) => {
      (d.spec.template.spec.containers[0] as JsonObject).ports = [{ containerPort: 80, protocol: 'TCP', name: 'http' }];
    },
  },
  {
    name: 'an atomic list (tolerations) is replaced',
    patch: { spec: { template: { spec: { tolerations: [{ key: 'a', operator: 'Exists', value: null }] } } } },
    expect: (d) => {
      d.spec.template.spec.tolerations = [{ key: 'a', operator: 'Exists' }];
    },
  },
];

describe('strategic merge patch: kubectl-shaped patches on a Deployment', () => {
  for (const c of cases) {
    it(c.name, () => {
      const live = liveDeployment();
      const expected = liveDeployment() as Deployment;
      c.expect(expected);
      assert.deepEqual(applyStrategicMergePatch(live, c.patch, deployment), expected);
      assert.deepEqual(live, liveDeployment(), 'the live object is not modified');
    });
  }
});
