import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import { createResourceInterpreter } from '../../interpreter/default-interpreter.js';
import { makeCluster } from '../../scheduler/testing/fixtures.js';
import { bindingsFromObjects, formatDryRun, parseObjects, runScheduleDryRun } from './schedule.js';

const CLUSTER_KINDS = new Set(['Namespace', 'ClusterRole']);

/** Just enough of a client: discovery scope and the Cluster list. */
function fakeClient(clusters: readonly KubeObject[]): KubeClient {
  const client = {
    mapper: {
      resourceFor: (_apiVersion: string, kind: string) => Promise.resolve({ namespaced: !CLUSTER_KINDS.has(kind) }),
    },
    list: () => Promise.resolve({ items: clusters }),
  };
  return client as unknown as KubeClient;
}

const DOCS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 9
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx, resources: {requests: {cpu: "1"}}}]
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [a]}, weight: 1}
          - {targetCluster: {clusterNames: [b]}, weight: 2}
---
apiVersion: v1
kind: Namespace
metadata: {name: unclaimed}
`;

describe('karmadactl schedule --dry-run', () => {
  it('parses documents and flattens Lists', () => {
    const objs = parseObjects(`${DOCS}---\n{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}]}\n`);
    assert.deepEqual(
      objs.map((o) => o.kind),
      ['Deployment', 'PropagationPolicy', 'Namespace', 'ConfigMap'],
    );
  });

  it('builds the binding the detector would: replicas and requirements from the interpreter, placement from the policy', async () => {
    const { interpreter } = createResourceInterpreter({ thirdPartyDirectory: false });
    const built = await bindingsFromObjects(fakeClient([]), parseObjects(DOCS), 'ns1', interpreter);
    assert.equal(built.length, 1, 'the Namespace is not claimed');
    const [b] = built;
    assert.equal(b?.binding.metadata.name, 'web-deployment');
    assert.equal(b?.binding.metadata.namespace, 'ns1');
    assert.equal(b?.binding.spec.replicas, 9);
    assert.equal(b?.binding.spec.replicaRequirements?.resourceRequest?.['cpu'], '1');
    assert.equal(b?.binding.spec.placement?.replicaScheduling?.replicaSchedulingType, 'Divided');
    assert.equal(b?.policy, 'PropagationPolicy ns1/web');
  });

  it('schedules against the control plane clusters and explains (9 at 1:2 -> 3 and 6)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedule-test-'));
    try {
      const path = join(dir, 'in.yaml');
      writeFileSync(path, DOCS);
      const clusters = [makeCluster('a', { allocatable: { cpu: '10', pods: '110' } }), makeCluster('b', { allocatable: { cpu: '10', pods: '110' } })];
      const [r] = await runScheduleDryRun(fakeClient(clusters), [], { filename: [path] });
      assert.equal(r?.scheduled, true);
      assert.deepEqual(r?.clusters, [
        { name: 'a', replicas: 3 },
        { name: 'b', replicas: 6 },
      ]);
      const text = r === undefined ? '' : formatDryRun(r);
      assert.match(text, /TARGET CLUSTERS:\n {2}a\t3\n {2}b\t6/);
      assert.match(text, /Result: a=3, b=6/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports why nothing fits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedule-test-'));
    try {
      const path = join(dir, 'in.yaml');
      writeFileSync(path, DOCS);
      const clusters = [makeCluster('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), makeCluster('b', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] })];
      const [r] = await runScheduleDryRun(fakeClient(clusters), [], { filename: [path] });
      assert.equal(r?.scheduled, false);
      const text = r === undefined ? '' : formatDryRun(r);
      assert.match(text, /NOT SCHEDULED: NoClusterFit: 0\/2 clusters are available/);
      assert.match(text, /a: rejected by TaintToleration/);
      assert.match(text, /b: rejected by TaintToleration/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses files without policies and mixing files with a binding name', async () => {
    await assert.rejects(runScheduleDryRun(fakeClient([]), [], { filename: ['/dev/null'] }), /no PropagationPolicy/);
    await assert.rejects(runScheduleDryRun(fakeClient([]), ['binding', 'x'], { filename: ['/dev/null'] }), /not both/);
    await assert.rejects(runScheduleDryRun(fakeClient([]), ['pods', 'x'], {}), /unknown type pods/);
  });
});
