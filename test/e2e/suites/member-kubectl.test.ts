import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';

const BIG = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
  namespace: e2e
spec:
  replicas: 4
  selector:
    matchLabels: {app: big}
  template:
    metadata:
      labels: {app: big}
    spec:
      containers:
      - name: big
        image: busybox
        resources:
          requests: {cpu: 1500m}
`;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('simulated member with the real kubectl (karmada member)', { timeout: 300_000 }, () => {
  let member: KarmadaProcess;
  let kubectl: Kubectl;
  let work: string;

  before(async () => {
    member = await startKarmada(['member', '--name', 'member1', '--port', '0', '--nodes', '3', '--node-cpu', '2', '--node-memory', '8Gi', '--region', 'region-1', '--zone', 'zone-1a']);
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-member-'));
    kubectl = new Kubectl(member.kubeconfig, join(work, 'cache'));
    await kubectl.ok(['create', 'namespace', 'e2e']);
  });

  after(async () => {
    const code = await member.stop();
    removeDir(member.dataDir);
    removeDir(work);
    assert.equal(code, 0, `karmada member exited with ${String(code)}:\n${member.output()}`);
  });

  test('prints its ready line and writes DIR/NAME.config', () => {
    assert.match(member.output(), /member member1 ready at https:\/\/127\.0\.0\.1:\d+; kubeconfig: \S+member1\.config/);
    assert.equal(member.kubeconfig, join(member.dataDir, 'member1.config'));
    assert.ok(existsSync(join(member.dataDir, 'member1', 'pki', 'ca.crt')));
  });

  test('get nodes: three Ready nodes with topology labels', async () => {
    const out = await kubectl.ok(['get', 'nodes']);
    const rows = out.trim().split('\n').slice(1);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.match(row, /^member1-node-\d\s+Ready\s+<none>\s+\S+\s+v1\.\d+\.\d+$/);
    }
    const zones = await kubectl.ok(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.labels.topology\\.kubernetes\\.io/zone}']);
    assert.equal(zones, 'zone-1a zone-1a zone-1a');
  });

  test('create deployment, rollout status, pods Running on nodes', async () => {
    await kubectl.ok(['-n', 'e2e', 'create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=3', '--port=80']);
    const status = await kubectl.run(['-n', 'e2e', 'rollout', 'status', 'deployment/web', '--timeout=60s'], undefined, 90_000);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /deployment "web" successfully rolled out/);
    const wide = await kubectl.ok(['-n', 'e2e', 'get', 'pods', '-o', 'wide']);
    const rows = wide.trim().split('\n').slice(1);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.match(row, /^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+member1-node-\d\s/);
    }
    const deploy = await kubectl.ok(['-n', 'e2e', 'get', 'deployment', 'web']);
    assert.match(deploy, /^web\s+3\/3\s+3\s+3\s+/m);
  });

  test('scale', async () => {
    await kubectl.ok(['-n', 'e2e', 'scale', 'deployment/web', '--replicas=5']);
    const status = await kubectl.run(['-n', 'e2e', 'rollout', 'status', 'deployment/web', '--timeout=60s'], undefined, 90_000);
    assert.equal(status.code, 0, status.stderr);
    const ready = await kubectl.ok(['-n', 'e2e', 'get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}/{.status.availableReplicas}']);
    assert.equal(ready, '5/5');
  });

  test('a rolling update (set image) finishes with rollout status', async () => {
    await kubectl.ok(['-n', 'e2e', 'set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    const status = await kubectl.run(['-n', 'e2e', 'rollout', 'status', 'deployment/web', '--timeout=90s'], undefined, 120_000);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /successfully rolled out/);
    const images = await kubectl.ok(['-n', 'e2e', 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']);
    assert.deepEqual(images.split(' '), ['nginx:1.27', 'nginx:1.27', 'nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    const history = await kubectl.ok(['-n', 'e2e', 'rollout', 'history', 'deployment/web']);
    assert.match(history, /^1\s+<none>$/m);
    assert.match(history, /^2\s+<none>$/m);
    const sets = await kubectl.ok(['-n', 'e2e', 'get', 'replicasets', '-l', 'app=web', '--no-headers']);
    assert.deepEqual(
      sets
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/).slice(1, 4).join(' '))
        .sort(),
      ['0 0 0', '5 5 5'],
    );
  });

  test('a Deployment asking for more cpu than the nodes have keeps pods Pending', async () => {
    const file = join(work, 'big.yaml');
    writeFileSync(file, BIG);
    await kubectl.ok(['apply', '-f', file]);
    const pending = await eventually('a Pending big pod', async () => {
      const out = await kubectl.ok(['-n', 'e2e', 'get', 'pods', '-l', 'app=big', '--no-headers']);
      const rows = out.trim().split('\n');
      return rows.length === 4 && rows.filter((r) => /\sRunning\s/.test(r)).length === 3 ? rows.find((r) => /\sPending\s/.test(r)) : undefined;
    });
    const name = pending.split(/\s+/)[0] ?? '';
    const message = await kubectl.ok(['-n', 'e2e', 'get', 'pod', name, '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}']);
    assert.equal(message, '0/3 nodes are available: 3 Insufficient cpu.');
    const counts = await kubectl.ok(['-n', 'e2e', 'get', 'deployment', 'big', '-o', 'jsonpath={.spec.replicas} {.status.availableReplicas}']);
    assert.equal(counts, '4 3');
    const timeout = await kubectl.run(['-n', 'e2e', 'rollout', 'status', 'deployment/big', '--timeout=2s'], undefined, 30_000);
    assert.notEqual(timeout.code, 0);
    assert.match(timeout.stdout, /3 of 4 updated replicas are available/);
  });

  test('kubectl logs prints the simulated container lines', async () => {
    const out = await kubectl.ok(['-n', 'e2e', 'logs', 'deployment/web']);
    assert.match(out, /^\[simulator\] container nginx started \(image docker\.io\/library\/nginx:1\.27\)$/m);
    const stamped = await kubectl.ok(['-n', 'e2e', 'logs', 'deployment/web', '--timestamps', '--tail=1']);
    assert.match(stamped, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z \[simulator\] /);
  });

  test('kubectl top pods and nodes read metrics.k8s.io', async () => {
    const pods = await kubectl.ok(['-n', 'e2e', 'top', 'pods', '-l', 'app=web']);
    assert.match(pods, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.equal(pods.trim().split('\n').length, 6);
    const nodes = await kubectl.ok(['top', 'nodes']);
    assert.match(nodes, /^member1-node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/m);
  });

  test('deleting the Deployment removes its pods', async () => {
    await kubectl.ok(['-n', 'e2e', 'delete', 'deployment', 'big']);
    await eventually('big pods gone', async () => {
      const out = await kubectl.ok(['-n', 'e2e', 'get', 'pods', '-l', 'app=big', '-o', 'name']);
      return out.trim() === '' ? true : undefined;
    });
  });
});
