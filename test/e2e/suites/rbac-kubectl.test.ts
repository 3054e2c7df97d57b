import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createClientCertificate } from '../../../src/pki/certificates.js';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { RawClient } from '../framework/raw-client.js';

interface AdminKubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
}

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployment-reader, namespace: team}
rules:
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-reads-deployments, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployment-reader}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
`;

const FORBIDDEN_OTHER = 'Error from server (Forbidden): deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" in the namespace "other"';

describe('RBAC with the real kubectl (karmada up --token-auth-file)', { timeout: 300_000 }, () => {
  let plane: KarmadaProcess;
  let work: string;
  let admin: Kubectl;
  let alice: Kubectl;
  let carol: Kubectl;

  /** A kubeconfig for the same server with other credentials. */
  const kubeconfigFor = (name: string, user: Record<string, string>): string => {
    const config = parse(readFileSync(plane.kubeconfig, 'utf8')) as AdminKubeconfig;
    const cluster = config.clusters[0]?.cluster;
    assert.ok(cluster);
    const path = join(work, `${name}.kubeconfig`);
    writeFileSync(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'karmada', cluster }],
        users: [{ name, user }],
        contexts: [{ name, context: { cluster: 'karmada', user: name } }],
        'current-context': name,
      }),
    );
    return path;
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-rbac-'));
    const tokenFile = join(work, 'tokens.csv');
    writeFileSync(tokenFile, 'alice-secret-token,alice,1001,"devs,readers"\n');
    plane = await startKarmada(['up', '--members', '0', '--port', '0', '--token-auth-file', tokenFile]);
    admin = new Kubectl(plane.kubeconfig, join(work, 'cache-admin'));
    alice = new Kubectl(kubeconfigFor('alice', { token: 'alice-secret-token' }), join(work, 'cache-alice'));
    const pkiDir = join(plane.dataDir, 'pki');
    const ca = { certPem: readFileSync(join(pkiDir, 'ca.crt'), 'utf8'), keyPem: readFileSync(join(pkiDir, 'ca.key'), 'utf8') };
    const cert = createClientCertificate(ca, 'carol', ['system:masters']);
    carol = new Kubectl(
      kubeconfigFor('carol', {
        'client-certificate-data': Buffer.from(cert.certPem).toString('base64'),
        'client-key-data': Buffer.from(cert.keyPem).toString('base64'),
      }),
      join(work, 'cache-carol'),
    );
    for (const ns of ['team', 'other']) {
      await admin.ok(['create', 'namespace', ns]);
      await admin.ok(['create', 'deployment', `web-${ns}`, '--image=nginx', '-n', ns]);
    }
    await admin.ok(['apply', '-f', '-'], ROLE);
    // the authorizer follows storage through a watch: wait until the binding is in effect
    const deadline = Date.now() + 10_000;
    while ((await admin.run(['auth', 'can-i', 'list', 'deployments', '-n', 'team', '--as', 'alice'])).stdout.trim() !== 'yes') {
      assert.ok(Date.now() < deadline, 'the RoleBinding never took effect');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    await plane.stop();
    removeDir(plane.dataDir);
    removeDir(work);
  });

  test('the user lists Deployments in its namespace with its own token', async () => {
    const out = await alice.ok(['get', 'deployments', '-n', 'team', '-o', 'name']);
    assert.equal(out.trim(), 'deployment.apps/web-team');
    assert.match(await alice.ok(['get', 'deployment', 'web-team', '-n', 'team']), /^web-team\s/m);
  });

  test('and gets the upstream 403 elsewhere', async () => {
    const other = await alice.run(['get', 'deployments', '-n', 'other']);
    assert.notEqual(other.code, 0);
    assert.equal(other.stderr.trim(), FORBIDDEN_OTHER);
    const all = await alice.run(['get', 'deployments', '-A']);
    assert.equal(all.stderr.trim(), 'Error from server (Forbidden): deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope');
    const create = await alice.run(['create', 'configmap', 'x', '-n', 'team']);
    assert.match(create.stderr, /configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "team"/);
  });

  test('the same through kubectl --as from the admin', async () => {
    assert.equal((await admin.ok(['get', 'deployments', '-n', 'team', '-o', 'name', '--as', 'alice'])).trim(), 'deployment.apps/web-team');
    const other = await admin.run(['get', 'deployments', '-n', 'other', '--as', 'alice']);
    assert.notEqual(other.code, 0);
    assert.equal(other.stderr.trim(), FORBIDDEN_OTHER);
    // --as-group adds groups (here one that grants nothing)
    assert.equal((await admin.run(['get', 'deployments', '-n', 'other', '--as', 'alice', '--as-group', 'devs'])).code, 1);
  });

  test('kubectl auth can-i agrees (JSON and protobuf-speaking kubectl)', async () => {
    for (const minor of [31, 33]) {
      const k = new Kubectl(plane.kubeconfig, join(work, `cache-${minor}`), minor);
      const yes = await k.run(['auth', 'can-i', 'list', 'deployments', '-n', 'team', '--as', 'alice']);
      assert.deepEqual([yes.code, yes.stdout.trim()], [0, 'yes'], `kubectl 1.${minor}: ${yes.stderr}`);
      const no = await k.run(['auth', 'can-i', 'list', 'deployments', '-n', 'other', '--as', 'alice']);
      assert.deepEqual([no.code, no.stdout.trim()], [1, 'no'], `kubectl 1.${minor}: ${no.stderr}`);
    }
    assert.equal((await alice.run(['auth', 'can-i', 'get', 'deployments/web-team', '-n', 'team'])).stdout.trim(), 'yes');
    assert.equal((await alice.run(['auth', 'can-i', 'delete', 'deployments', '-n', 'team'])).stdout.trim(), 'no');
    assert.equal((await alice.run(['auth', 'can-i', 'get', '/apis'])).stdout.trim(), 'yes');
    const list = await alice.ok(['auth', 'can-i', '--list', '-n', 'team']);
    assert.match(list, /^deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    const whoami = await alice.ok(['auth', 'whoami', '-o', 'json']);
    assert.deepEqual((JSON.parse(whoami) as { status: unknown }).status, { userInfo: { username: 'alice', uid: '1001', groups: ['devs', 'readers', 'system:authenticated'] } });
  });

  test('impersonation is refused without the impersonate verb', async () => {
    const result = await alice.run(['get', 'deployments', '-n', 'team', '--as', 'bob']);
    assert.notEqual(result.code, 0);
    assert.equal(result.stderr.trim(), 'Error from server (Forbidden): users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  test('a client-certificate user in system:masters can do anything', async () => {
    assert.match(await carol.ok(['get', 'deployments', '-A']), /web-other/);
    await carol.ok(['create', 'namespace', 'carols']);
    await carol.ok(['delete', 'namespace', 'carols', '--wait=false']);
    assert.equal((await carol.ok(['auth', 'can-i', '*', '*'])).trim(), 'yes');
    const whoami = JSON.parse(await carol.ok(['auth', 'whoami', '-o', 'json'])) as { status: { userInfo: { username: string; groups: string[] } } };
    assert.deepEqual(whoami.status.userInfo, { username: 'carol', groups: ['system:masters', 'system:authenticated'] });
  });

  test('default roles are in storage and aggregated', async () => {
    const view = await admin.json<{ rules: { resources?: string[] }[] }>(['get', 'clusterrole', 'view']);
    assert.ok(view.rules.some((r) => r.resources?.includes('deployments')));
    const names = (await admin.ok(['get', 'clusterroles', '-o', 'name'])).split('\n');
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:discovery', 'system:basic-user', 'system:public-info-viewer']) {
      assert.ok(names.includes(`clusterrole.rbac.authorization.k8s.io/${name}`), name);
    }
  });

  test('raw requests: wrong token 401, anonymous 401, health public', async () => {
    const raw = new RawClient(plane.kubeconfig);
    assert.equal((await raw.request('GET', '/api/v1/namespaces', { anonymous: true })).status, 401);
    assert.equal((await raw.request('GET', '/healthz', { anonymous: true })).status, 200);
  });
});
