import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { eventually } from '../framework/eventually.js';

const MEMBERS = ['member1', 'member2', 'member3'];

const weighted = (replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop, namespace: default, labels: {app: shop}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers:
      - {name: shop, image: nginx:1.27, resources: {requests: {cpu: 100m}}}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: shop, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: shop}
  placement:
    clusterAffinity: {clusterNames: [member1, member2, member3]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [member1]}, weight: 1}
        - {targetCluster: {clusterNames: [member2]}, weight: 1}
        - {targetCluster: {clusterNames: [member3]}, weight: 1}
`;

describe('karmada up --members 3 --demo', { timeout: 400_000 }, () => {
  let karmada: KarmadaProcess;
  let kubectl: Kubectl;
  let members: Map<string, Kubectl>;
  let work: string;

  before(async () => {
    karmada = await startKarmada(['up', '--members', '3', '--port', '0', '--demo', '--cluster-status-update-frequency', '2s'], { timeoutMs: 180_000 });
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-up-'));
    kubectl = new Kubectl(karmada.kubeconfig, join(work, 'cache'));
    members = new Map(MEMBERS.map((m) => [m, new Kubectl(join(karmada.dataDir, 'members', `${m}.config`), join(work, `cache-${m}`))]));
  });

  after(async () => {
    await karmada.stop();
    removeDir(karmada.dataDir);
    removeDir(work);
  });

  test('three Ready push clusters with version, region and zones', async () => {
    const out = await kubectl.ok(['get', 'clusters', '-o', 'wide']);
    for (const [i, name] of MEMBERS.entries()) {
      const region = i < 2 ? 'region-1' : 'region-2';
      assert.match(
        out,
        new RegExp(`^${name}\\s+v1\\.\\d+\\.\\d+\\S*\\s+Push\\s+True\\s+\\S+\\s+\\["zone-\\d[ab]"\\]\\s+${region}\\s+simulated\\s+https://`, 'm'),
      );
    }
  });

  test('the demo prints where its 6 replicas landed, with the registry overridden in region-2', async () => {
    const output = await eventually(
      'demo table',
      async () => karmada.output(),
      (o) => /Press Ctrl-C to stop/.test(o),
      120_000,
    );
    const rows = [...output.matchAll(/^(member\d)\s+(region-\d)\s+(\d+)\s+(\d+)\/(\d+)\s+(\S+)$/gm)];
    assert.equal(rows.length, 3, output);
    assert.equal(
      rows.reduce((sum, r) => sum + Number(r[4]), 0),
      6,
      'all 6 replicas ready',
    );
    for (const row of rows) {
      assert.equal(row[6]?.startsWith('registry.region-2.example.com/'), row[2] === 'region-2', row[0]);
    }
  });

  test("the control plane's /metrics has Karmada's scheduler metrics for the demo", async () => {
    const text = await kubectl.ok(['get', '--raw', '/metrics']);
    assert.match(text, /^karmada_scheduler_schedule_attempts_total\{result="success",schedule_type="\w+"\} [1-9]/m);
    assert.match(text, /^karmada_scheduler_e2e_scheduling_duration_seconds_count\{result="success",schedule_type="\w+"\} [1-9]/m);
    assert.match(text, /^karmada_scheduler_queue_incoming_bindings_total\{event="BindingAdd"\} [1-9]/m);
    assert.match(text, /^scheduler_pending_bindings\{queue="active"\} \d+/m);
  });

  test('static weights 1:1:1 divide 6 replicas 2/2/2, scaling to 9 gives 3 each, deletion removes them', async () => {
    const file = join(work, 'shop.yaml');
    writeFileSync(file, weighted(6));
    await kubectl.ok(['apply', '-f', file]);
    const replicasIn = async (member: string): Promise<string> =>
      (members.get(member) as Kubectl).ok(['get', 'deploy', 'shop', '-n', 'default', '-o', 'jsonpath={.spec.replicas}/{.status.readyReplicas}']);
    for (const member of MEMBERS) {
      await eventually(
        `2 ready replicas in ${member}`,
        () => replicasIn(member),
        (v) => v === '2/2',
      );
    }
    await eventually(
      '6/6 on the control plane',
      () => kubectl.ok(['get', 'deploy', 'shop', '-o', 'jsonpath={.status.readyReplicas}']),
      (v) => v === '6',
    );
    await kubectl.ok(['scale', 'deploy', 'shop', '--replicas=9']);
    for (const member of MEMBERS) {
      await eventually(
        `3 ready replicas in ${member}`,
        () => replicasIn(member),
        (v) => v === '3/3',
      );
    }
    await kubectl.ok(['delete', 'deploy', 'shop']);
    for (const member of MEMBERS) {
      await eventually(
        `shop gone from ${member}`,
        () => (members.get(member) as Kubectl).run(['get', 'deploy', 'shop', '-n', 'default']),
        (r) => r.code !== 0 && /NotFound/.test(r.stderr),
      );
    }
  });
});
