import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setOf, union } from './field-set.js';
import { pruneObject } from './prune.js';
import { toFieldSet } from './to-field-set.js';
import { deployment, deploymentType } from './testing/deployment.js';

const env = (object: Record<string, unknown>): unknown =>
  (((object['spec'] as Record<string, Record<string, Record<string, unknown>>>)['template'] as Record<string, Record<string, unknown[]>>)['spec']?.['containers']?.[0] as Record<string, unknown>)['env'];

test('what the applier stopped applying is removed unless someone else owns it', () => {
  const type = deploymentType();
  const lastConfig = deployment({ replicas: 2, labels: { a: '1', keep: 'x' }, containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] });
  const last = toFieldSet(lastConfig, type);
  const newConfig = deployment({ containers: [{ name: 'c', image: 'i' }] });
  const b = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"c"}', 'f:env', 'k:{"name":"B"}'];
  const other = setOf(['f:metadata', 'f:labels', 'f:keep'], b, [...b, 'f:name'], [...b, 'f:value']);
  const merged = structuredClone(lastConfig);
  ((merged['spec'] as Record<string, unknown>)['template'] as Record<string, unknown>)['metadata'] = { labels: { unowned: 'y' } };
  const pruned = pruneObject(merged, last, union(toFieldSet(newConfig, type), other), type);
  assert.deepEqual(pruned['metadata'], { name: 'web', namespace: 'default', labels: { keep: 'x' } });
  assert.equal((pruned['spec'] as Record<string, unknown>)['replicas'], undefined);
  assert.deepEqual(env(pruned), [{ name: 'B', value: '2' }]);
  assert.deepEqual(((pruned['spec'] as Record<string, unknown>)['template'] as Record<string, unknown>)['metadata'], { labels: { unowned: 'y' } }, 'fields the applier never owned stay');
  assert.deepEqual(env(merged), [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], 'the input is not modified');
});

test('an item owned by someone else stays, but loses the fields only the applier owned', () => {
  const type = deploymentType();
  const lastConfig = deployment({ containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] });
  const b = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"c"}', 'f:env', 'k:{"name":"B"}'];
  const pruned = pruneObject(lastConfig, toFieldSet(lastConfig, type), union(toFieldSet(deployment({ containers: [{ name: 'c' }] }), type), setOf(b, [...b, 'f:name'])), type);
  assert.deepEqual(env(pruned), [{ name: 'B' }]);
});

test('nothing is removed when the applier applies the same fields', () => {
  const type = deploymentType();
  const config = deployment({ replicas: 2, containers: [{ name: 'c', image: 'i' }] });
  const set = toFieldSet(config, type);
  assert.equal(pruneObject(config, set, set, type), config);
});
