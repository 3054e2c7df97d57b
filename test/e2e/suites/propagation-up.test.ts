/**
 * End to end through `karmada up --members 3` (a real process, real kubectl, karmadactl from the
 * sources): a ClusterPropagationPolicy with Duplicated scheduling carries a ClusterRole, a CRD
 * and its custom resource to every member; propagateDeps carries the ConfigMap and Secret a
 * Deployment mounts to the Deployment's clusters; `karmadactl get --operation-scope members`
 * shows the member copies with a CLUSTER column; and a SIGKILL + restart on the same data dir
 * re-creates the objects in the (in-memory, hence empty) members with the same Works and no
 * orphans.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl, run } from '../framework/kubectl.js';
import { eventually } from '../framework/eventually.js';

const MEMBERS = ['member1', 'member2', 'member3'] as const;
const UP_ARGS = ['up', '--members', '3', '--port', '0', '--cluster-status-update-frequency', '2s'];

const CLUSTER_WIDE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-reader}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.e2e.example.com}
spec:
  group: e2e.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: e2e-everywhere}
spec:
  resourceSelectors:
  - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, name: e2e-reader}
  - {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, name: widgets.e2e.example.com}
  - {apiVersion: e2e.example.com/v1, kind: Widget}
  placement:
    replicaScheduling: {replicaSchedulingType: Duplicated}
`;

const WIDGET = `apiVersion: e2e.example.com/v1
kind: Widget
metadata: {name: gear, namespace: default}
spec: {size: 3}
`;

const WITH_DEPS = `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config, namespace: default}
data: {mode: blue}
---
apiVersion: v1
kind: Secret
metadata: {name: app-secret, namespace: default}
stringData: {token: s3cret}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: default, labels: {app: app}}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        volumeMounts:
        - {name: config, mountPath: /etc/app}
        - {name: secret, mountPath: /etc/secret}
      volumes:
      - name: config
        configMap: {name: app-config}
      - name: secret
        secret: {secretName: app-secret}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: app, namespace: default}
spec:
  propagateDeps: true
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: app}
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
    replicaScheduling: {replicaSchedulingType: Duplicated}
`;

/** `kubectl get` names (sorted) or [] when the kind is not served yet. */
async function names(k: Kubectl, args: readonly string[]): Promise<string[]> {
  const r = await k.run(['get', ...args, '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

describe('propagation through karmada up --members 3', { timeout: 600_000 }, () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'karmada-e2e-kubectl-cache-'));
  let karmada: KarmadaProcess;
  let kubectl: Kubectl;
  let members: Record<string, Kubectl> = {};
  let worksBefore: string[] = [];

  const connect = (): void => {
    kubectl = new Kubectl(karmada.kubeconfig, cacheDir);
    members = Object.fromEntries(MEMBERS.map((m) => [m, new Kubectl(join(karmada.dataDir, 'members', `${m}.config`), cacheDir)]));
  };
  const member = (name: string): Kubectl => {
    const k = members[name];
    if (k === undefined) throw new Error(`no ${name}`);
    return k;
  };
  const karmadactl = (args: readonly string[]) =>
    run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cmd/karmadactl.ts'), ...args, '--kubeconfig', karmada.kubeconfig], { timeoutMs: 60_000 });

  /** Every member serves the cluster-wide objects, and member1/2 (only) the Deployment and its deps. */
  const expectPropagated = async (timeoutMs = 90_000): Promise<void> => {
    for (const m of MEMBERS) {
      await eventually(
        `ClusterRole in ${m}`,
        () => names(member(m), ['clusterroles']),
        (n) => n.includes('/e2e-reader'),
        timeoutMs,
      );
      await eventually(
        `CRD in ${m}`,
        () => names(member(m), ['crd']),
        (n) => n.includes('/widgets.e2e.example.com'),
        timeoutMs,
      );
      await eventually(
        `Widget in ${m}`,
        () => names(member(m), ['widgets.e2e.example.com', '-n', 'default']),
        (n) => n.includes('default/gear'),
        timeoutMs,
      );
    }
    for (const m of ['member1', 'member2']) {
      await eventually(
        `Deployment in ${m}`,
        () => names(member(m), ['deployments', '-n', 'default']),
        (n) => n.includes('default/app'),
        timeoutMs,
      );
      await eventually(
        `ConfigMap in ${m}`,
        () => names(member(m), ['configmaps', '-n', 'default']),
        (n) => n.includes('default/app-config'),
        timeoutMs,
      );
      await eventually(
        `Secret in ${m}`,
        () => names(member(m), ['secrets', '-n', 'default']),
        (n) => n.includes('default/app-secret'),
        timeoutMs,
      );
    }
  };

  before(async () => {
    karmada = await startKarmada(UP_ARGS, { timeoutMs: 120_000 });
    connect();
  });

  after(async () => {
    await karmada?.stop();
    if (karmada !== undefined) removeDir(karmada.dataDir);
    removeDir(cacheDir);
  });

  test('a Duplicated ClusterPropagationPolicy carries a ClusterRole, a CRD and its custom resource to every member', async () => {
    await kubectl.ok(['apply', '-f', '-'], CLUSTER_WIDE);
    await eventually(
      'CRD established',
      () => kubectl.run(['get', 'widgets.e2e.example.com', '-n', 'default']),
      (r) => r.code === 0,
    );
    await kubectl.ok(['apply', '-f', '-'], WIDGET);
    for (const m of MEMBERS) {
      await eventually(
        `ClusterRole in ${m}`,
        () => names(member(m), ['clusterroles']),
        (n) => n.includes('/e2e-reader'),
      );
      await eventually(
        `CRD in ${m}`,
        () => names(member(m), ['crd']),
        (n) => n.includes('/widgets.e2e.example.com'),
      );
      const widget = await eventually(
        `Widget in ${m}`,
        () => member(m).json<{ spec?: { size?: number } }>(['get', 'widgets.e2e.example.com', 'gear', '-n', 'default']),
        (w) => w.spec?.size === 3,
      );
      assert.equal(widget.spec?.size, 3);
    }
  });

  test('propagateDeps: the ConfigMap and Secret the Deployment mounts follow it to the same members', async () => {
    await kubectl.ok(['apply', '-f', '-'], WITH_DEPS);
    await expectPropagated();
    // Not in member3, which the policy does not target.
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(
      (await names(member('member3'), ['deployments', '-n', 'default'])).filter((n) => n === 'default/app'),
      [],
    );
    assert.deepEqual(
      (await names(member('member3'), ['configmaps', '-n', 'default'])).filter((n) => n === 'default/app-config'),
      [],
    );
    assert.deepEqual(
      (await names(member('member3'), ['secrets', '-n', 'default'])).filter((n) => n === 'default/app-secret'),
      [],
    );
  });

  test('karmadactl get --operation-scope members shows the member copies with a CLUSTER column', async () => {
    const r = await karmadactl(['get', 'deploy', '-n', 'default', '--operation-scope', 'members']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    assert.deepEqual(lines[0]?.slice(0, 2), ['NAME', 'CLUSTER']);
    const rows = lines
      .slice(1)
      .filter((l) => l[0] === 'app')
      .map((l) => l[1]);
    assert.deepEqual(rows, ['member1', 'member2']);
    const all = await karmadactl(['get', 'deploy', 'app', '-n', 'default', '--operation-scope', 'all', '-C', 'member1']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(
      all.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/).slice(0, 2)),
      [
        ['app', 'Karmada'],
        ['app', 'member1'],
      ],
    );
  });

  test('karmadactl apply --all-clusters propagates the file to every member; describe shows a member copy', async () => {
    const file = join(cacheDir, 'everywhere.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: everywhere, namespace: default}\ndata: {k: v}\n');
    const r = await karmadactl(['apply', '-f', file, '--all-clusters']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^configmap\/everywhere created\npropagationpolicy\.policy\.karmada\.io\/everywhere-[a-z0-9]+ created\n$/);
    for (const m of MEMBERS) {
      await eventually(
        `ConfigMap everywhere in ${m}`,
        () => names(member(m), ['configmaps', '-n', 'default']),
        (n) => n.includes('default/everywhere'),
      );
    }
    const d = await karmadactl(['describe', 'cm', 'everywhere', '-n', 'default', '--operation-scope', 'members', '--cluster', 'member3']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^Name:\s+everywhere\nNamespace:\s+default\nCluster:\s+member3\n/);
  });

  test('SIGKILL and restart: members are refilled, with the same Works and no orphans', async () => {
    worksBefore = await names(kubectl, ['works', '-A']);
    assert.ok(worksBefore.length > 0, 'Works exist before the restart');
    const dataDir = karmada.dataDir;
    await karmada.kill();
    karmada = await startKarmada(UP_ARGS, { dataDir, timeoutMs: 120_000 });
    connect();
    await expectPropagated(120_000);
    // Let the controllers settle, then compare: no duplicate or renamed Works.
    await new Promise((r) => setTimeout(r, 5000));
    assert.deepEqual(await names(kubectl, ['works', '-A']), worksBefore);
    // Nothing the policy does not target appeared in member3.
    assert.deepEqual(
      (await names(member('member3'), ['deployments', '-n', 'default'])).filter((n) => n === 'default/app'),
      [],
    );
    // Deleting the template after the restart removes every member copy (no orphans).
    await kubectl.ok(['delete', 'deployment', 'app', '-n', 'default']);
    for (const m of ['member1', 'member2']) {
      await eventually(
        `Deployment gone from ${m}`,
        () => names(member(m), ['deployments', '-n', 'default']),
        (n) => !n.includes('default/app'),
      );
    }
    await eventually(
      'Works of the Deployment gone',
      () => names(kubectl, ['works', '-A']),
      (n) => n.every((w) => !w.includes('/app-')) && n.length < worksBefore.length,
    );
  });
});
