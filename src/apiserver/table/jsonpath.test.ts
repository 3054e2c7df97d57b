import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateJsonPath, JsonPathError, parseJsonPath } from './jsonpath.js';

const doc = {
  metadata: { name: 'm1', annotations: { 'a.b/c': 'x' } },
  spec: { replicas: 3, containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis' }] },
  status: {
    conditions: [
      { type: 'Ready', status: 'True', count: 2 },
      { type: 'Synced', status: 'False', count: 5 },
    ],
  },
};

describe('evaluateJsonPath', () => {
  const cases: readonly [string, unknown[]][] = [
    ['.spec.replicas', [3]],
    ['{.spec.replicas}', [3]],
    ['$.spec.replicas', [3]],
    ['.spec.missing', []],
    ['.spec.containers[0].image', ['nginx']],
    ['.spec.containers[-1].name', ['b']],
    ['.spec.containers[5].name', []],
    ['.spec.containers[*].name', ['a', 'b']],
    ['.spec.containers[0:1].name', ['a']],
    ["['metadata']['name']", ['m1']],
    [".metadata.annotations['a.b/c']", ['x']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type=='Synced')].status", ['False']],
    ['.status.conditions[?(@.type!="Ready")].type', ['Synced']],
    ['.status.conditions[?(@.count>3)].type', ['Synced']],
    ['.status.conditions[?(@.missing)].type', []],
    ['.status.conditions[?(@.count)].type', ['Ready', 'Synced']],
    ['..image', ['nginx', 'redis']],
    ['.metadata.*', ['m1', { 'a.b/c': 'x' }]],
  ];
  for (const [path, expected] of cases) {
    it(path, () => assert.deepEqual(evaluateJsonPath(path, doc), expected));
  }

  it('rejects malformed paths', () => {
    assert.throws(() => parseJsonPath('.spec[abc]'), JsonPathError);
    assert.throws(() => parseJsonPath('.status.conditions[?(@.type=="Ready"].status'), JsonPathError);
  });
});
