import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareObjects, isNoChange } from './compare.js';
import { memberPaths, type FieldSet } from './field-set.js';
import { printPath } from './path-element.js';
import { deployment, deploymentType } from './testing/deployment.js';

const printed = (set: FieldSet): string[] => memberPaths(set).map(printPath);
const nginx = { name: 'nginx', image: 'nginx:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] };

test('compare reports added, modified and removed paths', () => {
  const cases: { name: string; lhs: Record<string, unknown>; rhs: Record<string, unknown>; added: string[]; modified: string[]; removed: string[] }[] = [
    { name: 'identical', lhs: deployment({ replicas: 1, containers: [nginx] }), rhs: deployment({ replicas: 1, containers: [nginx] }), added: [], modified: [], removed: [] },
    { name: 'scalar changed', lhs: deployment({ replicas: 1 }), rhs: deployment({ replicas: 3 }), added: [], modified: ['.spec.replicas'], removed: [] },
    { name: 'label added', lhs: deployment({ labels: { a: '1' } }), rhs: deployment({ labels: { a: '1', b: '2' } }), added: ['.metadata.labels.b'], modified: [], removed: [] },
    {
      name: 'env item added to a keyed container',
      lhs: deployment({ containers: [nginx] }),
      rhs: deployment({ containers: [{ ...nginx, env: [...nginx.env, { name: 'B', value: '2' }] }] }),
      added: ['.spec.template.spec.containers[name="nginx"].env[name="B"]', '.spec.template.spec.containers[name="nginx"].env[name="B"].name', '.spec.template.spec.containers[name="nginx"].env[name="B"].value'],
      modified: [],
      removed: [],
    },
    {
      name: 'list order does not matter for keyed lists',
      lhs: deployment({ containers: [nginx, { name: 'side', image: 'x' }] }),
      rhs: deployment({ containers: [{ name: 'side', image: 'x' }, nginx] }),
      added: [],
      modified: [],
      removed: [],
    },
    {
      name: 'port protocol default is part of the key',
      lhs: deployment({ containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }),
      rhs: deployment({ containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }] }] }),
      added: ['.spec.template.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"].protocol'],
      modified: [],
      removed: [],
    },
    {
      name: 'container removed with everything under it',
      lhs: deployment({ containers: [{ name: 'c', image: 'x' }, { name: 'd', image: 'y' }] }),
      rhs: deployment({ containers: [{ name: 'c', image: 'x' }] }),
      added: [],
      modified: [],
      removed: ['.spec.template.spec.containers[name="d"]', '.spec.template.spec.containers[name="d"].image', '.spec.template.spec.containers[name="d"].name'],
    },
  ];
  for (const c of cases) {
    const got = compareObjects(c.lhs, c.rhs, deploymentType());
    assert.deepEqual(
      { added: printed(got.added), modified: printed(got.modified), removed: printed(got.removed) },
      { added: c.added, modified: c.modified, removed: c.removed },
      c.name,
    );
    assert.equal(isNoChange(got), c.added.length + c.modified.length + c.removed.length === 0, c.name);
  }
});

test('atomic values compare as a whole; a new struct is itself added', () => {
  const lhs = deployment({ replicas: 1 });
  const rhs = deployment({ replicas: 1 });
  (lhs['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { a: '1' } };
  (rhs['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { a: '2' } };
  (rhs['spec'] as Record<string, unknown>)['strategy'] = { rollingUpdate: { maxSurge: 1 } };
  const got = compareObjects(lhs, rhs, deploymentType());
  assert.deepEqual(printed(got.modified), ['.spec.selector']);
  assert.deepEqual(printed(got.added), ['.spec.strategy', '.spec.strategy.rollingUpdate', '.spec.strategy.rollingUpdate.maxSurge']);
});
