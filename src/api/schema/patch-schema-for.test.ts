import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldPatchInfo, PatchSchema } from './patch-schema.js';
import { patchSchemaFor, patchSchemaForType } from './patch-schema-for.js';

/** Follows a JSON path through object fields and list/map elements. */
function walk(schema: PatchSchema | undefined, path: readonly string[]): FieldPatchInfo | undefined {
  let current = schema;
  let info: FieldPatchInfo | undefined;
  for (const name of path) {
    info = current?.field(name);
    current = info?.schema;
  }
  return info;
}

function must<T>(value: T | undefined): T {
  assert.ok(value !== undefined);
  return value;
}

describe('patchSchemaFor', () => {
  const deployment = must(patchSchemaFor('apps', 'v1', 'Deployment'));
  const pod = must(patchSchemaFor('', 'v1', 'Pod'));
  const service = must(patchSchemaFor('', 'v1', 'Service'));

  const cases: {
    name: string;
    schema: PatchSchema;
    path: string[];
    want: Partial<Record<keyof FieldPatchInfo, unknown>>;
  }[] = [
    {
      name: 'PodSpec.containers merges by name',
      schema: pod,
      path: ['spec', 'containers'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    },
    {
      name: 'Deployment template containers',
      schema: deployment,
      path: ['spec', 'template', 'spec', 'containers'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name' },
    },
    {
      name: 'Container.ports merges by containerPort, SSA keys containerPort+protocol',
      schema: pod,
      path: ['spec', 'containers', 'ports'],
      want: {
        shape: 'list',
        patchStrategy: 'merge',
        patchMergeKey: 'containerPort',
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
      },
    },
    {
      name: 'Container.env merges by name',
      schema: pod,
      path: ['spec', 'containers', 'env'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    },
    {
      name: 'Container.volumeMounts merges by mountPath',
      schema: pod,
      path: ['spec', 'containers', 'volumeMounts'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'mountPath' },
    },
    {
      name: 'PodSpec.volumes: merge,retainKeys by name',
      schema: pod,
      path: ['spec', 'volumes'],
      want: { shape: 'list', patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listMapKeys: ['name'] },
    },
    {
      name: 'Volume source fields are inlined into Volume',
      schema: pod,
      path: ['spec', 'volumes', 'configMap', 'items'],
      want: { shape: 'list', listType: 'atomic' },
    },
    {
      name: 'Deployment strategy retainKeys',
      schema: deployment,
      path: ['spec', 'strategy'],
      want: { shape: 'object', patchStrategy: 'retainKeys' },
    },
    {
      name: 'ServicePort list keyed by port+protocol',
      schema: service,
      path: ['spec', 'ports'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] },
    },
    {
      name: 'targetPort (IntOrString) is a scalar',
      schema: service,
      path: ['spec', 'ports', 'targetPort'],
      want: { shape: 'scalar' },
    },
    {
      name: 'metadata.finalizers is a merge set',
      schema: deployment,
      path: ['metadata', 'finalizers'],
      want: { shape: 'list', patchStrategy: 'merge', listType: 'set' },
    },
    {
      name: 'metadata.ownerReferences merges by uid',
      schema: deployment,
      path: ['metadata', 'ownerReferences'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] },
    },
    { name: 'labels is a map', schema: deployment, path: ['metadata', 'labels'], want: { shape: 'map' } },
    { name: 'creationTimestamp is a scalar', schema: deployment, path: ['metadata', 'creationTimestamp'], want: { shape: 'scalar' } },
    { name: 'replicas is a scalar', schema: deployment, path: ['spec', 'replicas'], want: { shape: 'scalar' } },
    {
      name: 'resources.limits is a map of quantities',
      schema: pod,
      path: ['spec', 'containers', 'resources', 'limits'],
      want: { shape: 'map', schema: undefined },
    },
    {
      name: 'status.conditions merges by type',
      schema: deployment,
      path: ['status', 'conditions'],
      want: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'type' },
    },
    {
      name: 'tolerations are atomic',
      schema: pod,
      path: ['spec', 'tolerations'],
      want: { shape: 'list', listType: 'atomic', patchStrategy: undefined },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const info = walk(c.schema, c.path);
      assert.ok(info, `no field at ${c.path.join('.')}`);
      for (const [key, value] of Object.entries(c.want)) {
        assert.deepEqual(info[key as keyof FieldPatchInfo], value, `${c.path.join('.')}: ${key}`);
      }
    });
  }

  it('element schemas name their types', () => {
    assert.equal(pod.typeName, 'k8s.io.api.core.v1.Pod');
    assert.equal(walk(pod, ['spec', 'containers'])?.schema?.typeName, 'k8s.io.api.core.v1.Container');
    assert.equal(walk(pod, ['spec'])?.schema?.typeName, 'k8s.io.api.core.v1.PodSpec');
  });

  it('unknown fields and kinds are undefined', () => {
    assert.equal(pod.field('nope'), undefined);
    assert.equal(walk(pod, ['spec', 'volumes', 'volumeSource']), undefined, 'inline field is not a JSON name');
    assert.equal(patchSchemaFor('policy.karmada.io', 'v1alpha1', 'PropagationPolicy'), undefined);
    assert.equal(patchSchemaFor('apps', 'v1', 'Nope'), undefined);
    assert.equal(patchSchemaForType('k8s.io.api.core.v1.Nope'), undefined);
  });

  it('covers RBAC and core kinds', () => {
    assert.equal(patchSchemaFor('rbac.authorization.k8s.io', 'v1', 'Role')?.field('rules')?.shape, 'list');
    assert.equal(patchSchemaFor('', 'v1', 'Secret')?.field('data')?.shape, 'map');
    assert.equal(patchSchemaFor('', 'v1', 'ConfigMap')?.field('binaryData')?.shape, 'map');
  });
});
