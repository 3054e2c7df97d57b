import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from '../request-info.js';
import { forbiddenError } from './forbidden.js';
import { requestAttributes } from './request-attributes.js';

const alice = { name: 'alice', groups: [] };

function forbiddenFor(method: string, url: string): { message: string; details: unknown } {
  const u = new URL(url, 'https://x');
  const info = parseRequestInfo(method, u.pathname, u.searchParams);
  const error = forbiddenError(requestAttributes(alice, method, u.pathname, info, u.searchParams));
  assert.equal(error.code, 403);
  assert.equal(error.reason, 'Forbidden');
  return { message: error.message, details: error.details };
}

describe('403 wording (upstream forbiddenMessage + NewForbidden)', () => {
  const rows: { method: string; url: string; message: string }[] = [
    {
      method: 'GET',
      url: '/apis/apps/v1/namespaces/default/deployments',
      message: 'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" in the namespace "default"',
    },
    {
      method: 'GET',
      url: '/apis/apps/v1/deployments',
      message: 'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope',
    },
    {
      method: 'GET',
      url: '/api/v1/namespaces/default/pods/web',
      message: 'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"',
    },
    {
      method: 'GET',
      url: '/api/v1/namespaces/default/pods/web/log',
      message: 'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"',
    },
    {
      method: 'GET',
      url: '/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dweb',
      message: 'pods "web" is forbidden: User "alice" cannot watch resource "pods" in API group "" in the namespace "default"',
    },
    {
      method: 'DELETE',
      url: '/api/v1/namespaces/default/configmaps',
      message: 'configmaps is forbidden: User "alice" cannot deletecollection resource "configmaps" in API group "" in the namespace "default"',
    },
    {
      method: 'GET',
      url: '/api/v1/namespaces/team',
      message: 'namespaces "team" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "team"',
    },
    {
      method: 'POST',
      url: '/apis/policy.karmada.io/v1alpha1/namespaces/ns/propagationpolicies',
      message: 'propagationpolicies.policy.karmada.io is forbidden: User "alice" cannot create resource "propagationpolicies" in API group "policy.karmada.io" in the namespace "ns"',
    },
    {
      method: 'GET',
      url: '/apis/cluster.karmada.io/v1alpha1/clusters/m1/proxy/api/v1/pods',
      message: 'clusters.cluster.karmada.io "m1" is forbidden: User "alice" cannot get resource "clusters/proxy" in API group "cluster.karmada.io" at the cluster scope',
    },
    { method: 'GET', url: '/apis', message: 'forbidden: User "alice" cannot get path "/apis"' },
    { method: 'POST', url: '/metrics', message: 'forbidden: User "alice" cannot post path "/metrics"' },
  ];
  for (const row of rows) {
    test(`${row.method} ${row.url}`, () => assert.equal(forbiddenFor(row.method, row.url).message, row.message));
  }

  test('details carry group, resource and name', () => {
    assert.deepEqual(forbiddenFor('GET', '/apis/apps/v1/namespaces/d/deployments/web').details, { name: 'web', group: 'apps', kind: 'deployments' });
  });

  test('a reason is appended', () => {
    const u = new URL('https://x/api/v1/pods');
    const attrs = requestAttributes(alice, 'GET', u.pathname, parseRequestInfo('GET', u.pathname, u.searchParams), u.searchParams);
    assert.equal(
      forbiddenError(attrs, 'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found').message,
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    );
  });
});
