import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { KubeObject } from '../api/object.js';
import type { ResourceRef } from '../client/client.js';
import { isNotFound } from '../client/api-error.js';
import { startSimulatedMember, type RunningMember } from './simulated-member.js';
import { PDBS } from './simulator/disruption-controller.js';
import { CRON_JOBS, DAEMON_SETS, DEPLOYMENTS, ENDPOINTS, ENDPOINT_SLICES, JOBS, LEASES, NODES, PODS, REPLICA_SETS, SERVICES, STATEFUL_SETS } from './simulator/refs.js';
import type { Deployment, Pod } from './simulator/types.js';

const NS = 'default';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function deployment(name: string, replicas: number, image: string, extra: { cpu?: string; strategy?: string } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(extra.strategy === undefined ? {} : { strategy: { type: extra.strategy } }),
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image, ports: [{ name: 'http', containerPort: 8080 }], ...(extra.cpu === undefined ? {} : { resources: { requests: { cpu: extra.cpu } } }) }] },
      },
    },
  };
}

/** GET (or POST body) over HTTPS with the member's kubeconfig credentials. */
function httpsGet(member: RunningMember, path: string, post?: unknown): Promise<{ status: number; body: string }> {
  const kubeconfig = readFileSync(member.kubeconfigPath, 'utf8');
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kubeconfig)?.[1] ?? '', 'base64');
  const token = /token: (\S+)/.exec(kubeconfig)?.[1] ?? '';
  const url = new URL(path, member.url);
  return new Promise((resolve, reject) => {
    const method = post === undefined ? 'GET' : 'POST';
    const headers = { authorization: `Bearer ${token}`, ...(post === undefined ? {} : { 'content-type': 'application/json' }) };
    const req = request(url, { ca, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(post === undefined ? undefined : JSON.stringify(post));
  });
}

describe('simulated member (in process)', { timeout: 120_000 }, () => {
  let dir: string;
  let member: RunningMember;
  const list = async (ref: ResourceRef, labelSelector?: string): Promise<KubeObject[]> =>
    (await member.client.list(ref, { namespace: NS, ...(labelSelector === undefined ? {} : { labelSelector }) })).items;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'member-test-'));
    member = await startSimulatedMember({
      name: 'sim',
      port: 0,
      bind: '127.0.0.1',
      dataDir: dir,
      nodes: 3,
      nodeCpu: '2',
      nodeMemory: '8Gi',
      nodePods: '20',
      region: 'region-1',
      zone: 'zone-1a',
      podReadyDelayMs: 50,
      jobPodRunMs: 100,
      logger: pino({ level: 'warn' }),
    });
  });

  after(async () => {
    await member.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers Ready nodes with capacity, topology labels and heartbeat leases', async () => {
    const nodes = (await member.client.list(NODES)).items as (KubeObject & { status?: { conditions?: { type: string; status: string }[]; allocatable?: Record<string, string> } })[];
    assert.deepEqual(
      nodes.map((n) => n.metadata.name),
      ['sim-node-1', 'sim-node-2', 'sim-node-3'],
    );
    for (const node of nodes) {
      assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      assert.deepEqual(node.status?.allocatable, { cpu: '2', memory: '8Gi', pods: '20', 'ephemeral-storage': '100Gi' });
      assert.equal(node.metadata.labels?.['topology.kubernetes.io/region'], 'region-1');
      assert.equal(node.metadata.labels?.['topology.kubernetes.io/zone'], 'zone-1a');
      assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], node.metadata.name);
      assert.equal(node.metadata.labels?.['node.kubernetes.io/instance-type'], 'sim-2c-8gi');
    }
    const leases = (await member.client.list(LEASES, { namespace: 'kube-node-lease' })).items;
    assert.equal(leases.length, 3);
    const before = (leases[0]?.['spec'] as { renewTime: string }).renewTime;
    await new Promise((r) => setTimeout(r, 5));
    await member.simulator.heartbeat();
    const renewed = await member.client.get(LEASES, leases[0]?.metadata.name ?? '', { namespace: 'kube-node-lease' });
    assert.notEqual((renewed['spec'] as { renewTime: string }).renewTime, before);
    assert.equal(readFileSync(member.kubeconfigPath, 'utf8').includes(member.url), true);
  });

  it('rolls a Deployment out, then rolls an image update, with the real controller status', async () => {
    await member.client.create(DEPLOYMENTS, deployment('web', 3, 'nginx:1.26'));
    const done = await eventually('web available', async () => {
      const d = await member.client.get<Deployment>(DEPLOYMENTS, 'web', { namespace: NS });
      return d.status?.availableReplicas === 3 && d.status.updatedReplicas === 3 ? d : undefined;
    });
    assert.equal(done.status?.observedGeneration, 1);
    assert.equal(done.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.deepEqual(
      done.status?.conditions?.map((c) => [c.type, c.status, c.reason]),
      [
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ],
    );
    const pods = (await list(PODS, 'app=web')) as Pod[];
    assert.equal(pods.length, 3);
    for (const pod of pods) {
      assert.equal(pod.status?.phase, 'Running');
      assert.match(pod.spec?.nodeName ?? '', /^sim-node-\d$/);
      assert.match(pod.status?.podIP ?? '', /^10\.244\.\d+\.\d+$/);
      assert.equal(pod.status?.containerStatuses?.[0]?.ready, true);
      assert.ok(pod.metadata.labels?.['pod-template-hash'] !== undefined);
    }
    const current = await member.client.get<Deployment>(DEPLOYMENTS, 'web', { namespace: NS });
    const template = current.spec?.template;
    const main = template?.spec?.containers?.[0];
    assert.ok(main !== undefined);
    main.image = 'nginx:1.27';
    await member.client.update(DEPLOYMENTS, current);
    await eventually('rolled to 1.27', async () => {
      const d = await member.client.get<Deployment>(DEPLOYMENTS, 'web', { namespace: NS });
      const s = d.status;
      return s?.observedGeneration === 2 && s.updatedReplicas === 3 && s.replicas === 3 && s.availableReplicas === 3 ? d : undefined;
    });
    const sets = await list(REPLICA_SETS, 'app=web');
    const revisions = sets.map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], (rs['spec'] as { replicas: number }).replicas]).sort();
    assert.deepEqual(revisions, [
      ['1', 0],
      ['2', 3],
    ]);
    const images = ((await list(PODS, 'app=web')) as Pod[]).map((p) => p.spec?.containers?.[0]?.image);
    assert.deepEqual(images, ['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
  });

  it('keeps pods Pending and Unschedulable when no node has the cpu', async () => {
    await member.client.create(DEPLOYMENTS, deployment('big', 4, 'busybox', { cpu: '1500m' }));
    const pending = await eventually('an unschedulable pod', async () => {
      const pods = (await list(PODS, 'app=big')) as Pod[];
      return pods.find((p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'));
    });
    const condition = pending.status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(condition?.reason, 'Unschedulable');
    // 2 cpu per node (web's pods request none): one big pod fits per node, the fourth does not.
    assert.equal(condition?.message, '0/3 nodes are available: 3 Insufficient cpu.');
    const d = await eventually('big status settles', async () => {
      const got = await member.client.get<Deployment>(DEPLOYMENTS, 'big', { namespace: NS });
      return got.status?.availableReplicas === 3 && got.status.replicas === 4 ? got : undefined;
    });
    assert.equal(d.status?.unavailableReplicas, 1);
    assert.equal(d.status?.conditions?.find((c) => c.type === 'Available')?.status, 'True');
  });

  it('schedules the pending pod once room frees up, and deleting a Deployment removes its ReplicaSets and pods', async () => {
    await member.client.delete(DEPLOYMENTS, 'big', { namespace: NS });
    await eventually('big pods gone', async () => ((await list(PODS, 'app=big')).length === 0 ? true : undefined));
    assert.equal((await list(REPLICA_SETS, 'app=big')).length, 0);
  });

  it('replaces all pods at once with the Recreate strategy', async () => {
    await member.client.create(DEPLOYMENTS, deployment('rec', 2, 'app:v1', { strategy: 'Recreate' }));
    await eventually('rec available', async () => ((await member.client.get<Deployment>(DEPLOYMENTS, 'rec', { namespace: NS })).status?.availableReplicas === 2 ? true : undefined));
    const d = await member.client.get<Deployment>(DEPLOYMENTS, 'rec', { namespace: NS });
    const c = d.spec?.template?.spec?.containers?.[0];
    assert.ok(c !== undefined);
    c.image = 'app:v2';
    await member.client.update(DEPLOYMENTS, d);
    await eventually('rec rolled', async () => {
      const got = await member.client.get<Deployment>(DEPLOYMENTS, 'rec', { namespace: NS });
      return got.status?.observedGeneration === 2 && got.status.updatedReplicas === 2 && got.status.availableReplicas === 2 && got.status.replicas === 2 ? true : undefined;
    });
  });

  it('gives Services Endpoints and an EndpointSlice of ready pods, resolving named target ports', async () => {
    await member.client.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    const endpoints = await eventually('endpoints', async () => {
      const ep = await member.client.get(ENDPOINTS, 'web', { namespace: NS });
      const subsets = ep['subsets'] as { addresses?: unknown[] }[] | undefined;
      return subsets?.[0]?.addresses?.length === 3 ? ep : undefined;
    });
    const subset = (endpoints['subsets'] as { ports: { port: number; name: string }[]; addresses: { targetRef: { kind: string } }[] }[])[0];
    assert.deepEqual(subset?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.equal(subset?.addresses[0]?.targetRef.kind, 'Pod');
    const lb = await member.client.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-lb', namespace: NS }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    assert.ok(lb.metadata.name !== undefined);
    const ingress = await eventually('a load balancer IP', async () => {
      const svc = await member.client.get(SERVICES, 'web-lb', { namespace: NS });
      return (svc['status'] as { loadBalancer?: { ingress?: { ip: string }[] } } | undefined)?.loadBalancer?.ingress?.[0]?.ip;
    });
    assert.match(ingress, /^172\.18\.255\.\d+$/);
    const slices = (await member.client.list(ENDPOINT_SLICES, { namespace: NS, labelSelector: 'kubernetes.io/service-name=web' })).items;
    assert.equal(slices.length, 1);
    assert.equal((slices[0]?.['endpoints'] as unknown[]).length, 3);
  });

  it('runs a Job to completion', async () => {
    await member.client.create(JOBS, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: NS },
      spec: { completions: 2, parallelism: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    });
    const job = await eventually('job complete', async () => {
      const j = await member.client.get(JOBS, 'pi', { namespace: NS });
      const s = j['status'] as { succeeded?: number; conditions?: { type: string; status: string }[] } | undefined;
      return s?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true ? s : undefined;
    });
    assert.equal(job.succeeded, 2);
    const pods = (await list(PODS, 'batch.kubernetes.io/job-name=pi')) as Pod[];
    assert.deepEqual(
      pods.map((p) => p.status?.phase),
      ['Succeeded', 'Succeeded'],
    );
  });

  it('creates Jobs from a CronJob schedule', async () => {
    await member.client.create(CRON_JOBS, {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: NS },
      spec: { schedule: '@every 1s', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 't', image: 'busybox' }] } } } } },
    });
    const jobs = await eventually('a scheduled job', async () => {
      const items = (await list(JOBS)).filter((j) => j.metadata.ownerReferences?.[0]?.kind === 'CronJob');
      return items.length > 0 ? items : undefined;
    });
    assert.match(jobs[0]?.metadata.name ?? '', /^tick-\d+$/);
    await eventually('lastScheduleTime', async () => ((await member.client.get(CRON_JOBS, 'tick', { namespace: NS }))['status'] as { lastScheduleTime?: string } | undefined)?.lastScheduleTime);
  });

  it('runs StatefulSet pods in order with stable names, and one DaemonSet pod per node', async () => {
    const template = (app: string): Record<string, unknown> => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await member.client.create(STATEFUL_SETS, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: NS }, spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') } });
    await member.client.create(DAEMON_SETS, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: NS }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') } });
    await eventually('db ready', async () => (((await member.client.get(STATEFUL_SETS, 'db', { namespace: NS }))['status'] as { readyReplicas?: number } | undefined)?.readyReplicas === 2 ? true : undefined));
    const db = ((await list(PODS, 'app=db')) as Pod[]).map((p) => [p.metadata.name, p.spec?.hostname, p.spec?.subdomain]).sort();
    assert.deepEqual(db, [
      ['db-0', 'db-0', 'db'],
      ['db-1', 'db-1', 'db'],
    ]);
    // A rolling update replaces db-1 then db-0 (same names, new pods) and completes the revision.
    const set = await member.client.get(STATEFUL_SETS, 'db', { namespace: NS });
    const podSpec = ((set['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec);
    const first = podSpec.containers[0];
    assert.ok(first !== undefined);
    first.image = 'busybox:2';
    await member.client.update(STATEFUL_SETS, set);
    const rolled = await eventually('db rolled', async () => {
      const status = (await member.client.get(STATEFUL_SETS, 'db', { namespace: NS }))['status'] as Record<string, unknown> | undefined;
      return status?.['observedGeneration'] === 2 && status['updatedReplicas'] === 2 && status['readyReplicas'] === 2 && status['currentRevision'] === status['updateRevision'] ? status : undefined;
    });
    assert.match(String(rolled['updateRevision']), /^db-[a-z0-9]+$/);
    assert.deepEqual(((await list(PODS, 'app=db')) as Pod[]).map((p) => p.spec?.containers?.[0]?.image), ['busybox:2', 'busybox:2']);
    const ds = await eventually('agent ready', async () => {
      const status = (await member.client.get(DAEMON_SETS, 'agent', { namespace: NS }))['status'] as { numberReady?: number; desiredNumberScheduled?: number } | undefined;
      return status?.numberReady === 3 ? status : undefined;
    });
    assert.equal(ds.desiredNumberScheduled, 3);
    const nodes = ((await list(PODS, 'app=agent')) as Pod[]).map((p) => p.spec?.nodeName).sort();
    assert.deepEqual(nodes, ['sim-node-1', 'sim-node-2', 'sim-node-3']);
  });

  it('serves pods/log, pods/binding and metrics.k8s.io over HTTPS', async () => {
    const pod = ((await list(PODS, 'app=web')) as Pod[])[0];
    assert.ok(pod !== undefined);
    const log = await httpsGet(member, `/api/v1/namespaces/${NS}/pods/${pod.metadata.name ?? ''}/log?tailLines=5`);
    assert.equal(log.status, 200);
    assert.match(log.body, /\[simulator\] container main started \(image docker\.io\/library\/nginx:1\.27\)/);
    const missing = await httpsGet(member, `/api/v1/namespaces/${NS}/pods/${pod.metadata.name ?? ''}/log?container=nope`);
    assert.equal(missing.status, 400);
    assert.match(missing.body, /container nope is not valid for pod/);
    const podMetrics = JSON.parse((await httpsGet(member, `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods?labelSelector=app%3Dweb`)).body) as { kind: string; items: { containers: { usage: { cpu: string } }[] }[] };
    assert.equal(podMetrics.kind, 'PodMetricsList');
    assert.equal(podMetrics.items.length, 3);
    assert.match(podMetrics.items[0]?.containers[0]?.usage.cpu ?? '', /^\d+n$/);
    const nodeMetrics = JSON.parse((await httpsGet(member, '/apis/metrics.k8s.io/v1beta1/nodes/sim-node-1')).body) as { kind: string; usage: { memory: string } };
    assert.equal(nodeMetrics.kind, 'NodeMetrics');
    assert.match(nodeMetrics.usage.memory, /^\d+Ki$/);
    // A budget that allows no disruption refuses evictions with 429; without it the pod goes.
    await member.client.create(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: NS }, spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } } });
    await eventually('pdb status', async () => ((await member.client.get(PDBS, 'web', { namespace: NS }))['status'] as { expectedPods?: number } | undefined)?.expectedPods === 3 ? true : undefined);
    const evict = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace: NS } };
    const refused = await httpsGet(member, `/api/v1/namespaces/${NS}/pods/${pod.metadata.name ?? ''}/eviction`, evict);
    assert.equal(refused.status, 429);
    assert.match(refused.body, /The disruption budget web needs 3 healthy pods and has 3 currently/);
    await member.client.delete(PDBS, 'web', { namespace: NS });
    const evicted = await httpsGet(member, `/api/v1/namespaces/${NS}/pods/${pod.metadata.name ?? ''}/eviction`, evict);
    assert.equal(evicted.status, 201);
    // A bound pod cannot be bound again.
    const podsInfo = member.apiserver.catalog.get('', 'v1', 'pods');
    assert.ok(podsInfo !== undefined);
    await assert.rejects(
      member.client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'manual', namespace: NS }, spec: { schedulerName: 'elsewhere', containers: [{ name: 'c', image: 'x' }] } }).then(async () => {
        const { PodBinder } = await import('./pod-binding.js');
        const binder = new PodBinder(member.apiserver.server, podsInfo);
        await binder.bind({ namespace: NS, name: 'manual', node: 'sim-node-1' });
        await binder.bind({ namespace: NS, name: 'manual', node: 'sim-node-2' });
      }),
      /is already assigned to node "sim-node-1"/,
    );
    await eventually('manual pod runs on its node', async () => {
      const p = await member.client.get<Pod>(PODS, 'manual', { namespace: NS });
      return p.status?.phase === 'Running' && p.spec?.nodeName === 'sim-node-1' ? true : undefined;
    });
    await member.client.delete(PODS, 'manual', { namespace: NS }).catch((err: unknown) => {
      if (!isNotFound(err)) {
        throw err;
      }
    });
  });
});
