/**
 * The control plane as separate components, as for scale-out and HA: `karmada apiserver`, two
 * `karmada controller-manager` replicas and one `karmada scheduler`, each its own process, with a
 * standalone member joined by karmadactl. A workload propagates; then the leading controller
 * manager is killed and the standby takes over its Lease and keeps propagating.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../framework/eventually.js';
import { removeDir, startKarmada, tempDataDir, type KarmadaProcess } from '../framework/karmada-process.js';
import { karmadactl } from '../framework/karmadactl.js';
import { Kubectl } from '../framework/kubectl.js';

const FAST_LEASE = [
  '--leader-elect-lease-duration',
  '3s',
  '--leader-elect-renew-deadline',
  '2s',
  '--leader-elect-retry-period',
  '500ms',
  '--metrics-bind-address',
  '127.0.0.1:0',
];

const workload = (replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx:1.27, resources: {requests: {cpu: 100m}}}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  placement:
    clusterAffinity: {clusterNames: [edge]}
`;

function identityOf(p: KarmadaProcess): string {
  return /leader election as (\S+)/.exec(p.output())?.[1] ?? '';
}

describe('apiserver, two controller-manager replicas and a scheduler as separate processes', { timeout: 300_000 }, () => {
  let apiserver: KarmadaProcess;
  let member: KarmadaProcess;
  const managers: KarmadaProcess[] = [];
  let scheduler: KarmadaProcess;
  let memberDir: string;
  let work: string;
  let kubectl: Kubectl;
  let memberKubectl: Kubectl;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-ha-'));
    memberDir = tempDataDir('karmada-e2e-edge-');
    [apiserver, member] = await Promise.all([
      startKarmada(['apiserver', '--port', '0', '--storage', 'memory:']),
      startKarmada(['member', '--name', 'edge', '--port', '0', '--nodes', '1'], { dataDir: memberDir }),
    ]);
    kubectl = new Kubectl(apiserver.kubeconfig, join(work, 'cache'));
    memberKubectl = new Kubectl(member.kubeconfig, join(work, 'cache-member'));
    const joined = await karmadactl(apiserver.kubeconfig, ['join', 'edge', '--cluster-kubeconfig', member.kubeconfig]);
    assert.equal(joined.code, 0, joined.stderr);
    const component = (args: readonly string[]): Promise<KarmadaProcess> => startKarmada([...args, ...FAST_LEASE], { dataDir: apiserver.dataDir });
    const started = await Promise.all([
      component(['controller-manager', '--cluster-status-update-frequency', '2s']),
      component(['controller-manager', '--cluster-status-update-frequency', '2s']),
      component(['scheduler']),
    ]);
    managers.push(started[0] as KarmadaProcess, started[1] as KarmadaProcess);
    scheduler = started[2] as KarmadaProcess;
  });

  after(async () => {
    await Promise.all([...managers, scheduler, member, apiserver].filter((p) => p !== undefined).map((p) => p.stop()));
    for (const dir of [apiserver?.dataDir, memberDir, work]) if (dir !== undefined) removeDir(dir);
  });

  const holder = (lease: string): Promise<string> => kubectl.ok(['get', 'lease', lease, '-n', 'karmada-system', '-o', 'jsonpath={.spec.holderIdentity}']);

  test('one replica leads, the cluster becomes Ready and a workload propagates', async () => {
    const leader = await eventually(
      'a controller-manager leader',
      () => holder('karmada-controller-manager'),
      (h) => h !== '',
      30_000,
    );
    assert.ok(
      managers.some((m) => identityOf(m) === leader),
      `the lease names one of the replicas: ${leader}`,
    );
    assert.equal(
      await eventually(
        'a scheduler leader',
        () => holder('karmada-scheduler'),
        (h) => h !== '',
        30_000,
      ),
      identityOf(scheduler),
    );
    await eventually(
      'cluster edge Ready',
      () => kubectl.ok(['get', 'cluster', 'edge', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']),
      (s) => s === 'True',
      60_000,
    );
    await kubectl.ok(['apply', '-f', '-'], workload(2));
    await eventually(
      '2 replicas in the member',
      () => memberKubectl.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']),
      (r) => r.stdout === '2',
      60_000,
    );
  });

  test('when the leader dies the standby takes the lease and keeps propagating', async () => {
    const leader = await holder('karmada-controller-manager');
    const leading = managers.find((m) => identityOf(m) === leader);
    const standby = managers.find((m) => identityOf(m) !== leader);
    assert.ok(leading !== undefined && standby !== undefined);
    await leading.kill();
    await eventually(
      'the standby leads',
      () => holder('karmada-controller-manager'),
      (h) => h === identityOf(standby),
      30_000,
    );
    await kubectl.ok(['apply', '-f', '-'], workload(4));
    await eventually(
      '4 replicas in the member',
      () => memberKubectl.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']),
      (r) => r.stdout === '4',
      60_000,
    );
  });
});
