import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from './request-info.js';

const cases: [string, string, string, Partial<ReturnType<typeof parseRequestInfo>>][] = [
  ['GET', '/api/v1/namespaces', '', { resource: 'namespaces', verb: 'list', namespace: '' }],
  ['GET', '/api/v1/namespaces/default', '', { resource: 'namespaces', name: 'default', verb: 'get', namespace: '' }],
  ['PUT', '/api/v1/namespaces/default/status', '', { resource: 'namespaces', name: 'default', subresource: 'status', verb: 'update' }],
  ['GET', '/api/v1/namespaces/default/pods', '', { resource: 'pods', namespace: 'default', verb: 'list' }],
  ['GET', '/api/v1/namespaces/default/pods', 'watch=true', { resource: 'pods', verb: 'watch' }],
  ['GET', '/api/v1/watch/namespaces/default/pods/p1', '', { resource: 'pods', name: 'p1', verb: 'watch' }],
  ['PATCH', '/apis/apps/v1/namespaces/ns/deployments/web/scale', '', { group: 'apps', resource: 'deployments', name: 'web', subresource: 'scale', verb: 'patch' }],
  ['DELETE', '/apis/apps/v1/namespaces/ns/deployments', '', { verb: 'deletecollection' }],
  ['GET', '/apis/cluster.karmada.io/v1alpha1/clusters/m1/proxy/api/v1/pods', '', { resource: 'clusters', name: 'm1', subresource: 'proxy', subpath: 'api/v1/pods', verb: 'proxy' }],
  ['GET', '/apis/apps/v1', '', { isResourceRequest: false, group: 'apps', version: 'v1' }],
  ['GET', '/version', '', { isResourceRequest: false }],
];

for (const [method, path, query, want] of cases) {
  test(`${method} ${path}?${query}`, () => {
    const got = parseRequestInfo(method, path, new URLSearchParams(query));
    for (const [k, v] of Object.entries(want)) {
      assert.equal(got[k as keyof typeof got], v, k);
    }
  });
}
