import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxiedPath } from './cluster-proxy.js';

test('the path after /proxy is forwarded still encoded, with its query', () => {
  const rows: [string, string][] = [
    ['/apis/cluster.karmada.io/v1alpha1/clusters/m1/proxy/api/v1/pods?watch=true&labelSelector=a%3Db', '/api/v1/pods?watch=true&labelSelector=a%3Db'],
    ['/apis/cluster.karmada.io/v1alpha1/clusters/m1/proxy', '/'],
    ['/apis/cluster.karmada.io/v1alpha1/clusters/m1/proxy?timeout=32s', '/?timeout=32s'],
    ['/apis/cluster.karmada.io/v1alpha1/clusters/m1/proxy/api/v1/namespaces/a%2Fb/configmaps', '/api/v1/namespaces/a%2Fb/configmaps'],
  ];
  for (const [url, want] of rows) assert.equal(proxiedPath(url, 'm1'), want, url);
});
