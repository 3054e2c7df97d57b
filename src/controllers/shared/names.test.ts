import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnv32a, hashStringForName, safeEncodeString } from './go-hash.js';
import { clusterOfExecutionSpace, executionSpaceName, generateBindingName, generateBindingReferenceKey, generateWorkName, isReservedNamespace } from './names.js';

describe('Karmada names', () => {
  const bindingNames: [string, string, string][] = [
    ['Deployment', 'shop', 'shop-deployment'],
    ['pods', 'Pod', 'pod-pods'],
    ['Role', 'system:controller:tom', 'system.controller.tom-role'],
    ['ClusterRole', 'system::tom', 'system..tom-clusterrole'],
    ['ClusterRoleBinding', 'system:tt:tom', 'system.tt.tom-clusterrolebinding'],
  ];
  for (const [kind, name, want] of bindingNames) {
    it(`binding name of ${kind} ${name} is ${want}`, () => assert.equal(generateBindingName(kind, name), want));
  }

  it('hashes like Go: FNV-1a 32 over "(string)<s>", decimal, safe-encoded', () => {
    assert.equal(fnv32a(''), 0x811c9dc5);
    assert.equal(fnv32a('a'), 0xe40c292c);
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
    assert.equal(hashStringForName('x'), safeEncodeString(String(fnv32a('(string)x'))));
  });

  it('names Works <name>-<hash of namespace-name-kind>', () => {
    assert.equal(generateWorkName('Deployment', 'nginx', 'default'), `nginx-${hashStringForName('default-nginx-deployment')}`);
    assert.equal(generateWorkName('Namespace', 'team', ''), `team-${hashStringForName('team-namespace')}`);
    assert.equal(generateWorkName('ClusterRole', 'system:Admin', undefined), `system.admin-${hashStringForName('system.admin-clusterrole')}`);
    assert.match(generateWorkName('Deployment', 'nginx', 'default'), /^nginx-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.notEqual(generateWorkName('Deployment', 'nginx', 'a'), generateWorkName('Deployment', 'nginx', 'b'));
  });

  it('binding reference keys hash namespace/name', () => {
    assert.equal(generateBindingReferenceKey('default', 'x'), hashStringForName('default/x'));
    assert.equal(generateBindingReferenceKey('', 'x'), hashStringForName('x'));
  });

  it('execution spaces and reserved namespaces', () => {
    assert.equal(executionSpaceName('member1'), 'karmada-es-member1');
    assert.equal(clusterOfExecutionSpace('karmada-es-member1'), 'member1');
    assert.equal(clusterOfExecutionSpace('default'), undefined);
    for (const ns of ['kube-system', 'kube-public', 'karmada-system', 'karmada-cluster', 'karmada-es-m1']) assert.ok(isReservedNamespace(ns), ns);
    for (const ns of ['default', 'karmada-demo', 'shop']) assert.ok(!isReservedNamespace(ns), ns);
  });
});
