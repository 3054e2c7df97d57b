import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberPaths } from './field-set.js';
import { printPath } from './path-element.js';
import { FieldSetError, toFieldSet } from './to-field-set.js';
import { deployment, deploymentType } from './testing/deployment.js';
import { customResourceType } from './schema-types.js';

const paths = (object: Record<string, unknown>, type = deploymentType()): string[] => memberPaths(toFieldSet(object, type)).map(printPath);

test('an applied Deployment owns its leaves, its list items by key, and label entries', () => {
  const config = deployment({
    replicas: 2,
    labels: { app: 'web' },
    containers: [{ name: 'nginx', image: 'nginx:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] }],
  });
  (config['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { app: 'web' } };
  assert.deepEqual(paths(config), [
    '.apiVersion',
    '.kind',
    '.metadata.name',
    '.metadata.namespace',
    '.metadata.labels.app',
    '.spec.replicas',
    '.spec.selector',
    '.spec.template.spec.containers[name="nginx"]',
    '.spec.template.spec.containers[name="nginx"].image',
    '.spec.template.spec.containers[name="nginx"].name',
    '.spec.template.spec.containers[name="nginx"].env[name="A"]',
    '.spec.template.spec.containers[name="nginx"].env[name="A"].name',
    '.spec.template.spec.containers[name="nginx"].env[name="A"].value',
    '.spec.template.spec.containers[name="nginx"].ports[containerPort=53,protocol="UDP"]',
    '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
    '.spec.template.spec.containers[name="nginx"].ports[containerPort=53,protocol="UDP"].containerPort',
    '.spec.template.spec.containers[name="nginx"].ports[containerPort=53,protocol="UDP"].protocol',
    '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].containerPort',
  ]);
});

test('atomic values, empty objects and nulls are leaves; empty lists own nothing', () => {
  const config = deployment({ containers: [{ name: 'c' }] });
  const podSpec = ((config['spec'] as Record<string, unknown>)['template'] as Record<string, Record<string, unknown>>)['spec'] as Record<string, unknown>;
  podSpec['nodeSelector'] = { disk: 'ssd' }; // +mapType=atomic
  podSpec['tolerations'] = [{ key: 'k' }]; // +listType=atomic
  podSpec['securityContext'] = {};
  podSpec['hostname'] = null;
  podSpec['volumes'] = [];
  const got = paths(config).filter((p) => p.startsWith('.spec.template.spec.') && !p.includes('containers'));
  assert.deepEqual(got, ['.spec.template.spec.hostname', '.spec.template.spec.nodeSelector', '.spec.template.spec.securityContext', '.spec.template.spec.tolerations']);
});

test('list items without their key, or duplicated, cannot be applied', () => {
  assert.throws(() => toFieldSet(deployment({ containers: [{ image: 'x' } as never] }), deploymentType()), (e: unknown) => e instanceof FieldSetError && /omits key field "name"/.test(e.message) && e.path === '.spec.template.spec.containers');
  assert.throws(() => toFieldSet(deployment({ containers: [{ name: 'a' }, { name: 'a' }] }), deploymentType()), /duplicate entries for key \{"name":"a"\}/);
});

test('custom resources follow x-kubernetes-list-type and x-kubernetes-map-type; untyped lists are atomic', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          items: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'], items: { type: 'object', properties: { id: { type: 'string' }, v: { type: 'integer' } } } },
          tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          args: { type: 'array', items: { type: 'string' } },
          sel: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
          extra: { type: 'object', additionalProperties: { type: 'string' } },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };
  const object = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', labels: { a: 'b' } },
    spec: { items: [{ id: 'x', v: 1 }], tags: ['t'], args: ['a'], sel: { k: 'v' }, extra: { e: 'f' }, free: { deep: { n: 1 }, list: [1] } },
  };
  assert.deepEqual(paths(object, customResourceType(schema)), [
    '.apiVersion',
    '.kind',
    '.metadata.name',
    '.metadata.labels.a',
    '.spec.args',
    '.spec.sel',
    '.spec.extra.e',
    '.spec.free.deep',
    '.spec.free.list',
    '.spec.free.deep.n',
    '.spec.items[id="x"]',
    '.spec.items[id="x"].id',
    '.spec.items[id="x"].v',
    '.spec.tags[="t"]',
  ]);
});
