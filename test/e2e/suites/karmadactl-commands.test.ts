/**
 * End to end through `karmada up --members 2`: karmadactl's commands beyond get/describe/apply,
 * as a user sees them. `promote` adopts a Deployment created directly in member1 (the control
 * plane gets the template and a policy, the binding schedules it to member1 only, and member1
 * keeps exactly one copy with the same uid); `logs` and `top` read member1 through the cluster
 * proxy; `api-resources`, `create`, `label`, `annotate`, `patch` and `delete` act on the control
 * plane with kubectl's wording.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl, run, type CommandResult } from '../framework/kubectl.js';
import { eventually } from '../framework/eventually.js';

const UP_ARGS = ['up', '--members', '2', '--port', '0', '--cluster-status-update-frequency', '2s'];

const LEGACY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: legacy, namespace: default, labels: {app: legacy}}
spec:
  replicas: 1
  selector: {matchLabels: {app: legacy}}
  template:
    metadata: {labels: {app: legacy}}
    spec:
      containers:
      - {name: web, image: nginx:1.27}
`;

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: e2e-settings, namespace: default}
data: {mode: blue}
`;

interface Meta {
  metadata: { name?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

describe('karmadactl commands through karmada up --members 2', { timeout: 600_000 }, () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'karmada-e2e-kubectl-cache-'));
  let karmada: KarmadaProcess;
  let kubectl: Kubectl;
  let member1: Kubectl;
  let member2: Kubectl;

  const karmadactl = (args: readonly string[], input?: string): Promise<CommandResult> =>
    run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cmd/karmadactl.ts'), ...args, '--kubeconfig', karmada.kubeconfig], {
      timeoutMs: 90_000,
      ...(input === undefined ? {} : { input }),
    });
  const ok = async (args: readonly string[], input?: string): Promise<string> => {
    const r = await karmadactl(args, input);
    assert.equal(r.code, 0, `karmadactl ${args.join(' ')}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const legacyPod = async (): Promise<string> => {
    const pods = await member1.json<{ items: Meta[] }>(['get', 'pods', '-n', 'default', '-l', 'app=legacy']);
    return pods.items[0]?.metadata.name ?? '';
  };

  before(async () => {
    karmada = await startKarmada(UP_ARGS, { timeoutMs: 120_000 });
    kubectl = new Kubectl(karmada.kubeconfig, cacheDir);
    member1 = new Kubectl(join(karmada.dataDir, 'members', 'member1.config'), cacheDir);
    member2 = new Kubectl(join(karmada.dataDir, 'members', 'member2.config'), cacheDir);
  });

  after(async () => {
    await karmada?.stop();
    if (karmada !== undefined) removeDir(karmada.dataDir);
    removeDir(cacheDir);
  });

  test('promote adopts a Deployment created directly in member1, in place', async () => {
    await member1.ok(['apply', '-f', '-'], LEGACY);
    await eventually('legacy pod running in member1', legacyPod, (name) => name !== '');
    const before = await member1.json<Meta>(['get', 'deployment', 'legacy', '-n', 'default']);

    const out = await ok(['promote', 'deployment', 'legacy', '-n', 'default', '-C', 'member1']);
    const lines = out.trim().split('\n');
    assert.equal(lines[0], 'ResourceTemplate (default/legacy) is created successfully');
    assert.match(lines[1] ?? '', /^PropagationPolicy \(default\/legacy-[0-9a-z]+\) is created successfully$/);
    assert.equal(lines[2], 'Resource "apps/v1, Resource=deployments"(default/legacy) is promoted successfully');

    // The control plane holds the template and a policy that overwrites in member1 only.
    const template = await kubectl.json<Meta>(['get', 'deployment', 'legacy', '-n', 'default']);
    assert.equal(template.metadata.annotations?.['work.karmada.io/conflict-resolution'], 'overwrite');
    const policies = await kubectl.json<{
      items: (Meta & { spec: { conflictResolution?: string; placement?: { clusterAffinity?: { clusterNames?: string[] } } } })[];
    }>(['get', 'propagationpolicies', '-n', 'default']);
    const policy = policies.items.find((p) => p.metadata.name?.startsWith('legacy-'));
    assert.equal(policy?.spec.conflictResolution, 'Overwrite');
    assert.deepEqual(policy?.spec.placement?.clusterAffinity?.clusterNames, ['member1']);

    // The binding is scheduled to member1 only, and the Work applied there.
    const binding = await eventually(
      'binding scheduled and applied',
      () =>
        kubectl.json<{ spec: { clusters?: { name: string }[] }; status?: { conditions?: { type: string; status: string }[] } }>([
          'get',
          'resourcebinding',
          'legacy-deployment',
          '-n',
          'default',
        ]),
      (rb) => rb.status?.conditions?.some((c) => c.type === 'FullyApplied' && c.status === 'True') === true,
      90_000,
    );
    assert.deepEqual(
      binding.spec.clusters?.map((c) => c.name),
      ['member1'],
    );

    // member1 still runs exactly one copy, the same object (same uid), now marked as Karmada's.
    const adopted = await eventually(
      'member1 Deployment adopted',
      () => member1.json<Meta>(['get', 'deployment', 'legacy', '-n', 'default']),
      (d) => d.metadata.labels?.['karmada.io/managed'] === 'true',
    );
    assert.equal(adopted.metadata.uid, before.metadata.uid);
    const inMember1 = await member1.json<{ items: Meta[] }>(['get', 'deployments', '-n', 'default']);
    assert.deepEqual(
      inMember1.items.map((d) => d.metadata.name).filter((n) => n === 'legacy'),
      ['legacy'],
    );
    const inMember2 = await member2.json<{ items: Meta[] }>(['get', 'deployments', '-n', 'default']);
    assert.deepEqual(
      inMember2.items.filter((d) => d.metadata.name === 'legacy'),
      [],
    );

    // Promoting again changes nothing and says so.
    const again = await karmadactl(['promote', 'deployment', 'legacy', '-n', 'default', '-C', 'member1']);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /already exist in karmada control plane/);
  });

  test('logs prints a member pod log through the cluster proxy', async () => {
    const pod = await eventually('legacy pod', legacyPod, (name) => name !== '');
    const out = await eventually(
      'log lines',
      () => ok(['logs', pod, '-C', 'member1', '-n', 'default', '--tail', '2']),
      (text) => text.trim().split('\n').length === 2,
    );
    assert.match(out, new RegExp(pod));
    const viaOwner = await ok(['logs', 'deployment/legacy', '-C', 'member1', '-n', 'default', '--tail', '1', '--prefix']);
    assert.match(viaOwner, new RegExp(`^\\[pod/${pod}/web\\] `));
    // -f streams through the proxy until stopped: the last line comes at once, later ones as they are written.
    const followed = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'src/cmd/karmadactl.ts'),
        'logs',
        pod,
        '-C',
        'member1',
        '-n',
        'default',
        '-f',
        '--tail',
        '1',
        '--kubeconfig',
        karmada.kubeconfig,
      ],
      { timeoutMs: 15_000 },
    );
    assert.ok(followed.stdout.trim().split('\n').length >= 1, followed.stderr);
    assert.match(followed.stdout, new RegExp(pod));
    const missing = await karmadactl(['logs', 'no-such-pod', '-C', 'member1', '-n', 'default']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "no-such-pod" not found/);
  });

  test('top pod shows member1 pod usage with a CLUSTER column', async () => {
    const pod = await legacyPod();
    const out = await eventually(
      'pod metrics',
      () => ok(['top', 'pod', '-C', 'member1', '-n', 'default']),
      (text) => text.includes(pod),
    );
    const [header, ...rows] = out.trim().split('\n');
    assert.deepEqual(header?.split(/\s+/), ['NAME', 'CLUSTER', 'CPU(cores)', 'MEMORY(bytes)']);
    const row = rows.find((r) => r.startsWith(pod))?.split(/\s+/);
    assert.equal(row?.[1], 'member1');
    assert.match(row?.[2] ?? '', /^\d+m$/);
    assert.match(row?.[3] ?? '', /^\d+Mi$/);
  });

  test('api-resources lists deployments and propagationpolicies in kubectl columns', async () => {
    const out = await ok(['api-resources']);
    const lines = out.split('\n').map((l) => l.split(/\s+/));
    assert.deepEqual(lines[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    assert.deepEqual(
      lines.find((l) => l[0] === 'deployments'),
      ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
    );
    assert.deepEqual(
      lines.find((l) => l[0] === 'propagationpolicies'),
      ['propagationpolicies', 'pp', 'policy.karmada.io/v1alpha1', 'true', 'PropagationPolicy'],
    );
    const members = await ok(['api-resources', '--operation-scope', 'members', '--cluster', 'member1', '--api-group', 'metrics.k8s.io', '-o', 'name']);
    assert.deepEqual(members.trim().split('\n').sort(), ['nodes.metrics.k8s.io', 'pods.metrics.k8s.io']);
  });

  test('create, label, annotate, patch and delete on the control plane', async () => {
    assert.equal(await ok(['create', '-f', '-'], CONFIG_MAP), 'configmap/e2e-settings created\n');
    const dup = await karmadactl(['create', '-f', '-'], CONFIG_MAP);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /Error from server \(AlreadyExists\): configmaps "e2e-settings" already exists/);

    assert.equal(await ok(['label', 'configmap', 'e2e-settings', '-n', 'default', 'team=blue']), 'configmap/e2e-settings labeled\n');
    assert.equal(await ok(['label', 'cm/e2e-settings', '-n', 'default', 'team=blue']), 'configmap/e2e-settings not labeled\n');
    const clash = await karmadactl(['label', 'cm', 'e2e-settings', '-n', 'default', 'team=red']);
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /'team' already has a value \(blue\), and --overwrite is false/);
    assert.equal(await ok(['annotate', 'cm', 'e2e-settings', '-n', 'default', 'owner=e2e']), 'configmap/e2e-settings annotated\n');
    assert.equal(
      await ok(['patch', 'cm', 'e2e-settings', '-n', 'default', '--type', 'merge', '-p', '{"data":{"mode":"green"}}']),
      'configmap/e2e-settings patched\n',
    );
    assert.equal(
      await ok(['patch', 'cm', 'e2e-settings', '-n', 'default', '--type', 'json', '-p', '[{"op":"replace","path":"/data/mode","value":"green"}]']),
      'configmap/e2e-settings patched (no change)\n',
    );
    assert.equal(
      await ok(['patch', 'deployment', 'legacy', '-n', 'default', '-p', '{"spec":{"template":{"metadata":{"labels":{"rev":"2"}}}}}']),
      'deployment.apps/legacy patched\n',
    );

    const cm = await kubectl.json<Meta & { data: Record<string, string> }>(['get', 'cm', 'e2e-settings', '-n', 'default']);
    assert.equal(cm.metadata.labels?.['team'], 'blue');
    assert.equal(cm.metadata.annotations?.['owner'], 'e2e');
    assert.deepEqual(cm.data, { mode: 'green' });

    assert.equal(await ok(['delete', 'configmap', 'e2e-settings', '-n', 'default']), 'configmap "e2e-settings" deleted\n');
    const gone = await kubectl.run(['get', 'cm', 'e2e-settings', '-n', 'default']);
    assert.notEqual(gone.code, 0);
    const missing = await karmadactl(['delete', 'cm', 'e2e-settings', '-n', 'default']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "e2e-settings" not found/);
    assert.equal((await karmadactl(['delete', 'cm', 'e2e-settings', '-n', 'default', '--ignore-not-found'])).code, 0);
  });

  test('explain reads the OpenAPI schema as kubectl explain does', async () => {
    const out = await ok(['explain', 'propagationpolicy.spec.conflictResolution']);
    assert.equal(out, await kubectl.ok(['explain', 'propagationpolicy.spec.conflictResolution']));
    assert.match(out, /^GROUP: {6}policy\.karmada\.io\nKIND: {7}PropagationPolicy\n/);
    assert.match(out, /FIELD: conflictResolution <string>\nENUM:\n {4}Abort\n {4}Overwrite\n/);
  });

  test('exec and attach say plainly that streaming connections are not available', async () => {
    const pod = await legacyPod();
    const r = await karmadactl(['exec', pod, '-C', 'member1', '--', 'ls']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exec needs an upgraded streaming connection/);
  });

  test('version prints the client version in Karmada format', async () => {
    assert.match(await ok(['version']), /^karmadactl version: version\.Info\{GitVersion:"v\d+\.\d+\.\d+", /);
  });
});
