import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { clusterOverridePolicyAdmission, overridePolicyAdmission } from './override-policy-admission.js';
import { admit, messages } from './test-support.js';

const op = overridePolicyAdmission();

function policy(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'OverridePolicy',
    metadata: { name: 'o', namespace: 'team' },
    spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }], ...spec },
  };
}

const rule = (overriders: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  overrideRules: [{ targetCluster: { clusterNames: ['m1'] }, overriders, ...extra }],
});

const cases: { name: string; accepted: Record<string, unknown>; refused: Record<string, unknown>; message: string }[] = [
  {
    name: 'overrideRules and targetCluster are exclusive',
    accepted: { targetCluster: { clusterNames: ['m1'] }, overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 1 }] } },
    refused: { targetCluster: { clusterNames: ['m1'] }, ...rule({}) },
    message: "spec.targetCluster: Invalid value: {\"clusterNames\":[\"m1\"]}: overrideRules and targetCluster can't co-exist",
  },
  {
    name: 'overrideRules and overriders are exclusive',
    accepted: { overriders: {}, ...rule({}) },
    refused: { overriders: { plaintext: [{ path: '/a', operator: 'remove' }] }, ...rule({}) },
    message: "overrideRules and overriders can't co-exist",
  },
  {
    name: 'plaintext paths are JSON pointers',
    accepted: rule({ plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 2 }] }),
    refused: rule({ plaintext: [{ path: 'spec/replicas', operator: 'replace', value: 2 }] }),
    message: 'spec.overrideRules[0].overriders.plaintext[0].path: Invalid value: "spec/replicas": JSON pointer must be empty or start with a "/"',
  },
  {
    name: 'image predicate paths are JSON pointers',
    accepted: rule({ imageOverrider: [{ predicate: { path: '/spec/template/spec/containers/0/image' }, component: 'Registry', operator: 'replace', value: 'r' }] }),
    refused: rule({ imageOverrider: [{ predicate: { path: 'spec' }, component: 'Registry', operator: 'replace', value: 'r' }] }),
    message: 'spec.overrideRules[0].overriders.imageOverrider[0].predicate.path: Invalid value: "spec"',
  },
  {
    name: 'field overrider paths are JSON pointers',
    accepted: rule({ fieldOverrider: [{ fieldPath: '/data/config', json: [{ subPath: '/a', operator: 'add', value: 1 }] }] }),
    refused: rule({ fieldOverrider: [{ fieldPath: 'data', json: [{ subPath: 'a', operator: 'add', value: 1 }] }] }),
    message: 'spec.overrideRules[0].overriders.fieldOverrider[0].json[0].subPath: Invalid value: "a": JSON pointer must be empty',
  },
  {
    name: 'field overrider takes YAML or JSON',
    accepted: rule({ fieldOverrider: [{ fieldPath: '/data/c', yaml: [{ subPath: '/a', operator: 'remove' }] }] }),
    refused: rule({ fieldOverrider: [{ fieldPath: '/data/c', yaml: [{ subPath: '/a', operator: 'remove' }], json: [{ subPath: '/a', operator: 'remove' }] }] }),
    message: 'FieldOverrider has both YAML and JSON set. Only one is allowed',
  },
  {
    name: 'add and replace need a value',
    accepted: rule({ fieldOverrider: [{ fieldPath: '/data/c', json: [{ subPath: '/a', operator: 'replace', value: 'x' }] }] }),
    refused: rule({ fieldOverrider: [{ fieldPath: '/data/c', json: [{ subPath: '/a', operator: 'replace' }] }] }),
    message: 'spec.overrideRules[0].overriders.fieldOverrider[0].json[0].value: Invalid value: null: value is required for add or replace operation',
  },
  {
    name: 'remove takes no value',
    accepted: rule({ fieldOverrider: [{ fieldPath: '/data/c', json: [{ subPath: '/a', operator: 'remove' }] }] }),
    refused: rule({ fieldOverrider: [{ fieldPath: '/data/c', json: [{ subPath: '/a', operator: 'remove', value: 1 }] }] }),
    message: 'value is not allowed for remove operation',
  },
  {
    name: 'label overrider values are labels',
    accepted: rule({ labelsOverrider: [{ operator: 'add', value: { app: 'web' } }] }),
    refused: rule({ labelsOverrider: [{ operator: 'add', value: { app: 'not a label value!' } }] }),
    message: 'spec.overrideRules[0].overriders.labelsOverrider[0].value: Invalid value: "not a label value!"',
  },
  {
    name: 'annotation overrider keys are qualified names',
    accepted: rule({ annotationsOverrider: [{ operator: 'add', value: { 'example.com/a': 'x y' } }] }),
    refused: rule({ annotationsOverrider: [{ operator: 'add', value: { 'bad key': 'x' } }] }),
    message: 'spec.overrideRules[0].overriders.annotationsOverrider[0].value: Invalid value: "bad key"',
  },
  {
    name: 'rule target cluster field selector',
    accepted: rule({}, { targetCluster: { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: ['p'] }] } } }),
    refused: rule({}, { targetCluster: { fieldSelector: { matchExpressions: [{ key: 'name', operator: 'In', values: ['p'] }] } } }),
    message: 'spec.overrideRules[0].targetCluster.fieldSelector: Invalid value: ',
  },
];

describe('OverridePolicy admission', () => {
  for (const c of cases) {
    it(`accepts and refuses: ${c.name}`, async () => {
      const ok = await admit(op, 'OverridePolicy', policy(c.accepted));
      assert.deepEqual(messages(ok.errors), []);
      const bad = await admit(op, 'OverridePolicy', policy(c.refused));
      assert.ok(messages(bad.errors).some((m) => m.includes(c.message)), `expected "${c.message}" in ${JSON.stringify(messages(bad.errors))}`);
    });
  }

  it('defaults selector namespaces to the policy namespace', async () => {
    const { object } = await admit(op, 'OverridePolicy', policy({}));
    assert.deepEqual((object['spec'] as { resourceSelectors: unknown[] }).resourceSelectors, [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team' }]);
  });

  it('checks ClusterOverridePolicy specs the same way', async () => {
    const cop = clusterOverridePolicyAdmission();
    const bad = await admit(cop, 'ClusterOverridePolicy', { metadata: { name: 'c' }, spec: rule({ plaintext: [{ path: 'x', operator: 'remove' }] }) });
    assert.equal(bad.errors.length, 1);
    const ok = await admit(cop, 'ClusterOverridePolicy', { metadata: { name: 'c' }, spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Secret' }] } });
    assert.deepEqual((ok.object['spec'] as { resourceSelectors: unknown[] }).resourceSelectors, [{ apiVersion: 'v1', kind: 'Secret' }]);
  });
});
