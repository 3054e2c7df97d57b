/**
 * End to end: a real control plane (HTTPS, memory storage) and two simulated members joined in
 * push mode, all propagation controllers running; Karmada's samples are applied with the real
 * kubectl. nginx must land in member1 and member2 with replicas divided 1:1 and the overrides of
 * its OverridePolicy, while the template shows the members' aggregated status; guestbook's CRD
 * follows its ClusterPropagationPolicy and its custom resource (with the plaintext override)
 * follows once member1 serves the new kind.
 *
 * Runs in-process (startControlPlane + startSimulatedMember) until `karmada up --members N`
 * starts members itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { KubeObject } from '../../../src/api/object.js';
import { isNotFound } from '../../../src/client/api-error.js';
import type { KubeClient } from '../../../src/client/client.js';
import { loadKubeconfig } from '../../../src/client/kubeconfig.js';
import { joinCluster } from '../../../src/cli/karmadactl/join.js';
import { startControlPlane, type RunningControlPlane } from '../../../src/controlplane/control-plane.js';
import { startPropagationControllers } from '../../../src/controllers/registry.js';
import { startSimulatedMember, type RunningMember } from '../../../src/member/simulated-member.js';
import { REPO_ROOT, removeDir } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';

const SAMPLES = join(REPO_ROOT, '../shared/conformance/karmada-samples/nginx');
const GUESTBOOK = join(REPO_ROOT, '../shared/conformance/karmada-samples/guestbook');
const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };

async function eventually<T>(what: string, check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${last instanceof Error ? last.message : String(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Status = Record<string, number | undefined>;

describe('propagation: Karmada samples to two simulated members', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'karmada-e2e-propagation-'));
  const logger = pino({ level: process.env['KARMADA_LOG_LEVEL'] ?? 'silent' });
  const stop = new AbortController();
  let plane: RunningControlPlane;
  const members: RunningMember[] = [];
  let controllers: Promise<void>;
  let kubectl: Kubectl;

  const member = (name: string): KubeClient => {
    const m = members.find((x) => x.name === name);
    if (m === undefined) throw new Error(`no ${name}`);
    return m.client;
  };
  const memberDeploy = (name: string): Promise<KubeObject> => member(name).get(DEPLOY, 'nginx', { namespace: 'default' });
  const replicasIn = async (name: string): Promise<number | undefined> => ((await memberDeploy(name))['spec'] as { replicas?: number }).replicas;

  before(async () => {
    plane = await startControlPlane({ dataDir, port: 0, bind: '127.0.0.1', storage: 'memory:', logger });
    for (const [i, name] of ['member1', 'member2'].entries()) {
      const m = await startSimulatedMember({
        name,
        port: 0,
        bind: '127.0.0.1',
        dataDir: join(dataDir, 'members'),
        nodes: 2,
        nodeCpu: '8',
        nodeMemory: '32Gi',
        nodePods: '110',
        region: 'region-1',
        zone: `zone-1${'ab'[i] ?? 'a'}`,
        podReadyDelayMs: 200,
        logger,
      });
      members.push(m);
      await joinCluster({ clusterName: name, controlPlane: plane.apiserver.client, clusterConfig: loadKubeconfig(m.kubeconfigPath), provider: 'simulated', region: 'region-1' });
    }
    controllers = startPropagationControllers({
      client: plane.apiserver.client,
      catalog: plane.apiserver.catalog,
      logger,
      signal: stop.signal,
      clusterLifecycle: { clusterStatusUpdateFrequencyMs: 1000 },
    });
    kubectl = new Kubectl(plane.kubeconfigPath, join(dataDir, 'kubectl-cache'));
    // Members are Ready once the cluster status controller has probed them.
    await eventually('clusters ready', async () => {
      const clusters = await kubectl.json<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>(['get', 'clusters']);
      assert.equal(clusters.items.filter((c) => c.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length, 2);
    });
  });

  after(async () => {
    stop.abort();
    await controllers?.catch(() => undefined);
    for (const m of members) await m.stop();
    await plane?.stop();
    removeDir(dataDir);
  });

  it('applies the sample with kubectl and divides replicas 1:1 with the overrides of the OverridePolicy', async () => {
    for (const file of ['propagationpolicy.yaml', 'overridepolicy.yaml', 'deployment.yaml']) {
      await kubectl.ok(['apply', '-n', 'default', '-f', join(SAMPLES, file)]);
    }
    await eventually('nginx in member1 and member2', async () => {
      assert.equal(await replicasIn('member1'), 1);
      assert.equal(await replicasIn('member2'), 1);
    });
    const [d1, d2] = [await memberDeploy('member1'), await memberDeploy('member2')];
    assert.equal(d2.metadata.labels?.['env'], 'skoala-dev');
    assert.equal(d2.metadata.labels?.['env-stat'], 'skoala-stage');
    assert.equal(d1.metadata.annotations?.['env'], 'skoala-stage');
    assert.equal(d1.metadata.labels?.['env'], undefined);
    assert.equal(d1.metadata.labels?.['karmada.io/managed'], 'true');

    const rb = await kubectl.json<{ spec: { clusters: { name: string; replicas: number }[] } }>(['get', 'resourcebinding', 'nginx-deployment', '-n', 'default']);
    assert.deepEqual(rb.spec.clusters, [
      { name: 'member1', replicas: 1 },
      { name: 'member2', replicas: 1 },
    ]);
  });

  it("shows the members' aggregated status on the template, and `kubectl rollout status` completes", async () => {
    await eventually('template status 2/2', async () => {
      const t = await kubectl.json<{ metadata: { generation: number }; status?: Status }>(['get', 'deployment', 'nginx', '-n', 'default']);
      assert.equal(t.status?.['replicas'], 2);
      assert.equal(t.status?.['readyReplicas'], 2);
      assert.equal(t.status?.['availableReplicas'], 2);
      assert.equal(t.status?.['observedGeneration'], t.metadata.generation);
    });
    await kubectl.ok(['rollout', 'status', 'deployment/nginx', '-n', 'default', '--timeout=60s']);
  });

  it('scales through the template and removes everything when the template is deleted', async () => {
    await kubectl.ok(['scale', 'deployment/nginx', '-n', 'default', '--replicas=4']);
    await eventually('2 replicas in each member', async () => {
      assert.equal(await replicasIn('member1'), 2);
      assert.equal(await replicasIn('member2'), 2);
    });
    await eventually('template status 4/4', async () => {
      const t = await kubectl.json<{ metadata: { generation: number }; status?: Status }>(['get', 'deployment', 'nginx', '-n', 'default']);
      assert.equal(t.status?.['readyReplicas'], 4);
      assert.equal(t.status?.['observedGeneration'], t.metadata.generation);
    });
    await kubectl.ok(['delete', 'deployment', 'nginx', '-n', 'default']);
    await eventually('nginx gone from members', async () => {
      for (const name of ['member1', 'member2']) await assert.rejects(memberDeploy(name), isNotFound);
      const works = await kubectl.json<{ items: unknown[] }>(['get', 'works', '-A']);
      assert.equal(works.items.filter((w) => ((w as KubeObject).metadata.name ?? '').startsWith('nginx-')).length, 0);
    });
  });
  it('guestbook: the CRD follows its ClusterPropagationPolicy, then the custom resource with its override', async () => {
    for (const file of ['guestbooks-crd.yaml', 'guestbooks-clusterpropagationpolicy.yaml']) {
      await kubectl.ok(['apply', '-f', join(GUESTBOOK, file)]);
    }
    const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
    await eventually('CRD in member1', () => member('member1').get(CRD, 'guestbooks.webapp.my.domain'));
    for (const file of ['guestbooks-propagationpolicy.yaml', 'guestbooks-overridepolicy.yaml', 'guestbook.yaml']) {
      await kubectl.ok(['apply', '-n', 'default', '-f', join(GUESTBOOK, file)]);
    }
    const GB = { apiVersion: 'webapp.my.domain/v1', kind: 'Guestbook' };
    const gb = await eventually('guestbook in member1', async () => {
      member('member1').mapper.invalidate();
      return member('member1').get(GB, 'guestbook-sample', { namespace: 'default' });
    }, 120_000);
    assert.equal((gb['spec'] as { size: number }).size, 4);
    assert.equal(gb.metadata.annotations?.['OverridePolicy'], 'test');
    await assert.rejects(member('member2').get(CRD, 'guestbooks.webapp.my.domain'), isNotFound);
  });
});
