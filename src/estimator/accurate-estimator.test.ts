import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeObject } from '../api/object.js';
import type { KubeClient } from '../client/client.js';
import { FakeApiServer } from '../client/fake-api-server.js';
import { Scheduler } from '../scheduler/core/scheduler.js';
import { CapacityLedger } from '../scheduler/estimator/capacity-ledger.js';
import { GeneralEstimator } from '../scheduler/estimator/general-estimator.js';
import { UNKNOWN_REPLICAS, type EstimateRequest } from '../scheduler/estimator/replica-estimator.js';
import { parseResourceRequest } from '../scheduler/estimator/resource-request.js';
import { dynamicWeight, makeBinding, makeCluster } from '../scheduler/testing/fixtures.js';
import { AccurateEstimator } from './accurate-estimator.js';
import { syncedAccurateEstimator } from './synced-estimator.js';

function node(name: string, cpu: string, extra: { labels?: Record<string, string>; taints?: unknown[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: extra.taints ? { taints: extra.taints } : {},
    status: { allocatable: { cpu, memory: '16Gi', pods: '110' } },
  };
}

function pod(name: string, nodeName: string, cpu: string, phase = 'Running'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }] },
    status: { phase },
  };
}

/** A push Cluster whose resource summary sums the nodes (what the general estimator sees). */
function pushCluster(name: string, cpu: string, options: { pull?: boolean } = {}): Cluster {
  const c = makeCluster(name, { allocatable: { cpu, memory: '64Gi', pods: '330' } });
  return { ...c, spec: { ...c.spec, syncMode: options.pull ? 'Pull' : 'Push', apiEndpoint: `https://${name}.example` } };
}

const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** Creates the object, then writes its status (the fake drops status on create, as the API does). */
async function put(server: FakeApiServer, obj: KubeObject): Promise<void> {
  const ref = obj.kind === 'Node' ? NODES : PODS;
  const ns = obj.metadata.namespace === undefined ? {} : { namespace: obj.metadata.namespace };
  await server.client.create(ref, obj, ns);
  await server.client.patch(ref, obj.metadata.name ?? '', { status: obj['status'] }, { type: 'merge', subresource: 'status', ...ns });
}

async function until(what: string, fn: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cpuRequest = (cpu: string, extra: Partial<EstimateRequest> = {}): EstimateRequest => ({
  request: parseResourceRequest({ resourceRequest: { cpu } }),
  hasRequirements: true,
  ...extra,
});

describe('AccurateEstimator over fake members', () => {
  const servers = new Map<string, FakeApiServer>();
  const memberClients = {
    get: (name: string): Promise<KubeClient> => {
      const s = servers.get(name);
      return s === undefined ? Promise.reject(new Error(`no member ${name}`)) : Promise.resolve(s.client);
    },
  };
  const estimators: AccurateEstimator[] = [];
  const newEstimator = (): AccurateEstimator => {
    const e = new AccurateEstimator({ memberClients, watchTimeoutSeconds: 5 });
    estimators.push(e);
    return e;
  };
  after(async () => {
    await Promise.all(estimators.map((e) => e.stop()));
    for (const s of servers.values()) s.close();
  });

  const member = async (name: string, objects: KubeObject[]): Promise<FakeApiServer> => {
    const s = new FakeApiServer();
    for (const o of objects) await put(s, o);
    servers.set(name, s);
    return s;
  };

  it('counts replicas node by node, follows pod changes, and ignores terminated pods', async () => {
    const server = await member('small', [node('n1', '2'), node('n2', '2'), node('n3', '2'), pod('done', 'n1', '2', 'Succeeded')]);
    const e = newEstimator();
    const cluster = pushCluster('small', '6');
    e.upsertCluster(cluster);
    await until('synced', () => e.isSynced('small'));
    // 6 cpu free in total, but no node holds 3 cpu.
    assert.equal(e.estimate(cluster, cpuRequest('3')), 0);
    assert.equal(e.estimate(cluster, cpuRequest('1')), 6);
    await put(server, pod('p1', 'n1', '1500m'));
    await until('pod seen', () => e.estimate(cluster, cpuRequest('1')) === 4);
    await server.client.delete(PODS, 'p1', { namespace: 'default' });
    await until('pod gone', () => e.estimate(cluster, cpuRequest('1')) === 6);
    assert.deepEqual({ ...e.stats(), requestShapes: undefined }, { members: 1, synced: 1, nodes: 3, pods: 0, requestShapes: undefined });
  });

  it('applies the node claim: selector and tolerations', async () => {
    await member('mixed', [
      node('gpu', '8', { labels: { accel: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      node('cpu', '4', { labels: { accel: 'none' } }),
    ]);
    const e = newEstimator();
    const cluster = pushCluster('mixed', '12');
    e.upsertCluster(cluster);
    await until('synced', () => e.isSynced('mixed'));
    assert.equal(e.estimate(cluster, cpuRequest('1')), 4, 'the tainted node is not counted');
    const tolerate = { tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] };
    assert.equal(e.estimate(cluster, cpuRequest('1', { nodeClaim: tolerate })), 12);
    assert.equal(e.estimate(cluster, cpuRequest('1', { nodeClaim: { ...tolerate, nodeSelector: { accel: 'gpu' } } })), 8);
    assert.equal(e.estimate(cluster, cpuRequest('1', { nodeClaim: { nodeSelector: { accel: 'gpu' } } })), 0);
  });

  it('answers UNKNOWN for pull clusters and clusters not synced, and stops watching removed ones', async () => {
    await member('pulled', [node('n', '4')]);
    const e = newEstimator();
    const pull = pushCluster('pulled', '4', { pull: true });
    e.upsertCluster(pull);
    assert.equal(e.estimate(pull, cpuRequest('1')), UNKNOWN_REPLICAS);
    const unreachable = pushCluster('nowhere', '4');
    e.upsertCluster(unreachable);
    assert.equal(e.estimate(unreachable, cpuRequest('1')), UNKNOWN_REPLICAS);
    e.removeCluster('nowhere');
    assert.equal(e.stats().members, 0);
  });

  it('subtracts capacity other bindings reserved this round', async () => {
    await member('res', [node('n1', '4'), node('n2', '4')]);
    const e = newEstimator();
    const cluster = pushCluster('res', '8');
    e.upsertCluster(cluster);
    await until('synced', () => e.isSynced('res'));
    const ledger = new CapacityLedger();
    ledger.reserve('ns/other', [{ cluster: 'res', replicas: 3 }], parseResourceRequest({ resourceRequest: { cpu: '1' } }));
    assert.equal(e.estimate(cluster, cpuRequest('1', { reservations: ledger.lookupExcluding('ns/me') })), 5);
    assert.equal(e.estimate(cluster, cpuRequest('1', { reservations: ledger.lookupExcluding('ns/other') })), 8);
    // Small replicas reserved elsewhere take their cpu, not 2-cpu replicas' worth each ...
    const small = new CapacityLedger();
    small.reserve('ns/small', [{ cluster: 'res', replicas: 4 }], parseResourceRequest({ resourceRequest: { cpu: '250m' } }));
    assert.equal(e.estimate(cluster, cpuRequest('2', { reservations: small.lookupExcluding('ns/me') })), 3);
    // ... and their pod slots (2 nodes x 110).
    const many = new CapacityLedger();
    many.reserve('ns/many', [{ cluster: 'res', replicas: 218 }], []);
    assert.equal(e.estimate(cluster, cpuRequest('100m', { reservations: many.lookupExcluding('ns/me') })), 2);
  });

  it('the scheduler takes the minimum of the general and accurate estimates', async () => {
    // "small": 3 nodes x 2 cpu (summary: 6 cpu free); "big": 2 nodes x 8 cpu; "pull": not watchable.
    await member('s-small', [node('a', '2'), node('b', '2'), node('c', '2')]);
    await member('s-big', [node('a', '8'), node('b', '8')]);
    const e = newEstimator();
    const clusters = [pushCluster('s-small', '6'), pushCluster('s-big', '16'), pushCluster('s-pull', '9', { pull: true })];
    for (const c of clusters) e.upsertCluster(c);
    await until('synced', () => e.isSynced('s-small') && e.isSynced('s-big'));
    const binding = makeBinding({
      name: 'web',
      replicas: 6,
      requirements: { resourceRequest: { cpu: '3' } },
      placement: dynamicWeight,
    });
    const both = new Scheduler({ estimators: [new GeneralEstimator(), e] }).schedule({ binding, clusters, dryRun: true });
    const avail = new Map(both.explanation?.clusters.map((c) => [c.name, c.availableReplicas]));
    // small: general says 2, accurate 0; big: general 5, accurate 4 (2 per node); pull: general only (3).
    assert.deepEqual([avail.get('s-small'), avail.get('s-big'), avail.get('s-pull')], [0, 4, 3]);
    assert.equal(both.scheduled, true);
    assert.equal(
      both.clusters.find((t) => t.name === 's-small'),
      undefined,
      `nothing lands on the small nodes: ${JSON.stringify(both.clusters)}`,
    );
    const general = new Scheduler({ estimators: [new GeneralEstimator()] }).schedule({ binding, clusters, dryRun: true });
    assert.ok((general.clusters.find((t) => t.name === 's-small')?.replicas ?? 0) > 0, 'the general estimator alone over-promises');
  });
});

describe('AccurateEstimator when a member fails', () => {
  it('falls back to UNKNOWN when the watch breaks, and recovers after a relist', async () => {
    const server = new FakeApiServer();
    await put(server, node('n1', '4'));
    const e = new AccurateEstimator({ memberClients: { get: () => Promise.resolve(server.client) }, watchTimeoutSeconds: 5 });
    try {
      const cluster = pushCluster('flaky', '4');
      e.upsertCluster(cluster);
      await until('synced', () => e.isSynced('flaky'));
      assert.equal(e.estimate(cluster, cpuRequest('1')), 4);
      server.failNext('list', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 503, reason: 'ServiceUnavailable', message: 'down' });
      server.sendWatchError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'boom' });
      await until('unsynced', () => !e.isSynced('flaky'));
      assert.equal(e.estimate(cluster, cpuRequest('1')), UNKNOWN_REPLICAS);
      await until('resynced', () => e.isSynced('flaky'));
      assert.equal(e.estimate(cluster, cpuRequest('1')), 4);
    } finally {
      await e.stop();
      server.close();
    }
  });
});

describe('syncedAccurateEstimator', () => {
  it('resolves once reachable members are listed, leaving the others to the general estimate', async () => {
    const server = new FakeApiServer();
    await put(server, node('n1', '2'));
    const clusters = [pushCluster('up', '2'), pushCluster('down', '2'), pushCluster('pulled', '2', { pull: true })];
    const memberClients = {
      get: (name: string): Promise<KubeClient> => (name === 'up' ? Promise.resolve(server.client) : Promise.reject(new Error('unreachable'))),
    };
    const started = Date.now();
    const e = await syncedAccurateEstimator(clusters, memberClients, { timeoutMs: 300 });
    try {
      assert.ok(Date.now() - started < 2000);
      assert.deepEqual(
        clusters.map((c) => e.estimate(c, cpuRequest('1'))),
        [2, UNKNOWN_REPLICAS, UNKNOWN_REPLICAS],
      );
    } finally {
      await e.stop();
      server.close();
    }
  });
});
