import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeObjects, mergeValue } from './merge.js';
import { deployment, deploymentType } from './testing/deployment.js';
import { listType, SCALAR } from './field-type.js';

const containers = (object: Record<string, unknown>): unknown => ((object['spec'] as Record<string, Record<string, Record<string, unknown>>>)['template'] as Record<string, Record<string, unknown>>)['spec']?.['containers'];

test('keyed lists merge per item; live-only items and fields stay', () => {
  const live = deployment({ replicas: 2, labels: { a: '1' }, containers: [{ name: 'nginx', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 's' }] });
  const config = deployment({ labels: { b: '2' }, containers: [{ name: 'nginx', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }] });
  const merged = mergeObjects(live, config, deploymentType());
  assert.deepEqual(merged['metadata'], { name: 'web', namespace: 'default', labels: { a: '1', b: '2' } });
  assert.equal((merged['spec'] as Record<string, unknown>)['replicas'], 2);
  assert.deepEqual(containers(merged), [
    { name: 'nginx', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
    { name: 'side', image: 's' },
  ]);
  assert.deepEqual(containers(live), [{ name: 'nginx', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 's' }], 'live is not modified');
});

test('list order: the configuration orders shared items, live-only items keep their place', () => {
  const set = listType(undefined, SCALAR);
  const cases: [unknown[], unknown[], unknown[]][] = [
    [['a', 'b', 'c'], ['c', 'a'], ['b', 'c', 'a']],
    [['a', 'b'], ['b', 'x'], ['a', 'b', 'x']],
    [['a', 'b', 'c'], ['x', 'b'], ['a', 'x', 'b', 'c']],
    [[], ['x'], ['x']],
  ];
  for (const [lhs, rhs, want] of cases) {
    assert.deepEqual(mergeValue(lhs, rhs, set), want, `${JSON.stringify(lhs)} + ${JSON.stringify(rhs)}`);
  }
});

test('atomic values are replaced and null removes a field', () => {
  const live = deployment({ replicas: 2 });
  (live['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { a: '1', b: '2' } };
  const config = deployment({});
  (config['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { a: '1' } };
  (config['spec'] as Record<string, unknown>)['replicas'] = null;
  const merged = mergeObjects(live, config, deploymentType());
  assert.deepEqual(merged['spec'], { selector: { matchLabels: { a: '1' } } });
});
