import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { writeFileIn } from '../framework/work-files.js';

const NS = 'ssa';

/** The fields manager `a` applies (replicas until another manager takes them). */
const OWNER_A = (image: string, replicas = 'replicas: 2'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
  labels: {app: web}
spec:
  ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
`;

/** Manager `b` adds an environment variable to the same container. */
const OWNER_B = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  template:
    spec:
      containers:
      - name: web
        env:
        - {name: MODE, value: blue}
`;

/** Manager `c` wants other replicas. */
const SCALER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: 5
`;

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  fieldsV1: Record<string, unknown>;
}

interface DeploymentJson {
  metadata: { resourceVersion: string; managedFields?: ManagedFieldsEntry[]; annotations?: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: { image: string; env?: { name: string; value: string }[] }[] } } };
}

describe('server-side apply with the real kubectl', { timeout: 300_000 }, () => {
  let plane: KarmadaProcess;
  let kubectl: Kubectl;
  let work: string;

  before(async () => {
    plane = await startKarmada(['up', '--members', '0', '--port', '0']);
    work = mkdtempSync(join(tmpdir(), 'karmada-ssa-e2e-'));
    kubectl = new Kubectl(plane.kubeconfig, join(work, 'cache'));
    await kubectl.ok(['create', 'namespace', NS]);
  });

  after(async () => {
    await plane.stop();
    removeDir(plane.dataDir);
    removeDir(work);
  });

  const file = (name: string, text: string): string => writeFileIn(work, name, text);
  const get = (name = 'web'): Promise<DeploymentJson> => kubectl.json<DeploymentJson>(['get', 'deployment', name, '-n', NS, '--show-managed-fields']);
  const owner = (d: DeploymentJson, manager: string): ManagedFieldsEntry | undefined => d.metadata.managedFields?.find((e) => e.manager === manager);

  test('two managers own different fields; a third apply conflicts, then forces', async () => {
    assert.match(
      await kubectl.ok(['apply', '--server-side', '--field-manager=a', '-f', file('a.yaml', OWNER_A('nginx:1'))]),
      /deployment.apps\/web serverside-applied/,
    );
    assert.match(await kubectl.ok(['apply', '--server-side', '--field-manager=b', '-f', file('b.yaml', OWNER_B)]), /deployment.apps\/web serverside-applied/);
    let live = await get();
    assert.equal(live.spec.template.spec.containers[0]?.image, 'nginx:1');
    assert.deepEqual(live.spec.template.spec.containers[0]?.env, [{ name: 'MODE', value: 'blue' }]);
    const a = JSON.stringify(owner(live, 'a')?.fieldsV1);
    const b = JSON.stringify(owner(live, 'b')?.fieldsV1);
    assert.equal(owner(live, 'a')?.operation, 'Apply');
    assert.match(a, /"f:replicas":\{\}/);
    assert.match(a, /"f:image":\{\}/);
    assert.doesNotMatch(a, /f:env/);
    assert.match(b, /"k:\{\\"name\\":\\"MODE\\"\}"/);
    assert.doesNotMatch(b, /f:replicas|f:image/);

    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=c', '-f', file('c.yaml', SCALER)]);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "a": \.spec\.replicas/);
    assert.match(conflict.stderr, /--force-conflicts/);
    assert.equal((await get()).spec.replicas, 2);

    await kubectl.ok(['apply', '--server-side', '--field-manager=c', '--force-conflicts', '-f', file('c.yaml', SCALER)]);
    live = await get();
    assert.equal(live.spec.replicas, 5);
    assert.deepEqual(owner(live, 'c')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.doesNotMatch(JSON.stringify(owner(live, 'a')?.fieldsV1), /f:replicas/);
    // without --show-managed-fields kubectl hides them
    const plain = await kubectl.ok(['get', 'deployment', 'web', '-n', NS, '-o', 'yaml']);
    assert.doesNotMatch(plain, /managedFields/);
  });

  test('kubectl diff shows a pending change and changes nothing', async () => {
    const before = await get();
    // `a` lost .spec.replicas to `c`: it applies without them from now on
    const changed = file('a2.yaml', OWNER_A('nginx:2', ''));
    const conflicting = await kubectl.run(['diff', '--server-side', '--field-manager=a', '-f', file('a-conflict.yaml', OWNER_A('nginx:2', 'replicas: 3'))]);
    assert.match(conflicting.stderr, /Apply failed with 1 conflict: conflict with "c": \.spec\.replicas/);
    for (const args of [
      ['diff', '--server-side', '--field-manager=a', '-f', changed],
      ['diff', '-f', changed],
    ]) {
      const diff = await kubectl.run(args);
      assert.equal(diff.code, 1, `${args.join(' ')}: ${diff.stderr}`);
      assert.match(diff.stdout, /^-\s+image: nginx:1$/m);
      assert.match(diff.stdout, /^\+\s+image: nginx:2$/m);
    }
    const unchanged = await kubectl.run(['diff', '--server-side', '--field-manager=b', '-f', file('b.yaml', OWNER_B)]);
    assert.equal(unchanged.code, 0, unchanged.stdout + unchanged.stderr);
    const after = await get();
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(after.spec.template.spec.containers[0]?.image, 'nginx:1');
  });

  test('apply --dry-run=server prints the result and changes nothing', async () => {
    const before = await get();
    const changed = file('a2.yaml', OWNER_A('nginx:2', ''));
    const out = await kubectl.ok(['apply', '--server-side', '--field-manager=a', '--dry-run=server', '-f', changed, '-o', 'json']);
    const printed = JSON.parse(out) as DeploymentJson;
    assert.equal(printed.spec.template.spec.containers[0]?.image, 'nginx:2');
    assert.equal(printed.spec.replicas, 5);
    assert.match(await kubectl.ok(['apply', '--server-side', '--field-manager=a', '--dry-run=server', '-f', changed]), /serverside-applied \(server dry run\)/);
    const created = await kubectl.ok(['apply', '--dry-run=server', '-f', file('new.yaml', OWNER_A('nginx:3').replace('name: web', 'name: web-dry'))]);
    assert.match(created, /deployment.apps\/web-dry created \(server dry run\)/);
    const after = await get();
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(after.spec.template.spec.containers[0]?.image, 'nginx:1');
    const missing = await kubectl.run(['get', 'deployment', 'web-dry', '-n', NS]);
    assert.notEqual(missing.code, 0);
  });

  test('client-side apply then server-side apply migrates the ownership without conflicts', async () => {
    const path = file('m.yaml', OWNER_A('nginx:1').replace('name: web', 'name: migrated'));
    await kubectl.ok(['apply', '-f', path]);
    let live = await get('migrated');
    assert.equal(owner(live, 'kubectl-client-side-apply')?.operation, 'Update');
    await kubectl.ok(['apply', '--server-side', '-f', file('m2.yaml', OWNER_A('nginx:2').replace('name: web', 'name: migrated'))]);
    live = await get('migrated');
    assert.equal(live.spec.template.spec.containers[0]?.image, 'nginx:2');
    assert.equal(owner(live, 'kubectl')?.operation, 'Apply');
    assert.match(JSON.stringify(owner(live, 'kubectl')?.fieldsV1), /f:image/);
    assert.equal(owner(live, 'kubectl-client-side-apply'), undefined, 'kubectl moved the client-side fields to its own manager');
    assert.ok(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']?.includes('nginx:2'));
  });
});
