import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectReference, ResourceBindingSpec } from '../../api/work/resource-binding.js';
import type { Work } from '../../api/work/work.js';
import { assembleWorkStatus, fullyAppliedCondition } from './aggregate-work-status.js';

const ref: ObjectReference = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };
const manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } };

function work(cluster: string, applied: 'True' | 'False' | undefined, status?: unknown, message = ''): Work {
  return {
    metadata: { name: 'web-x', namespace: `karmada-es-${cluster}` },
    spec: { workload: { manifests: [manifest] } },
    status: {
      ...(applied === undefined ? {} : { conditions: [{ type: 'Applied', status: applied, reason: 'r', message }] }),
      ...(status === undefined
        ? {}
        : { manifestStatuses: [{ identifier: { ordinal: 0, group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespace: 'default', name: 'web' }, status, health: 'Healthy' }] }),
    },
  };
}

describe('aggregating Work statuses', () => {
  it('one item per cluster, sorted, with status and health of applied Works', () => {
    const items = assembleWorkStatus([work('m2', 'False', undefined, 'boom'), work('m1', 'True', { replicas: 2 }), work('m3', undefined)], ref);
    assert.deepEqual(items, [
      { clusterName: 'm1', applied: true, health: 'Healthy', status: { replicas: 2 } },
      { clusterName: 'm2', applied: false, appliedMessage: 'boom', health: 'Unknown' },
      { clusterName: 'm3', applied: false, health: 'Unknown' },
    ]);
  });

  it('skips deleting Works and Works without the manifest', () => {
    const deleting = { ...work('m1', 'True'), metadata: { ...work('m1', 'True').metadata, deletionTimestamp: 'x' } };
    const other = { ...work('m2', 'True'), spec: { workload: { manifests: [{ ...manifest, metadata: { name: 'other', namespace: 'default' } }] } } };
    assert.deepEqual(assembleWorkStatus([deleting, other], ref), []);
  });

  const spec = (clusters: string[]): ResourceBindingSpec => ({ resource: ref, clusters: clusters.map((name) => ({ name })) });
  const table: [string, string[], Parameters<typeof fullyAppliedCondition>[1], 'True' | 'False'][] = [
    ['all applied', ['m1', 'm2'], [{ clusterName: 'm1', applied: true }, { clusterName: 'm2', applied: true }], 'True'],
    ['one missing', ['m1', 'm2'], [{ clusterName: 'm1', applied: true }], 'False'],
    ['one failed', ['m1'], [{ clusterName: 'm1', applied: false }], 'False'],
    ['not scheduled', [], [], 'False'],
  ];
  for (const [name, clusters, items, want] of table) {
    it(`FullyApplied: ${name}`, () => assert.equal(fullyAppliedCondition(spec(clusters), items).status, want));
  }
});
