import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { RawClient } from '../framework/raw-client.js';
import { writeFileIn } from '../framework/work-files.js';

const DEPLOYMENT = (image: string, replicas = 2): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: e2e
  labels: {app: web}
spec:
  replicas: ${replicas}
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

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

describe('API server with the real kubectl (karmada up --members 0)', { timeout: 300_000 }, () => {
  let plane: KarmadaProcess;
  let kubectl: Kubectl;
  let raw: RawClient;
  let work: string;

  before(async () => {
    plane = await startKarmada(['up', '--members', '0', '--port', '0']);
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-files-'));
    kubectl = new Kubectl(plane.kubeconfig, join(work, 'cache'));
    raw = new RawClient(plane.kubeconfig);
    await kubectl.ok(['create', 'namespace', 'e2e']);
  });

  after(async () => {
    await plane.stop();
    removeDir(plane.dataDir);
    removeDir(work);
  });

  const file = (name: string, text: string): string => writeFileIn(work, name, text);

  test('api-resources lists built-in and Karmada kinds with short names', async () => {
    const out = await kubectl.ok(['api-resources']);
    assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(out, /^propagationpolicies\s+pp\s+policy\.karmada\.io\/v1alpha1\s+true\s+PropagationPolicy$/m);
    assert.match(out, /^resourcebindings\s+rb\s+work\.karmada\.io\/v1alpha2\s+true\s+ResourceBinding$/m);
    assert.match(out, /^clusters\s+.*cluster\.karmada\.io\/v1alpha1\s+false\s+Cluster$/m);
  });

  test('anonymous requests get 401 except health and version', async () => {
    assert.equal((await raw.request('GET', '/api/v1/namespaces', { anonymous: true })).status, 401);
    for (const path of ['/healthz', '/livez', '/readyz', '/version']) {
      assert.equal((await raw.request('GET', path, { anonymous: true })).status, 200, path);
    }
  });

  test('apply creates, a second apply is unchanged, a changed apply configures', async () => {
    const path = file('web.yaml', DEPLOYMENT('nginx:1.25'));
    assert.match(await kubectl.ok(['apply', '-f', path]), /deployment.apps\/web created/);
    assert.match(await kubectl.ok(['apply', '-f', path]), /deployment.apps\/web unchanged/);
    const changed = file('web2.yaml', DEPLOYMENT('nginx:1.26'));
    assert.match(await kubectl.ok(['apply', '-f', changed]), /deployment.apps\/web configured/);
    assert.equal(await kubectl.ok(['get', 'deploy', 'web', '-n', 'e2e', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.26');
  });

  test('create -f refuses an existing object with AlreadyExists', async () => {
    const path = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: e2e, labels: {tier: conf}}\ndata: {a: "1"}\n');
    assert.match(await kubectl.ok(['create', '-f', path]), /configmap\/settings created/);
    const again = await kubectl.run(['create', '-f', path]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /Error from server \(AlreadyExists\): error when creating ".*cm.yaml": configmaps "settings" already exists/);
  });

  test('get with output formats, -A, -l and --chunk-size', async () => {
    const wide = await kubectl.ok(['get', 'deploy', '-n', 'e2e', '-o', 'wide']);
    assert.match(wide, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    assert.match(wide, /^web\s+0\/2\s+0\s+0\s+\S+\s+web\s+nginx:1.26\s+app=web$/m);
    const yaml = await kubectl.ok(['get', 'deploy', 'web', '-n', 'e2e', '-o', 'yaml']);
    assert.match(yaml, /^kind: Deployment$/m);
    assert.match(yaml, /resourceVersion: "\d+"/);
    const json = await kubectl.json<{ metadata: { uid: string; generation: number } }>(['get', 'deploy', 'web', '-n', 'e2e']);
    assert.match(json.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(json.metadata.generation, 2);
    assert.equal((await kubectl.ok(['get', 'deploy', '-n', 'e2e', '-o', 'name'])).trim(), 'deployment.apps/web');
    const all = await kubectl.ok(['get', 'configmaps', '-A']);
    assert.match(all, /^NAMESPACE\s+NAME\s+DATA\s+AGE$/m);
    assert.match(all, /^e2e\s+settings\s+1\s+/m);
    assert.equal((await kubectl.ok(['get', 'cm', '-A', '-l', 'tier=conf', '-o', 'name'])).trim(), 'configmap/settings');
    assert.equal((await kubectl.ok(['get', 'cm', '-A', '-l', 'tier!=conf', '-o', 'name'])).trim(), '');
    for (const name of ['c1', 'c2', 'c3']) {
      await kubectl.ok(['create', 'configmap', name, '-n', 'e2e', '--from-literal=k=v']);
    }
    const chunked = await kubectl.ok(['get', 'cm', '-n', 'e2e', '--chunk-size=1', '-o', 'name']);
    assert.deepEqual(chunked.trim().split('\n'), ['configmap/c1', 'configmap/c2', 'configmap/c3', 'configmap/settings']);
  });

  test('get -w receives a later change', async () => {
    const watch = kubectl.run(['get', 'deploy', 'web', '-n', 'e2e', '-w', '--request-timeout=6s'], undefined, 15_000);
    await new Promise((r) => setTimeout(r, 2000));
    await kubectl.ok(['scale', 'deploy', 'web', '-n', 'e2e', '--replicas=3']);
    const result = await watch;
    assert.match(result.stdout, /^web\s+0\/2\s+/m);
    assert.match(result.stdout, /^web\s+0\/3\s+/m);
  });

  test('describe, scale and the three patch types', async () => {
    const described = await kubectl.ok(['describe', 'deploy', 'web', '-n', 'e2e']);
    assert.match(described, /^Name:\s+web$/m);
    assert.match(described, /^Selector:\s+app=web$/m);
    assert.match(await kubectl.ok(['scale', 'deploy', 'web', '-n', 'e2e', '--replicas=4']), /scaled/);
    assert.equal(await kubectl.ok(['get', 'deploy', 'web', '-n', 'e2e', '-o', 'jsonpath={.spec.replicas}']), '4');
    await kubectl.ok(['patch', 'deploy', 'web', '-n', 'e2e', '--type=merge', '-p', '{"spec":{"replicas":5}}']);
    await kubectl.ok(['patch', 'deploy', 'web', '-n', 'e2e', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/patched","value":"json"}]']);
    await kubectl.ok(['patch', 'deploy', 'web', '-n', 'e2e', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}']);
    const deploy = await kubectl.json<{
      spec: { replicas: number; template: { spec: { containers: { name: string }[] } } };
      metadata: { labels: Record<string, string> };
    }>(['get', 'deploy', 'web', '-n', 'e2e']);
    assert.equal(deploy.spec.replicas, 5);
    assert.equal(deploy.metadata.labels['patched'], 'json');
    // strategic merge: the new container is merged by name beside the existing one (not replacing the list)
    assert.deepEqual(deploy.spec.template.spec.containers.map((c) => c.name).sort(), ['sidecar', 'web']);
  });

  test('label and annotate, and 409 with a stale --resource-version', async () => {
    await kubectl.ok(['label', 'deploy', 'web', '-n', 'e2e', 'team=a']);
    await kubectl.ok(['annotate', 'deploy', 'web', '-n', 'e2e', 'note=hello']);
    const deploy = await kubectl.json<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> } }>([
      'get',
      'deploy',
      'web',
      '-n',
      'e2e',
    ]);
    assert.equal(deploy.metadata.labels['team'], 'a');
    assert.equal(deploy.metadata.annotations['note'], 'hello');
    await kubectl.ok(['label', 'deploy', 'web', '-n', 'e2e', 'team-']);
    const stale = await kubectl.run(['label', 'deploy', 'web', '-n', 'e2e', 'x=y', '--resource-version=1']);
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /Error from server \(Conflict\): Operation cannot be fulfilled on deployments.apps "web": the object has been modified/);
  });

  test('wait --for=condition on status written through the status subresource', async () => {
    const waiting = kubectl.run(['wait', '--for=condition=Available', 'deploy/web', '-n', 'e2e', '--timeout=30s'], undefined, 40_000);
    await new Promise((r) => setTimeout(r, 1500));
    const current = (await raw.request('GET', '/apis/apps/v1/namespaces/e2e/deployments/web')).json<Record<string, unknown>>();
    current['status'] = { replicas: 5, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] };
    current['spec'] = { changed: 'ignored by the status subresource' };
    const put = await raw.request('PUT', '/apis/apps/v1/namespaces/e2e/deployments/web/status', {
      body: JSON.stringify(current),
      contentType: 'application/json',
    });
    assert.equal(put.status, 200, put.body);
    const result = await waiting;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /deployment.apps\/web condition met/);
    assert.equal(await kubectl.ok(['get', 'deploy', 'web', '-n', 'e2e', '-o', 'jsonpath={.spec.replicas}']), '5', 'status writes keep the spec');
  });

  test('a custom resource is served after its CRD and supports status and wait', async () => {
    await kubectl.ok(['apply', '-f', file('crd.yaml', CRD)]);
    await kubectl.ok(['apply', '-f', file('w.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: e2e}\nspec: {size: 3}\n')]);
    assert.match(await kubectl.ok(['get', 'wd', '-n', 'e2e']), /^NAME\s+SIZE\nw1\s+3$/m);
    const smp = await kubectl.run(['patch', 'widget', 'w1', '-n', 'e2e', '-p', '{"spec":{"size":4}}']);
    assert.notEqual(smp.code, 0);
    assert.match(smp.stderr, /application\/strategic-merge-patch\+json is not supported/);
    await kubectl.ok(['patch', 'widget', 'w1', '-n', 'e2e', '--type=merge', '-p', '{"spec":{"size":4}}']);
    const waiting = kubectl.run(['wait', '--for=condition=Ready', 'widget/w1', '-n', 'e2e', '--timeout=30s'], undefined, 40_000);
    await new Promise((r) => setTimeout(r, 1500));
    const patched = await raw.request('PATCH', '/apis/example.com/v1/namespaces/e2e/widgets/w1/status', {
      body: JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }),
      contentType: 'application/merge-patch+json',
    });
    assert.equal(patched.status, 200, patched.body);
    const result = await waiting;
    assert.equal(result.code, 0, result.stderr);
    await kubectl.ok(['delete', 'crd', 'widgets.example.com']);
    const gone = await kubectl.run(['get', 'widgets', '-n', 'e2e']);
    assert.notEqual(gone.code, 0);
  });

  test('CRD schemas: validation (422 naming fields), pruning, defaults, two served versions, scale subresource', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, default: blue, enum: [blue, red]}
          status:
            type: object
            properties:
              size: {type: integer}
  - name: v2
    served: true
    storage: false
    subresources:
      scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.size}
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
    await kubectl.ok(['apply', '-f', file('gadget-crd.yaml', crd)]);
    const bad = await kubectl.run([
      'apply',
      '-f',
      file('bad-gadget.yaml', 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g0, namespace: e2e}\nspec: {size: 0, color: green}\n'),
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /The Gadget "g0" is invalid/);
    assert.match(bad.stderr, /spec\.color: Unsupported value: "green": supported values: "blue", "red"/);
    assert.match(bad.stderr, /spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/);
    // unknown fields are pruned (and reported) when validation is not strict; defaults are filled
    await kubectl.ok([
      'apply',
      '--validate=false',
      '-f',
      file('gadget.yaml', 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1, namespace: e2e}\nspec: {size: 2, extra: yes}\n'),
    ]);
    assert.equal(await kubectl.ok(['get', 'gadget', 'g1', '-n', 'e2e', '-o', 'jsonpath={.spec}']), '{"color":"blue","size":2}');
    const strict = await kubectl.run([
      'create',
      '-f',
      file('gadget-strict.yaml', 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g2, namespace: e2e}\nspec: {size: 2, extra: yes}\n'),
    ]);
    assert.match(strict.stderr, /strict decoding error: unknown field "spec.extra"/);
    // the same object through the second served version
    assert.equal(await kubectl.ok(['get', 'gadgets.v2.example.com', 'g1', '-n', 'e2e', '-o', 'jsonpath={.apiVersion} {.spec.size}']), 'example.com/v2 2');
    await kubectl.ok(['scale', 'gadget', 'g1', '-n', 'e2e', '--replicas=5']);
    assert.equal(await kubectl.ok(['get', 'gadget', 'g1', '-n', 'e2e', '-o', 'jsonpath={.spec.size}']), '5');
    await kubectl.ok(['delete', 'crd', 'gadgets.example.com']);
  });

  test('delete waits until the object is gone', async () => {
    assert.match(await kubectl.ok(['delete', 'deploy', 'web', '-n', 'e2e']), /deployment.apps "web" deleted/);
    const after = await kubectl.run(['get', 'deploy', 'web', '-n', 'e2e']);
    assert.match(after.stderr, /Error from server \(NotFound\): deployments.apps "web" not found/);
  });

  test('garbage collection: background, orphan and foreground cascades', async () => {
    const owned = async (suffix: string): Promise<void> => {
      const uid = (await kubectl.ok(['create', 'configmap', `owner-${suffix}`, '-n', 'e2e', '-o', 'jsonpath={.metadata.uid}'])).trim();
      const dependent = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dep-${suffix}\n  namespace: e2e\n  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner-${suffix}, uid: ${uid}, blockOwnerDeletion: true}]\n`;
      await kubectl.ok(['create', '-f', '-'], dependent);
    };
    for (const mode of ['background', 'orphan', 'foreground']) {
      await owned(mode);
      await kubectl.ok(['delete', 'configmap', `owner-${mode}`, '-n', 'e2e', `--cascade=${mode}`]);
    }
    const deadline = Date.now() + 15_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      names = (await kubectl.ok(['get', 'cm', '-n', 'e2e', '-o', 'name'])).split('\n').filter((n) => /dep-|owner-/.test(n));
      if (names.length === 1) {
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.deepEqual(names, ['configmap/dep-orphan']);
    assert.equal(await kubectl.ok(['get', 'cm', 'dep-orphan', '-n', 'e2e', '-o', 'jsonpath={.metadata.ownerReferences}']), '');
  });

  for (const minor of [32, 33]) {
    test(`imperative create commands with kubectl 1.${minor} (protobuf bodies)`, async () => {
      const versioned = new Kubectl(plane.kubeconfig, join(work, `cache-${minor}`), minor);
      const ns = `imperative-${minor}`;
      await versioned.ok(['create', 'namespace', ns]);
      await versioned.ok(['create', 'configmap', 'cfg', '-n', ns, '--from-literal=key=value']);
      await versioned.ok(['create', 'secret', 'generic', 'sec', '-n', ns, '--from-literal=password=s3cret']);
      await versioned.ok(['create', 'deployment', 'app', '-n', ns, '--image=nginx:1.27', '--replicas=2']);
      assert.equal(await versioned.ok(['get', 'cm', 'cfg', '-n', ns, '-o', 'jsonpath={.data.key}']), 'value');
      assert.equal(await versioned.ok(['get', 'secret', 'sec', '-n', ns, '-o', 'jsonpath={.data.password}']), Buffer.from('s3cret').toString('base64'));
      assert.equal(
        await versioned.ok(['get', 'deploy', 'app', '-n', ns, '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}']),
        '2 nginx:1.27',
      );
    });
  }

  // Karmada's samples stay in ../shared (not copied into this tree)
  const samples = join(REPO_ROOT, '..', 'shared', 'conformance', 'karmada-samples');
  test("Karmada's sample YAMLs apply cleanly", { skip: existsSync(samples) ? false : `no ${samples}` }, async () => {
    for (const dir of readdirSync(samples, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)) {
      const files = readdirSync(join(samples, dir)).sort((a, b) => Number(b.includes('crd')) - Number(a.includes('crd')));
      for (const name of files.filter((f) => f.endsWith('.yaml'))) {
        const result = await kubectl.run(['apply', '-n', 'e2e', '-f', join(samples, dir, name)]);
        assert.equal(result.code, 0, `${dir}/${name}: ${result.stderr}`);
      }
    }
    assert.match(await kubectl.ok(['get', 'pp', '-n', 'e2e']), /nginx-propagation/);
  });
});

describe('persistence across SIGKILL (SQLite)', { timeout: 180_000 }, () => {
  test('objects keep their uid and resourceVersion after kill and restart', async () => {
    const first = await startKarmada(['up', '--members', '0', '--port', '0']);
    const work = mkdtempSync(join(tmpdir(), 'karmada-e2e-kill-'));
    try {
      const kubectl = new Kubectl(first.kubeconfig, join(work, 'cache'));
      await kubectl.ok(['create', 'namespace', 'keep']);
      for (let i = 0; i < 20; i++) {
        await kubectl.ok(['create', 'configmap', `cm-${i}`, '-n', 'keep', `--from-literal=i=${i}`]);
      }
      const before = await kubectl.json<{ items: { metadata: { name: string; uid: string; resourceVersion: string } }[] }>(['get', 'cm', '-n', 'keep']);
      await first.kill();
      const second = await startKarmada(['up', '--members', '0', '--port', '0'], { dataDir: first.dataDir });
      try {
        const kubectl2 = new Kubectl(second.kubeconfig, join(work, 'cache2'));
        const afterList = await kubectl2.json<{ items: { metadata: { name: string; uid: string; resourceVersion: string } }[] }>(['get', 'cm', '-n', 'keep']);
        const pick = (l: typeof before): string[] => l.items.map((i) => `${i.metadata.name} ${i.metadata.uid} ${i.metadata.resourceVersion}`).sort();
        assert.equal(before.items.length, 20);
        assert.deepEqual(pick(afterList), pick(before));
      } finally {
        await second.stop();
      }
    } finally {
      removeDir(first.dataDir);
      removeDir(work);
    }
  });
});
