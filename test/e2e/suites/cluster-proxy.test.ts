/**
 * The cluster proxy (`clusters/{name}/proxy`) with the real kubectl: raw reads, a kubeconfig
 * whose server is the proxy path (kubectl's discovery, protobuf creates and watches all pass
 * through), the caller's identity impersonated in the member, and RBAC on both sides.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { writeFileIn } from '../framework/work-files.js';

const PROXY = '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy';

describe('cluster proxy through karmada up --members 1', { timeout: 300_000 }, () => {
  let karmada: KarmadaProcess;
  let work: string;
  let kubectl: Kubectl;
  let viaProxy: Kubectl;
  let member: Kubectl;

  before(async () => {
    karmada = await startKarmada(['up', '--members', '1', '--port', '0'], { timeoutMs: 120_000 });
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-proxy-'));
    kubectl = new Kubectl(karmada.kubeconfig, join(work, 'cache'));
    member = new Kubectl(join(karmada.dataDir, 'members', 'member1.config'), join(work, 'cache-member'));
    // The admin kubeconfig with its server moved to the proxy path of member1.
    const text = readFileSync(karmada.kubeconfig, 'utf8').replace(/server: (https:\/\/\S+)/, (_, server: string) => `server: ${server}${PROXY}`);
    viaProxy = new Kubectl(writeFileIn(work, 'via-proxy.config', text), join(work, 'cache-proxy'));
  });

  after(async () => {
    await karmada.stop();
    removeDir(karmada.dataDir);
    removeDir(work);
  });

  test("a raw read returns the member's objects; an unknown cluster is 404", async () => {
    const nodes = JSON.parse(await kubectl.ok(['get', '--raw', `${PROXY}/api/v1/nodes`])) as { kind: string; items: { metadata: { name: string } }[] };
    assert.equal(nodes.kind, 'NodeList');
    assert.ok(
      nodes.items.length > 0 && nodes.items.every((n) => n.metadata.name.startsWith('member1-')),
      JSON.stringify(nodes.items.map((n) => n.metadata.name)),
    );
    const missing = await kubectl.run(['get', '--raw', '/apis/cluster.karmada.io/v1alpha1/clusters/nope/proxy/api/v1/nodes']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NotFound.*clusters\.cluster\.karmada\.io "nope" not found/);
  });

  test('kubectl pointed at the proxy creates, reads and watches in the member as the calling user', async () => {
    const nodes = await viaProxy.ok(['get', 'nodes']);
    assert.match(nodes, /^member1-node-1\s+Ready/m);
    await viaProxy.ok(['create', 'configmap', 'through-proxy', '--from-literal=k=v']);
    const watch = viaProxy.run(['get', 'configmap', 'through-proxy', '-w', '--request-timeout=0'], undefined, 20_000);
    assert.equal(await member.ok(['get', 'configmap', 'through-proxy', '-o', 'jsonpath={.data.k}']), 'v', 'the object exists in the member');
    await new Promise((r) => setTimeout(r, 3_000)); // kubectl starts and opens its watch
    await viaProxy.ok(['label', 'configmap', 'through-proxy', 'seen=yes']);
    const watched = await watch;
    assert.ok(
      watched.stdout.split('\n').filter((l) => l.startsWith('through-proxy')).length >= 2,
      `the watch saw the create and the label:\n${watched.stdout}${watched.stderr}`,
    );
    const whoami = await viaProxy.ok(['auth', 'whoami']);
    assert.match(whoami, /Username\s+karmada-admin/);
    assert.match(whoami, /system:masters/);
  });

  test('RBAC applies on the control plane (clusters/proxy) and then in the member', async () => {
    const denied = await kubectl.run(['get', '--raw', `${PROXY}/api/v1/nodes`, '--as=jane']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Forbidden.*User "jane" cannot \w+ resource "clusters\/proxy" in API group "cluster\.karmada\.io"/);
    await kubectl.ok(['create', 'clusterrole', 'cluster-proxy', '--verb=*', '--resource=clusters/proxy']);
    await kubectl.ok(['create', 'clusterrolebinding', 'jane-cluster-proxy', '--clusterrole=cluster-proxy', '--user=jane']);
    // Allowed on the control plane; the member's own RBAC now judges jane (who has no rights there).
    const inMember = await kubectl.run(['get', '--raw', `${PROXY}/api/v1/nodes`, '--as=jane']);
    assert.notEqual(inMember.code, 0);
    assert.match(inMember.stderr, /Forbidden.*User "jane" cannot list resource "nodes"/);
    await member.ok(['create', 'clusterrolebinding', 'jane-view', '--clusterrole=cluster-admin', '--user=jane']);
    const allowed = JSON.parse(await kubectl.ok(['get', '--raw', `${PROXY}/api/v1/nodes`, '--as=jane'])) as { kind: string };
    assert.equal(allowed.kind, 'NodeList');
  });
});
