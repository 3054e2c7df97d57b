/**
 * End to end through `karmada up --members 3` (a real process, real kubectl): two policy knobs of
 * the execution controller.
 * - `suspension.dispatchingOnClusters` holds one member at the old template while the others
 *   update, and lifting it updates that member too.
 * - `conflictResolution`: under the default (Abort) an object that already exists in a member and
 *   was not created by Karmada is left alone and the Work says why; under Overwrite it is taken over.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { eventually } from '../framework/eventually.js';

const MEMBERS = ['member1', 'member2', 'member3'] as const;
const UP_ARGS = ['up', '--members', '3', '--port', '0', '--cluster-status-update-frequency', '2s'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const ROLLOUT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: rollout, namespace: default, labels: {app: rollout}}
spec:
  replicas: 1
  selector: {matchLabels: {app: rollout}}
  template:
    metadata: {labels: {app: rollout}}
    spec:
      containers:
      - {name: web, image: "nginx:1.26"}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: rollout, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: rollout}
  placement:
    clusterAffinity: {clusterNames: [member1, member2, member3]}
    replicaScheduling: {replicaSchedulingType: Duplicated}
`;

const PRE_EXISTING_IN_MEMBER = `apiVersion: v1
kind: ConfigMap
metadata: {name: pre-existing, namespace: default}
data: {a: member}
`;

const PRE_EXISTING_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata: {name: pre-existing, namespace: default}
data: {a: karmada}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: pre-existing, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: v1, kind: ConfigMap, name: pre-existing}
  placement:
    clusterAffinity: {clusterNames: [member1]}
`;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}
interface WorkList {
  items: {
    metadata: { name?: string };
    spec?: { workload?: { manifests?: { kind?: string; metadata?: { name?: string } }[] } };
    status?: { conditions?: Condition[] };
  }[];
}

describe('propagation policies through karmada up --members 3', { timeout: 600_000 }, () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'karmada-e2e-kubectl-cache-'));
  let karmada: KarmadaProcess;
  let kubectl: Kubectl;
  let members: Record<string, Kubectl> = {};

  const member = (name: string): Kubectl => {
    const k = members[name];
    if (k === undefined) throw new Error(`no ${name}`);
    return k;
  };
  /** The image of the Deployment `rollout` in a member ('' when absent). */
  const imageIn = async (m: string): Promise<string> => {
    const r = await member(m).run(['get', 'deployment', 'rollout', '-n', 'default', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    return r.code === 0 ? r.stdout : '';
  };
  const dataIn = async (m: string): Promise<string> => member(m).ok(['get', 'configmap', 'pre-existing', '-n', 'default', '-o', 'jsonpath={.data.a}']);

  before(async () => {
    karmada = await startKarmada(UP_ARGS, { timeoutMs: 120_000 });
    kubectl = new Kubectl(karmada.kubeconfig, cacheDir);
    members = Object.fromEntries(MEMBERS.map((m) => [m, new Kubectl(join(karmada.dataDir, 'members', `${m}.config`), cacheDir)]));
  });

  after(async () => {
    await karmada?.stop();
    if (karmada !== undefined) removeDir(karmada.dataDir);
    removeDir(cacheDir);
  });

  test('suspension.dispatchingOnClusters keeps one member at the old image; lifting it updates that member', async () => {
    await kubectl.ok(['apply', '-f', '-'], ROLLOUT);
    for (const m of MEMBERS) {
      await eventually(
        `nginx:1.26 in ${m}`,
        () => imageIn(m),
        (i) => i === 'nginx:1.26',
        90_000,
      );
    }

    await kubectl.ok([
      'patch',
      'propagationpolicy',
      'rollout',
      '-n',
      'default',
      '--type',
      'merge',
      '-p',
      '{"spec":{"suspension":{"dispatchingOnClusters":{"clusterNames":["member3"]}}}}',
    ]);
    // The suspension must reach the binding before the template changes, or member3 could update.
    await eventually(
      'suspension on the binding',
      () =>
        kubectl.ok(['get', 'resourcebinding', 'rollout-deployment', '-n', 'default', '-o', 'jsonpath={.spec.suspension.dispatchingOnClusters.clusterNames}']),
      (s) => s.includes('member3'),
    );
    await kubectl.ok(['set', 'image', 'deployment/rollout', 'web=nginx:1.27', '-n', 'default']);
    for (const m of ['member1', 'member2']) {
      await eventually(
        `nginx:1.27 in ${m}`,
        () => imageIn(m),
        (i) => i === 'nginx:1.27',
      );
    }
    // Give member3 time to (wrongly) follow; it must stay at the old image.
    await sleep(5000);
    assert.equal(await imageIn('member3'), 'nginx:1.26');
    // member3's Work says it is suspended; member1's is dispatching.
    const dispatching = async (m: string): Promise<Condition | undefined> => {
      const list = await kubectl.json<WorkList>(['get', 'works', '-n', `karmada-es-${m}`]);
      const w = list.items.find((i) => i.spec?.workload?.manifests?.some((x) => x.kind === 'Deployment' && x.metadata?.name === 'rollout'));
      return w?.status?.conditions?.find((c) => c.type === 'Dispatching');
    };
    const suspended = await eventually(
      'member3 Work Dispatching=False',
      () => dispatching('member3'),
      (c) => c?.status === 'False',
    );
    assert.equal(suspended?.reason, 'SuspendDispatching');
    assert.equal((await dispatching('member1'))?.status, 'True');

    await kubectl.ok(['patch', 'propagationpolicy', 'rollout', '-n', 'default', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/suspension"}]']);
    await eventually(
      'nginx:1.27 in member3 after the suspension is lifted',
      () => imageIn('member3'),
      (i) => i === 'nginx:1.27',
    );
    assert.equal(await imageIn('member1'), 'nginx:1.27');
    assert.equal(await imageIn('member2'), 'nginx:1.27');
  });

  test('conflictResolution: Abort leaves a member-owned object alone and says why; Overwrite takes it over', async () => {
    await member('member1').ok(['apply', '-f', '-'], PRE_EXISTING_IN_MEMBER);
    await kubectl.ok(['apply', '-f', '-'], PRE_EXISTING_TEMPLATE);

    const work = await eventually(
      'the Work for pre-existing reports the refusal',
      async () => {
        const list = await kubectl.json<WorkList>(['get', 'works', '-n', 'karmada-es-member1']);
        return list.items.find((w) => w.spec?.workload?.manifests?.some((m) => m.kind === 'ConfigMap' && m.metadata?.name === 'pre-existing'));
      },
      (w) => w?.status?.conditions?.some((c) => c.type === 'Applied' && c.status === 'False') === true,
      90_000,
    );
    const applied = work?.status?.conditions?.find((c) => c.type === 'Applied');
    assert.equal(applied?.status, 'False');
    assert.equal(applied?.reason, 'AppliedFailed');
    // The message names the object and says Karmada will not take it over.
    assert.match(applied?.message ?? '', /pre-existing/);
    assert.match(applied?.message ?? '', /already exists in the cluster member1/);
    assert.match(applied?.message ?? '', /Karmada will not manage this resource/);
    // The YAML view a user reads carries the same explanation.
    const yaml = await kubectl.ok(['get', 'work', work?.metadata.name ?? '', '-n', 'karmada-es-member1', '-o', 'yaml']);
    assert.match(yaml, /will not manage this resource/);
    await sleep(3000);
    assert.equal(await dataIn('member1'), 'member');

    await kubectl.ok(['patch', 'propagationpolicy', 'pre-existing', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"conflictResolution":"Overwrite"}}']);
    await eventually(
      'a=karmada in member1 under Overwrite',
      () => dataIn('member1'),
      (d) => d === 'karmada',
    );
    await eventually(
      'the Work is applied',
      async () => {
        const list = await kubectl.json<WorkList>(['get', 'works', '-n', 'karmada-es-member1']);
        return list.items.find((w) => w.metadata.name === work?.metadata.name)?.status?.conditions?.find((c) => c.type === 'Applied')?.status;
      },
      (s) => s === 'True',
    );
  });
});
