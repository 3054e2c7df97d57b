import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/object.js';
import { reconcileDefault } from './bootstrap.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';

function find(list: KubeObject[], name: string): KubeObject {
  const found = list.find((o) => o.metadata.name === name);
  assert.ok(found, name);
  return found;
}

describe('RBAC bootstrap policy', () => {
  test('kube defaults for discovery, basic users, public info and cluster-admin', () => {
    const roles = bootstrapClusterRoles();
    const bindings = bootstrapClusterRoleBindings();
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:discovery', 'system:basic-user', 'system:public-info-viewer']) {
      find(roles, name);
    }
    const subjectsOf = (name: string): unknown => find(bindings, name)['subjects'];
    assert.deepEqual(subjectsOf('cluster-admin'), [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }]);
    assert.deepEqual(subjectsOf('system:discovery'), [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]);
    assert.deepEqual(subjectsOf('system:public-info-viewer'), [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
    ]);
    assert.deepEqual(find(roles, 'edit').metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-admin'], 'true');
  });

  test('reconcile adds what is missing and keeps user changes', () => {
    const wanted = find(bootstrapClusterRoles(), 'system:discovery');
    const current: KubeObject = structuredClone(wanted);
    current['rules'] = [{ verbs: ['get'], nonResourceURLs: ['/custom'] }];
    current.metadata.labels = { mine: 'yes' };
    const next = reconcileDefault(current, wanted);
    assert.ok(next);
    assert.deepEqual(next['rules'], [{ verbs: ['get'], nonResourceURLs: ['/custom'] }, ...(wanted['rules'] as unknown[])]);
    assert.deepEqual(next.metadata.labels, { mine: 'yes', 'kubernetes.io/bootstrapping': 'rbac-defaults' });
    assert.equal(reconcileDefault(next, wanted), undefined, 'nothing more to do');
  });

  test('autoupdate=false leaves the object alone', () => {
    const wanted = find(bootstrapClusterRoleBindings(), 'system:discovery');
    const current: KubeObject = structuredClone(wanted);
    current.metadata.annotations = { 'rbac.authorization.kubernetes.io/autoupdate': 'false' };
    current['subjects'] = [];
    assert.equal(reconcileDefault(current, wanted), undefined);
  });

  test('aggregated roles keep their aggregated rules', () => {
    const wanted = find(bootstrapClusterRoles(), 'view');
    const current: KubeObject = structuredClone(wanted);
    current['rules'] = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
    assert.equal(reconcileDefault(current, wanted), undefined);
  });
});
