import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { adoption, alignColumns, renderTable, resourceName } from './get-table.js';
import { generatePolicyName, gvkString, propagationFor } from './apply-policy.js';
import { parseOperationScope, selectClusters } from './operation-scope.js';
import { parseGetArgs } from './get.js';

const col = (name: string, priority = 0) => ({ name, type: 'string', format: '', description: '', priority });
const obj = (name: string, labels?: Record<string, string>): KubeObject => ({ metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) } });

describe('karmadactl get table', () => {
  it('aligns columns three spaces apart', () => {
    assert.equal(
      alignColumns([
        ['NAME', 'AGE'],
        ['a-long-name', '1s'],
      ]),
      'NAME          AGE\na-long-name   1s\n',
    );
  });
  it('puts CLUSTER after NAME and ADOPTION last; hides wide columns', () => {
    const rows = [
      { cluster: 'Karmada', member: false, object: obj('web'), cells: ['web', '1/1', 'nginx'] },
      { cluster: 'member1', member: true, object: obj('web', { 'karmada.io/managed': 'true' }), cells: ['web', '1/1', 'nginx'] },
    ];
    const text = renderTable([col('Name'), col('Ready'), col('Images', 1)], rows, { wide: false, withNamespace: true, withCluster: true, withAdoption: true });
    assert.deepEqual(
      text.split('\n').map((l) => l.split(/\s+/)),
      [['NAMESPACE', 'NAME', 'CLUSTER', 'READY', 'ADOPTION'], ['default', 'web', 'Karmada', '1/1', '-'], ['default', 'web', 'member1', '1/1', 'Y'], ['']],
    );
  });
  it('adoption', () => {
    assert.equal(adoption(obj('a', { 'karmada.io/managed': 'true' })), 'Y');
    assert.equal(adoption(obj('a')), 'N');
  });
  it('names', () => {
    assert.equal(resourceName('Deployment', 'apps', 'web'), 'deployment.apps/web');
    assert.equal(resourceName('ConfigMap', '', 'c'), 'configmap/c');
  });
  it('args', () => {
    assert.deepEqual(parseGetArgs(['deploy/web']), { resource: 'deploy', names: ['web'] });
    assert.deepEqual(parseGetArgs(['deploy', 'a', 'b']), { resource: 'deploy', names: ['a', 'b'] });
    assert.throws(() => parseGetArgs([]));
  });
});

describe('operation scope', () => {
  it('validates', () => {
    assert.equal(parseOperationScope(undefined), 'karmada');
    assert.equal(parseOperationScope('all'), 'all');
    assert.throws(() => parseOperationScope('all', ['karmada', 'members']), /invalid/);
  });
  it('selects clusters', () => {
    assert.deepEqual(selectClusters(['m2', 'm1'], []), ['m1', 'm2']);
    assert.deepEqual(selectClusters(['m2', 'm1'], ['m2']), ['m2']);
    assert.throws(() => selectClusters(['m1'], ['x']), /cluster\(x\) does not exist/);
  });
});

describe('apply --all-clusters policy', () => {
  it('GVK strings as Go prints them', () => {
    assert.equal(gvkString('apps/v1', 'Deployment'), 'apps/v1, Kind=Deployment');
    assert.equal(gvkString('v1', 'ConfigMap'), '/v1, Kind=ConfigMap');
  });
  it('a PropagationPolicy for namespaced objects, a ClusterPropagationPolicy otherwise', () => {
    const pp = propagationFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' } }, true, 'all');
    assert.equal(pp.kind, 'PropagationPolicy');
    assert.equal(pp.metadata.namespace, 'ns');
    assert.equal(pp.metadata.name, generatePolicyName('ns', 'c', '/v1, Kind=ConfigMap'));
    assert.deepEqual(pp['spec'], {
      resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'ns' }],
      placement: { clusterAffinity: {} },
    });
    const cpp = propagationFor({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a:b' } }, false, ['m1']);
    assert.equal(cpp.kind, 'ClusterPropagationPolicy');
    assert.match(cpp.metadata.name ?? '', /^a\.b-[a-z0-9]+$/);
    assert.deepEqual(cpp['spec'], {
      resourceSelectors: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'a:b' }],
      placement: { clusterAffinity: { clusterNames: ['m1'] } },
    });
  });
});

describe('describe text', () => {
  it('title-cases keys as kubectl does', async () => {
    const { titleCase } = await import('./describe-text.js');
    for (const [key, want] of [
      ['creationTimestamp', 'Creation Timestamp'],
      ['apiVersion', 'API Version'],
      ['replicas', 'Replicas'],
      ['matchLabels', 'Match Labels'],
    ] as const) {
      assert.equal(titleCase(key), want);
    }
  });
  it('prints name, namespace, cluster, labels and events', async () => {
    const { describeObject } = await import('./describe-text.js');
    const text = describeObject(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', labels: { a: 'b' } }, data: { k: 'v' } },
      [],
      'member1',
    );
    assert.match(text, /^Name:\s+c\nNamespace:\s+ns\nCluster:\s+member1\nLabels:\s+a=b\nAnnotations:\s+<none>\n/);
    assert.match(text, /\nData:\n {2}K: {2}v\n/);
    assert.match(text, /Events:\s+<none>\n$/);
  });
});
