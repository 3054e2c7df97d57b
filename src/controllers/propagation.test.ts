/**
 * The whole propagation pipeline on fake API servers: a control plane and two members, every
 * controller from the registry (detector, scheduler, binding, execution, status, namespace,
 * dependencies).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeObject } from '../api/object.js';
import type { Work } from '../api/work/work.js';
import { isNotFound } from '../client/api-error.js';
import { noopLogger, type Logger } from '../client/logger.js';
import type { FakeApiServer } from '../client/fake-api-server.js';
import { startPropagationControllers } from './registry.js';
import { CLUSTER_REF, OP_REF, PP_REF, RB_REF, WORK_REF, type AnyBinding } from './shared/binding-types.js';
import { generateWorkName } from './shared/names.js';
import { noopEventRecorder } from './shared/event-recorder.js';
import { eventually, fakeControlPlane, fakeMember } from './testing/fake-plane.js';

const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };
const CM = { apiVersion: 'v1', kind: 'ConfigMap' };
const SAMPLES = join(import.meta.dirname, '../../../shared/conformance/karmada-samples/nginx');

function sample(file: string): KubeObject {
  const obj = parse(readFileSync(join(SAMPLES, file), 'utf8')) as KubeObject;
  obj.metadata.namespace ??= 'default';
  return obj;
}

function quietLogger(): Logger {
  if (process.env['TEST_LOG'] !== '1') return noopLogger;
  const print =
    (level: string) =>
    (o: object, m?: string): void =>
      console.log(level, m, String((o as { err?: unknown }).err ?? JSON.stringify(o)));
  return { debug: () => undefined, info: print('INFO'), warn: print('WARN'), error: print('ERROR') };
}

async function addCluster(plane: FakeApiServer, name: string): Promise<void> {
  const created = await plane.client.create<Cluster>(CLUSTER_REF, {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, labels: { name } },
    spec: { syncMode: 'Push', apiEndpoint: `https://${name}` },
  });
  await plane.client.updateStatus<Cluster>(CLUSTER_REF, {
    ...created,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ClusterReady',
          message: 'cluster is healthy and ready to accept workloads',
          lastTransitionTime: '2024-01-01T00:00:00Z',
        },
      ],
      apiEnablements: [
        { groupVersion: 'apps/v1', resources: [{ name: 'deployments', kind: 'Deployment' }] },
        {
          groupVersion: 'v1',
          resources: [
            { name: 'configmaps', kind: 'ConfigMap' },
            { name: 'namespaces', kind: 'Namespace' },
            { name: 'secrets', kind: 'Secret' },
          ],
        },
        { groupVersion: 'rbac.authorization.k8s.io/v1', resources: [{ name: 'clusterroles', kind: 'ClusterRole' }] },
      ],
      resourceSummary: { allocatable: { cpu: '100', memory: '100Gi', pods: '1000' } },
    },
  });
}

describe('propagation pipeline (fake control plane and members)', { timeout: 60_000 }, () => {
  let plane: FakeApiServer;
  const members = new Map<string, FakeApiServer>();
  let stop = new AbortController();
  let running: Promise<void>;
  const startControllers = (): void => {
    stop = new AbortController();
    running = startPropagationControllers(
      {
        client: plane.client,
        memberClients: {
          get: async (name) => {
            const m = members.get(name);
            if (m === undefined) throw new Error(`no member ${name}`);
            return m.client;
          },
        },
        logger: quietLogger(),
        signal: stop.signal,
        recorder: noopEventRecorder,
      },
      // The fake clusters have no endpoints: keep the cluster status controller from marking them not ready.
      ['*', '-cluster', '-clusterStatus'],
    );
  };

  before(async () => {
    plane = fakeControlPlane();
    members.set('member1', fakeMember());
    members.set('member2', fakeMember());
    await addCluster(plane, 'member1');
    await addCluster(plane, 'member2');
    startControllers();
  });

  after(async () => {
    stop.abort();
    await running;
  });

  const member = (name: string): FakeApiServer => members.get(name) as FakeApiServer;
  const memberDeploy = (m: string, name: string): Promise<KubeObject> => member(m).client.get(DEPLOY, name, { namespace: 'default' });

  it("propagates Karmada's nginx sample: replicas divided 1:1, overrides per cluster, status aggregated", async () => {
    await plane.client.create(PP_REF, sample('propagationpolicy.yaml'));
    await plane.client.create(OP_REF, sample('overridepolicy.yaml'));
    await plane.client.create(DEPLOY, sample('deployment.yaml'));

    const [d1, d2] = await eventually(
      async () => [await memberDeploy('member1', 'nginx'), await memberDeploy('member2', 'nginx')] as const,
      10_000,
      'nginx in both members',
    );
    assert.equal((d1['spec'] as { replicas: number }).replicas, 1);
    assert.equal((d2['spec'] as { replicas: number }).replicas, 1);
    // member2: labelsOverrider; member1: annotationsOverrider.
    assert.equal(d2.metadata.labels?.['env'], 'skoala-dev');
    assert.equal(d2.metadata.labels?.['env-stat'], 'skoala-stage');
    assert.equal(d1.metadata.labels?.['env'], undefined);
    assert.equal(d1.metadata.annotations?.['env'], 'skoala-stage');
    assert.equal(d2.metadata.annotations?.['env'], undefined);
    // Karmada's bookkeeping on member objects.
    assert.equal(d1.metadata.labels?.['karmada.io/managed'], 'true');
    assert.ok(d1.metadata.labels?.['work.karmada.io/permanent-id']);
    assert.equal(d1.metadata.annotations?.['work.karmada.io/name'], generateWorkName('Deployment', 'nginx', 'default'));
    assert.equal(d1.metadata.annotations?.['work.karmada.io/namespace'], 'karmada-es-member1');
    assert.equal(d1.metadata.annotations?.['resourcebinding.karmada.io/name'], 'nginx-deployment');

    // The Work: name, labels, applied overrides, Applied condition.
    const work = await eventually(async () => {
      const w = await plane.client.get<Work>(WORK_REF, generateWorkName('Deployment', 'nginx', 'default'), { namespace: 'karmada-es-member2' });
      assert.equal(w.status?.conditions?.find((c) => c.type === 'Applied')?.status, 'True');
      return w;
    });
    assert.ok(work.metadata.finalizers?.includes('karmada.io/execution-controller'));
    assert.ok(work.metadata.labels?.['resourcebinding.karmada.io/permanent-id']);
    assert.match(work.metadata.annotations?.['policy.karmada.io/applied-overrides'] ?? '', /"policyName":"nginx-op"/);

    // Members report status; the template shows the sum once both observed the latest spec.
    for (const m of ['member1', 'member2']) {
      const d = await memberDeploy(m, 'nginx');
      await member(m).client.updateStatus(DEPLOY, {
        ...d,
        status: { observedGeneration: d.metadata.generation, replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
      });
    }
    await eventually(
      async () => {
        const t = await plane.client.get(DEPLOY, 'nginx', { namespace: 'default' });
        const s = t['status'] as Record<string, number> | undefined;
        assert.equal(s?.['replicas'], 2);
        assert.equal(s?.['readyReplicas'], 2);
        assert.equal(s?.['observedGeneration'], t.metadata.generation);
        const rb = await plane.client.get<AnyBinding>(RB_REF, 'nginx-deployment', { namespace: 'default' });
        assert.equal(rb.status?.conditions?.find((c) => c.type === 'FullyApplied')?.status, 'True');
        assert.deepEqual(
          rb.status?.aggregatedStatus?.map((i) => [i.clusterName, i.applied, i.health]),
          [
            ['member1', true, 'Healthy'],
            ['member2', true, 'Healthy'],
          ],
        );
        assert.equal(rb.status?.conditions?.find((c) => c.type === 'Scheduled')?.status, 'True');
      },
      10_000,
      'aggregated status',
    );

    // Scaling the template divides again.
    await plane.client.patch(DEPLOY, 'nginx', { spec: { replicas: 4 } }, { type: 'merge', namespace: 'default' });
    await eventually(
      async () => {
        assert.equal(((await memberDeploy('member1', 'nginx'))['spec'] as { replicas: number }).replicas, 2);
        assert.equal(((await memberDeploy('member2', 'nginx'))['spec'] as { replicas: number }).replicas, 2);
      },
      10_000,
      'scaled',
    );

    // Deleting the template removes it everywhere.
    await plane.client.delete(DEPLOY, 'nginx', { namespace: 'default' });
    await eventually(
      async () => {
        for (const m of ['member1', 'member2']) await assert.rejects(memberDeploy(m, 'nginx'), isNotFound);
        await assert.rejects(plane.client.get(RB_REF, 'nginx-deployment', { namespace: 'default' }), isNotFound);
        assert.equal((await plane.client.list(WORK_REF)).items.filter((w) => w.metadata.name?.startsWith('nginx-')).length, 0);
      },
      10_000,
      'deleted everywhere',
    );
  });

  it('refuses to take over a member object not created by Karmada under Abort, and takes it over under Overwrite', async () => {
    await member('member1').client.create(DEPLOY, {
      ...DEPLOY,
      metadata: { name: 'legacy', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'legacy' } },
        template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'old' }] } },
      },
    });
    await plane.client.create(PP_REF, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' }],
        placement: { clusterAffinity: { clusterNames: ['member1'] } },
      },
    });
    await plane.client.create(DEPLOY, {
      ...DEPLOY,
      metadata: { name: 'legacy', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'legacy' } },
        template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'new' }] } },
      },
    });
    const workName = generateWorkName('Deployment', 'legacy', 'default');
    await eventually(
      async () => {
        const w = await plane.client.get<Work>(WORK_REF, workName, { namespace: 'karmada-es-member1' });
        const applied = w.status?.conditions?.find((c) => c.type === 'Applied');
        assert.equal(applied?.status, 'False');
        assert.match(applied?.message ?? '', /already exists in the cluster member1 and the work.karmada.io\/conflict-resolution strategy value is empty/);
      },
      10_000,
      'abort',
    );
    const image = async (): Promise<unknown> =>
      ((await memberDeploy('member1', 'legacy'))['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image;
    assert.equal(await image(), 'old');
    const pp = await plane.client.get(PP_REF, 'legacy', { namespace: 'default' });
    await plane.client.update(PP_REF, { ...pp, spec: { ...(pp['spec'] as object), conflictResolution: 'Overwrite' } });
    await eventually(async () => assert.equal(await image(), 'new'), 10_000, 'overwrite');
  });

  it('sends the ConfigMap a Deployment mounts along with it when propagateDeps is set', async () => {
    await plane.client.create(CM, { ...CM, metadata: { name: 'web-config', namespace: 'default' }, data: { a: 'b' } });
    await plane.client.create(PP_REF, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        propagateDeps: true,
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
        placement: { clusterAffinity: { clusterNames: ['member2'] } },
      },
    });
    await plane.client.create(DEPLOY, {
      ...DEPLOY,
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'cfg', configMap: { name: 'web-config' } }] },
        },
      },
    });
    await eventually(
      async () => {
        const cm = await member('member2').client.get(CM, 'web-config', { namespace: 'default' });
        assert.deepEqual(cm['data'], { a: 'b' });
      },
      10_000,
      'configmap follows',
    );
    await assert.rejects(member('member1').client.get(CM, 'web-config', { namespace: 'default' }), isNotFound);
    // No longer mounted: the ConfigMap leaves the member.
    const web = await plane.client.get(DEPLOY, 'web', { namespace: 'default' });
    const spec = structuredClone(web['spec']) as { template: { spec: { volumes?: unknown } } };
    delete spec.template.spec.volumes;
    await plane.client.update(DEPLOY, { ...web, spec });
    await eventually(
      async () => assert.rejects(member('member2').client.get(CM, 'web-config', { namespace: 'default' }), isNotFound),
      10_000,
      'configmap released',
    );
  });
  it('keeps a suspended cluster at the old image while others update, and catches up when lifted', async () => {
    const image = async (m: string): Promise<unknown> =>
      ((await member(m).client.get(DEPLOY, 'sus', { namespace: 'default' }))['spec'] as { template: { spec: { containers: { image: string }[] } } }).template
        .spec.containers[0]?.image;
    await plane.client.create(PP_REF, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'sus', namespace: 'default' },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'sus' }],
        placement: { clusterAffinity: { clusterNames: ['member1', 'member2'] } },
      },
    });
    await plane.client.create(DEPLOY, {
      ...DEPLOY,
      metadata: { name: 'sus', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'sus' } },
        template: { metadata: { labels: { app: 'sus' } }, spec: { containers: [{ name: 'c', image: 'app:v1' }] } },
      },
    });
    await eventually(async () => assert.deepEqual([await image('member1'), await image('member2')], ['app:v1', 'app:v1']), 10_000, 'v1 everywhere');
    // Duplicated (no replicaScheduling): each member runs all replicas.
    assert.equal(((await member('member1').client.get(DEPLOY, 'sus', { namespace: 'default' }))['spec'] as { replicas: number }).replicas, 2);
    const setSuspension = async (suspension: unknown): Promise<void> => {
      const pp = await plane.client.get(PP_REF, 'sus', { namespace: 'default' });
      await plane.client.update(PP_REF, { ...pp, spec: { ...(pp['spec'] as object), suspension } });
    };
    await setSuspension({ dispatchingOnClusters: { clusterNames: ['member2'] } });
    const workName = generateWorkName('Deployment', 'sus', 'default');
    await eventually(
      async () => {
        const w = await plane.client.get<Work>(WORK_REF, workName, { namespace: 'karmada-es-member2' });
        assert.equal(w.spec.suspendDispatching, true);
        assert.equal(w.status?.conditions?.find((c) => c.type === 'Dispatching')?.status, 'False');
      },
      10_000,
      'member2 suspended',
    );
    await plane.client.patch(
      DEPLOY,
      'sus',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'app:v2' }] } } } },
      { type: 'merge', namespace: 'default' },
    );
    await eventually(async () => assert.equal(await image('member1'), 'app:v2'), 10_000, 'member1 updated');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await image('member2'), 'app:v1', 'member2 keeps the old image while suspended');
    await setSuspension(undefined);
    await eventually(async () => assert.equal(await image('member2'), 'app:v2'), 10_000, 'member2 caught up');
  });

  it('propagates namespaces to every member unless labelled to skip, and removes them with the namespace', async () => {
    const NS = { apiVersion: 'v1', kind: 'Namespace' };
    await plane.client.create(NS, { ...NS, metadata: { name: 'shop' } });
    await plane.client.create(NS, { ...NS, metadata: { name: 'private', labels: { 'namespace.karmada.io/skip-auto-propagation': 'true' } } });
    await eventually(
      async () => {
        for (const m of ['member1', 'member2']) await member(m).client.get(NS, 'shop');
      },
      10_000,
      'shop in members',
    );
    await new Promise((r) => setTimeout(r, 200));
    for (const m of ['member1', 'member2']) await assert.rejects(member(m).client.get(NS, 'private'), isNotFound);
    await plane.client.delete(NS, 'shop');
    await eventually(
      async () => {
        for (const m of ['member1', 'member2']) await assert.rejects(member(m).client.get(NS, 'shop'), isNotFound);
      },
      10_000,
      'shop removed',
    );
  });

  it('propagates a cluster-scoped object to every member with a Duplicated ClusterPropagationPolicy', async () => {
    const CR = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' };
    await plane.client.create(
      { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy' },
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'ClusterPropagationPolicy',
        metadata: { name: 'roles' },
        spec: {
          resourceSelectors: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }],
          placement: { replicaScheduling: { replicaSchedulingType: 'Duplicated' } },
        },
      },
    );
    await plane.client.create(CR, { ...CR, metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    await eventually(
      async () => {
        for (const m of ['member1', 'member2'])
          {assert.deepEqual((await member(m).client.get(CR, 'reader'))['rules'], [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);}
      },
      10_000,
      'clusterrole everywhere',
    );
  });

  it('restarting the controllers rewrites nothing: same Works and bindings, no duplicates', async () => {
    // A template's status update moves its resourceVersion away from its binding's (the detector does not follow status).
    const template = (await plane.client.list(DEPLOY, { namespace: 'default' })).items[0];
    assert.ok(template !== undefined);
    await plane.client.updateStatus(DEPLOY, { ...template, status: { ...(template['status'] as object | undefined), observedGeneration: 42 } });
    await new Promise((r) => setTimeout(r, 300));
    const snapshot = async (): Promise<string[]> => [
      ...(await plane.client.list<Work>(WORK_REF)).items
        .map((w) => `${w.metadata.namespace ?? ''}/${w.metadata.name ?? ''}@${w.metadata.uid ?? ''}:${w.metadata.generation ?? 0}`)
        .sort(),
      ...(await plane.client.list<AnyBinding>(RB_REF)).items
        .map((b) => `rb ${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}:${b.metadata.generation ?? 0}`)
        .sort(),
    ];
    const before = await snapshot();
    assert.ok(before.length > 0);
    stop.abort();
    await running;
    startControllers();
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(await snapshot(), before);
  });
});
