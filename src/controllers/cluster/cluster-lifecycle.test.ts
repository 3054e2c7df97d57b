import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeClient } from '../../client/client.js';
import { isNotFound } from '../../client/api-error.js';
import { noopLogger } from '../../client/logger.js';
import { CLUSTERS, NAMESPACES, NODES, SECRETS } from './constants.js';
import { startClusterControllers } from './registrations.js';
import { startTestApiServer, type TestApiServer } from './testing/test-apiserver.js';

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('cluster lifecycle controllers (in-process control plane, HTTPS member)', { timeout: 60_000 }, () => {
  let plane: TestApiServer;
  let member: TestApiServer;
  let client: KubeClient;
  const abort = new AbortController();
  let done: Promise<void>;

  before(async () => {
    plane = await startTestApiServer('plane');
    member = await startTestApiServer('member');
    await member.listen();
    client = plane.apiserver.client;
    const m = member.apiserver.client;
    const node = await m.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: {} });
    await m.updateStatus(NODES, { ...node, status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, capacity: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } });
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'karmada-cluster' } }).catch(() => undefined);
    await client.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'm1', namespace: 'karmada-cluster' }, data: { token: b64(member.pki.adminToken), caBundle: b64(member.pki.ca.certPem) } });
    await client.create<Cluster>(CLUSTERS, {
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'm1' },
      spec: { syncMode: 'Push', apiEndpoint: member.url, secretRef: { namespace: 'karmada-cluster', name: 'm1' } },
    });
    ({ done } = startClusterControllers({
      client,
      logger: noopLogger as never,
      signal: abort.signal,
      options: { clusterStatusUpdateFrequencyMs: 200, clusterFailureThresholdMs: 600, clusterSuccessThresholdMs: 600, cleanupCheckIntervalMs: 200 },
    }));
  });

  after(async () => {
    abort.abort();
    await done;
    await member.stop().catch(() => undefined);
    await plane.stop();
  });

  test('a joined push cluster gets its execution space, finalizer and a Ready status from its member', async () => {
    const ready = await eventually('Ready', async () => {
      const c = await client.get<Cluster>(CLUSTERS, 'm1');
      return c.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True') !== undefined && (c.spec.taints ?? []).length === 0 ? c : undefined;
    });
    assert.deepEqual(ready.metadata.finalizers, ['karmada.io/cluster-controller']);
    await client.get(NAMESPACES, 'karmada-es-m1');
    const ready1 = ready.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(ready1?.reason, 'ClusterReady');
    assert.equal(ready1?.message, 'cluster is healthy and ready to accept workloads');
    assert.match(ready.status?.kubernetesVersion ?? '', /^v1\.\d+\.\d+/);
    const apis = ready.status?.conditions?.find((x) => x.type === 'CompleteAPIEnablements');
    assert.equal(apis?.status, 'True');
    const core = ready.status?.apiEnablements?.find((e) => e.groupVersion === 'v1');
    assert.ok(core?.resources?.some((r) => r.name === 'pods' && r.kind === 'Pod'));
    assert.ok(!core?.resources?.some((r) => r.name.includes('/')), 'subresources are left out');
    assert.deepEqual(ready.status?.nodeSummary, { totalNum: 1, readyNum: 1 });
    assert.deepEqual(ready.status?.resourceSummary?.allocatable, { cpu: '8', memory: '32Gi', pods: '110' });
  });

  test('status is not rewritten when nothing changed', async () => {
    const before = await client.get<Cluster>(CLUSTERS, 'm1');
    await new Promise((r) => setTimeout(r, 700));
    const later = await client.get<Cluster>(CLUSTERS, 'm1');
    assert.equal(later.metadata.resourceVersion, before.metadata.resourceVersion);
  });

  test('an unreachable member turns NotReady after the failure threshold and gets the not-ready taint', async () => {
    await member.apiserver.server.close();
    const c = await eventually('not-ready taint', async () => {
      const cl = await client.get<Cluster>(CLUSTERS, 'm1');
      return cl.spec.taints?.some((t) => t.key === 'cluster.karmada.io/not-ready' && t.effect === 'NoSchedule') === true ? cl : undefined;
    });
    const ready = c.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(ready?.status, 'False');
    assert.equal(ready?.reason, 'ClusterNotReachable');
    assert.equal(ready?.message, 'cluster is not reachable');
    assert.match(c.spec.taints?.[0]?.timeAdded ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('deleting the cluster removes its execution space, then the cluster', async () => {
    await client.delete(CLUSTERS, 'm1');
    await eventually('cluster gone', async () => {
      try {
        await client.get(CLUSTERS, 'm1');
        return undefined;
      } catch (err) {
        return isNotFound(err) ? true : undefined;
      }
    });
    await assert.rejects(client.get(NAMESPACES, 'karmada-es-m1'), (err) => isNotFound(err));
  });
});
