/**
 * Cluster lifecycle end to end: `karmada up --members 0`, standalone `karmada member`
 * processes, `karmadactl join|cordon|taint|unjoin`, and a pull-mode member registered with a
 * bootstrap token and served by `karmada agent`. Short status periods keep it quick.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, removeDir, startKarmada, tempDataDir, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { karmadactl, ok } from '../framework/karmadactl.js';

const FAST = [
  '--cluster-status-update-frequency',
  '1s',
  '--cluster-failure-threshold',
  '2s',
  '--cluster-success-threshold',
  '1s',
  '--cluster-monitor-period',
  '1s',
  '--cluster-monitor-grace-period',
  '5s',
  '--cluster-startup-grace-period',
  '20s',
  '--cleanup-check-interval',
  '1s',
];

interface ClusterJson {
  metadata: { name: string; finalizers?: string[] };
  spec: {
    syncMode: string;
    taints?: { key: string; value?: string; effect: string; timeAdded?: string }[];
    region?: string;
    zones?: string[];
    provider?: string;
    apiEndpoint?: string;
  };
  status?: {
    kubernetesVersion?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    nodeSummary?: { totalNum?: number; readyNum?: number };
  };
}

async function eventually<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
}

const ready = (c: ClusterJson): string | undefined => c.status?.conditions?.find((x) => x.type === 'Ready')?.status;
const hasTaint = (c: ClusterJson, key: string): boolean => (c.spec.taints ?? []).some((t) => t.key === key && t.effect === 'NoSchedule');

describe('cluster lifecycle (karmadactl join/unjoin/cordon/taint, pull mode with karmada agent)', { timeout: 600_000 }, () => {
  let plane: KarmadaProcess;
  let member: KarmadaProcess;
  let memberDir: string;
  let pullMember: KarmadaProcess | undefined;
  let pullDir: string;
  let agent: ChildProcess | undefined;
  let agentOut = '';
  let kubectl: Kubectl;
  let work: string;

  const cluster = (name: string): Promise<ClusterJson> => kubectl.json<ClusterJson>(['get', 'cluster', name]);

  before(async () => {
    plane = await startKarmada(['up', '--members', '0', '--port', '0', '--storage', 'memory:', ...FAST]);
    memberDir = tempDataDir('karmada-e2e-member-');
    pullDir = tempDataDir('karmada-e2e-pull-');
    member = await startKarmada(['member', '--name', 'm1', '--port', '0', '--nodes', '2'], { dataDir: memberDir });
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-cluster-'));
    kubectl = new Kubectl(plane.kubeconfig, join(work, 'cache'));
  });

  after(async () => {
    if (agent !== undefined && agent.exitCode === null) {
      agent.kill('SIGKILL');
    }
    await pullMember?.kill();
    await member.kill();
    await plane.stop();
    for (const dir of [plane.dataDir, memberDir, pullDir, work]) removeDir(dir);
  });

  test('karmadactl join: the member shows up Ready in push mode with version and topology', async () => {
    const out = await ok(
      karmadactl(plane.kubeconfig, [
        'join',
        'm1',
        '--cluster-kubeconfig',
        member.kubeconfig,
        '--cluster-provider',
        'simulated',
        '--cluster-region',
        'region-1',
        '--cluster-zones',
        'zone-1a,zone-1b',
      ]),
      'join',
    );
    assert.equal(out, 'cluster(m1) is joined successfully\n');
    const table = await eventually('m1 Ready in kubectl get clusters', 20_000, async () => {
      const t = await kubectl.ok(['get', 'clusters']);
      return /^m1\s+v1\.\d+\.\d+\S*\s+Push\s+True\s+\S+$/m.test(t) ? t : undefined;
    });
    assert.match(table, /^NAME\s+VERSION\s+MODE\s+READY\s+AGE$/m);
    const wide = await kubectl.ok(['get', 'clusters', '-o', 'wide']);
    assert.match(wide, /^m1\s+\S+\s+Push\s+True\s+\S+\s+\["zone-1a","zone-1b"\]\s+region-1\s+simulated\s+https:\/\/127\.0\.0\.1:\d+/m);
    const c = await cluster('m1');
    assert.deepEqual(c.metadata.finalizers, ['karmada.io/cluster-controller']);
    assert.deepEqual(c.status?.nodeSummary, { totalNum: 2, readyNum: 2 });
    assert.equal(c.spec.taints, undefined);
    await kubectl.ok(['get', 'namespace', 'karmada-es-m1']);
    const secret = await kubectl.json<{ data: Record<string, string> }>(['get', 'secret', 'm1', '-n', 'karmada-cluster']);
    assert.ok(secret.data['token'] !== undefined && secret.data['caBundle'] !== undefined);
  });

  test('cordon, uncordon and taint edit the cluster taints', async () => {
    assert.equal(await ok(karmadactl(plane.kubeconfig, ['cordon', 'm1']), 'cordon'), 'm1 cluster cordoned\n');
    assert.equal(await ok(karmadactl(plane.kubeconfig, ['cordon', 'm1']), 'cordon'), 'm1 cluster already cordoned\n');
    assert.equal(await ok(karmadactl(plane.kubeconfig, ['taint', 'clusters', 'm1', 'dedicated=gpu:NoSchedule']), 'taint'), 'cluster/m1 tainted\n');
    let yaml = await kubectl.ok(['get', 'cluster', 'm1', '-o', 'yaml']);
    assert.match(yaml, /key: cluster\.karmada\.io\/unschedulable/);
    assert.match(yaml, /key: dedicated\n\s+value: gpu|value: gpu/);
    const refused = await karmadactl(plane.kubeconfig, ['taint', 'clusters', 'm1', 'dedicated=cpu:NoSchedule']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /cluster m1 already has dedicated taint\(s\) with same effect\(s\) and --overwrite is false/);
    assert.equal(await ok(karmadactl(plane.kubeconfig, ['taint', 'clusters', 'm1', 'dedicated:NoSchedule-']), 'untaint'), 'cluster/m1 untainted\n');
    assert.equal(await ok(karmadactl(plane.kubeconfig, ['uncordon', 'm1']), 'uncordon'), 'm1 cluster uncordoned\n');
    yaml = await kubectl.ok(['get', 'cluster', 'm1', '-o', 'yaml']);
    assert.doesNotMatch(yaml, /unschedulable|dedicated/);
  });

  test('a killed member turns NotReady with the not-ready taint; restarted, it is Ready again and the taint goes', async () => {
    const url = new URL(member.url);
    await member.kill();
    const down = await eventually('m1 NotReady and tainted', 20_000, async () => {
      const c = await cluster('m1');
      return ready(c) === 'False' && hasTaint(c, 'cluster.karmada.io/not-ready') ? c : undefined;
    });
    const cond = down.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(cond?.reason, 'ClusterNotReachable');
    assert.equal(cond?.message, 'cluster is not reachable');
    assert.match(await kubectl.ok(['get', 'clusters']), /^m1\s+\S+\s+Push\s+False\s/m);

    member = await startKarmada(['member', '--name', 'm1', '--port', url.port, '--nodes', '2'], { dataDir: memberDir });
    const up = await eventually('m1 Ready again without the taint', 30_000, async () => {
      const c = await cluster('m1');
      return ready(c) === 'True' && c.spec.taints === undefined ? c : undefined;
    });
    assert.equal(up.status?.conditions?.find((x) => x.type === 'Ready')?.reason, 'ClusterReady');
  });

  test('pull mode: token create, register and karmada agent give a Ready Pull cluster', async () => {
    pullMember = await startKarmada(['member', '--name', 'p1', '--port', '0', '--nodes', '1'], { dataDir: pullDir });
    const command = (await ok(karmadactl(plane.kubeconfig, ['token', 'create', '--print-register-command']), 'token create')).trim();
    const m = /^karmadactl register (\S+) --token ([a-z0-9]{6}\.[a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})$/.exec(command);
    assert.ok(m !== null, `unexpected register command: ${command}`);
    const [, endpoint = '', token = '', hash = ''] = m;
    assert.equal(`https://${endpoint}`, plane.url);
    const list = await ok(karmadactl(plane.kubeconfig, ['token', 'list']), 'token list');
    assert.match(list, new RegExp(`^${token.replace('.', '\\.')}\\s+2[34]h\\s`, 'm'));

    const wrongPin = await karmadactl(plane.kubeconfig, [
      'register',
      endpoint,
      '--token',
      token,
      '--discovery-token-ca-cert-hash',
      `sha256:${'0'.repeat(64)}`,
      '--kubeconfig',
      pullMember.kubeconfig,
      '--cluster-name',
      'p1',
    ]);
    assert.notEqual(wrongPin.code, 0);
    assert.match(wrongPin.stderr, /none of the public keys .* are pinned/);

    const agentConfig = join(pullDir, 'agent.config');
    const registered = await ok(
      karmadactl(plane.kubeconfig, [
        'register',
        endpoint,
        '--token',
        token,
        '--discovery-token-ca-cert-hash',
        hash,
        '--kubeconfig',
        pullMember.kubeconfig,
        '--cluster-name',
        'p1',
        '--agent-kubeconfig',
        agentConfig,
      ]),
      'register',
    );
    assert.match(registered, /\[preflight\] All pre-flight checks were passed/);
    assert.match(registered, /cluster\(p1\) is joined successfully/);

    agent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'src/cmd/karmada.ts'),
        'agent',
        '--cluster-name',
        'p1',
        '--karmada-kubeconfig',
        agentConfig,
        '--cluster-kubeconfig',
        pullMember.kubeconfig,
        '--cluster-region',
        'region-2',
        ...FAST,
        '--cluster-lease-duration',
        '4s',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KARMADA_LOG_LEVEL: 'warn' } },
    );
    agent.stdout?.on('data', (d: Buffer) => (agentOut += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (agentOut += d.toString()));
    await eventually(`p1 Ready in Pull mode (agent output: ${agentOut})`, 30_000, async () => {
      const t = await kubectl.ok(['get', 'clusters']);
      return /^p1\s+v1\.\d+\.\d+\S*\s+Pull\s+True\s/m.test(t) ? t : undefined;
    });
    const p1 = await cluster('p1');
    assert.equal(p1.spec.region, 'region-2');
    assert.equal(p1.spec.apiEndpoint, pullMember.url);
    await eventually('heartbeat Lease of p1', 10_000, async () =>
      (await kubectl.run(['get', 'lease', 'p1', '-n', 'karmada-cluster'])).code === 0 ? true : undefined,
    );
  });

  test('pull mode: the agent applies Works of its execution space to its member and reports their status', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: pulled
  namespace: default
  labels: {app: pulled}
spec:
  replicas: 2
  selector:
    matchLabels: {app: pulled}
  template:
    metadata:
      labels: {app: pulled}
    spec:
      containers:
      - name: web
        image: nginx
        resources:
          requests: {cpu: 100m}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: pulled
  namespace: default
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    name: pulled
  placement:
    clusterAffinity:
      clusterNames: [p1]
`;
    await kubectl.ok(['apply', '-f', '-'], manifest);
    const memberKubectl = new Kubectl(pullMember?.kubeconfig ?? '', join(work, 'cache-p1'));
    await eventually(`Deployment applied in p1 by the agent (agent output: ${agentOut})`, 60_000, async () => {
      const r = await memberKubectl.run(['get', 'deploy', 'pulled', '-o', 'jsonpath={.status.availableReplicas}']);
      return r.code === 0 && r.stdout === '2' ? true : undefined;
    });
    await eventually('Work status reflected on the control plane', 30_000, async () => {
      const works = await kubectl.json<{ items: { status?: { conditions?: { type: string; status: string }[]; manifestStatuses?: unknown[] } }[] }>([
        'get',
        'works',
        '-n',
        'karmada-es-p1',
      ]);
      const work = works.items[0];
      return work?.status?.conditions?.some((c) => c.type === 'Applied' && c.status === 'True') === true && (work.status?.manifestStatuses ?? []).length > 0
        ? true
        : undefined;
    });
  });

  test('pull mode: when the agent stops heartbeating the cluster turns Unknown with the unreachable taint', async () => {
    const exited = new Promise((r) => agent?.once('exit', r));
    agent?.kill('SIGKILL');
    await exited;
    const c = await eventually('p1 Unknown and unreachable', 30_000, async () => {
      const cl = await cluster('p1');
      return ready(cl) === 'Unknown' && hasTaint(cl, 'cluster.karmada.io/unreachable') ? cl : undefined;
    });
    assert.equal(c.status?.conditions?.find((x) => x.type === 'Ready')?.reason, 'ClusterStatusUnknown');
  });

  test('karmadactl unjoin removes the cluster, its execution space and its credentials', async () => {
    const out = await ok(karmadactl(plane.kubeconfig, ['unjoin', 'm1', '--cluster-kubeconfig', member.kubeconfig]), 'unjoin');
    assert.match(out, /cluster\(m1\) is unjoined successfully/);
    const missing = async (args: string[]): Promise<boolean> => (await kubectl.run(args)).code !== 0;
    assert.ok(await missing(['get', 'cluster', 'm1']));
    await eventually('execution space gone', 20_000, async () => ((await missing(['get', 'namespace', 'karmada-es-m1'])) ? true : undefined));
    await eventually('secret gone', 20_000, async () => ((await missing(['get', 'secret', 'm1', '-n', 'karmada-cluster'])) ? true : undefined));
    const again = await karmadactl(plane.kubeconfig, ['unjoin', 'm1']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /no cluster object m1 found in karmada control Plane/);
  });
});
