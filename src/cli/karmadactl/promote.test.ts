import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { FakeApiServer } from '../../client/fake-api-server.js';
import { runPromote, validatePromote, type PromoteFlags } from './promote.js';
import { gvrString, promotedTemplate, promotePolicy } from './promote-objects.js';

const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };
const PP = { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy' };

function memberDeployment(extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'nginx',
      namespace: 'default',
      labels: { app: 'nginx' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', envFrom: [{ configMapRef: { name: 'nginx-config' } }] }] },
      },
    },
    status: { replicas: 2, readyReplicas: 2 },
    ...extra,
  };
}

function setup(): {
  karmada: FakeApiServer;
  member: FakeApiServer;
  out: string[];
  warnings: string[];
  io: { out: (t: string) => void; warn: (t: string) => void };
} {
  const karmada = new FakeApiServer();
  const member = new FakeApiServer();
  member.seed('deployments', memberDeployment());
  const out: string[] = [];
  const warnings: string[] = [];
  return { karmada, member, out, warnings, io: { out: (t) => void out.push(t), warn: (t) => void warnings.push(t) } };
}

const FLAGS: PromoteFlags & { namespace: string } = { namespace: 'default', cluster: 'member1' };

describe('promote objects', () => {
  it('prints Go GroupVersionResource strings', () => {
    assert.equal(gvrString('apps', 'v1', 'deployments'), 'apps/v1, Resource=deployments');
    assert.equal(gvrString('', 'v1', 'secrets'), '/v1, Resource=secrets');
  });

  it('turns the member object into a template: server fields and status gone, overwrite marked', () => {
    const template = promotedTemplate({
      ...memberDeployment(),
      metadata: { ...memberDeployment().metadata, uid: 'u1', resourceVersion: '7', creationTimestamp: 'x', generation: 3, managedFields: [] },
    });
    assert.deepEqual(template.metadata, {
      name: 'nginx',
      namespace: 'default',
      labels: { app: 'nginx' },
      annotations: { 'work.karmada.io/conflict-resolution': 'overwrite' },
    });
    assert.equal(template['status'], undefined);
  });

  it('keeps a conflict-resolution the user already chose', () => {
    const t = promotedTemplate({ ...memberDeployment(), metadata: { name: 'a', annotations: { 'work.karmada.io/conflict-resolution': 'abort' } } });
    assert.equal(t.metadata.annotations?.['work.karmada.io/conflict-resolution'], 'abort');
  });

  it('builds a PropagationPolicy for namespaced and a ClusterPropagationPolicy for cluster-scoped objects', () => {
    const pp = promotePolicy({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' }, 'member1');
    assert.equal(pp.kind, 'PropagationPolicy');
    assert.equal(pp.metadata.namespace, 'default');
    assert.match(pp.metadata.name ?? '', /^nginx-[0-9a-z]+$/);
    assert.deepEqual(pp['spec'], {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }],
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      conflictResolution: 'Overwrite',
      preserveResourcesOnDeletion: true,
    });
    const cpp = promotePolicy({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'r', namespace: '' }, 'm2', {
      policyName: 'mine',
      dependencies: true,
    });
    assert.equal(cpp.kind, 'ClusterPropagationPolicy');
    assert.deepEqual(cpp.metadata, { name: 'mine' });
    assert.equal((cpp['spec'] as { propagateDeps?: boolean }).propagateDeps, true);
  });
});

describe('runPromote', () => {
  it('validates arguments and flags as Karmada does', () => {
    assert.throws(() => validatePromote(['deploy'], FLAGS), /incorrect command format/);
    assert.throws(() => validatePromote(['deploy', 'x'], { namespace: 'default' }), /the cluster cannot be empty/);
    assert.throws(() => validatePromote(['deploy', 'x'], { ...FLAGS, output: 'wide' }), /supported formats are json and yaml/);
  });

  it('creates the template and a policy targeting the member, and says so', async () => {
    const { karmada, member, out, io } = setup();
    await runPromote(karmada.client, member.client, ['deploy', 'nginx'], FLAGS, io);
    const template = await karmada.client.get(DEPLOY, 'nginx', { namespace: 'default' });
    assert.equal(template.metadata.annotations?.['work.karmada.io/conflict-resolution'], 'overwrite');
    assert.equal(template['status'], undefined);
    const policies = (await karmada.client.list(PP, { namespace: 'default' })).items;
    assert.equal(policies.length, 1);
    const policyName = policies[0]?.metadata.name ?? '';
    assert.deepEqual(out, [
      'ResourceTemplate (default/nginx) is created successfully',
      `PropagationPolicy (default/${policyName}) is created successfully`,
      'Resource "apps/v1, Resource=deployments"(default/nginx) is promoted successfully',
    ]);
  });

  it('leaves an object that already exists in the control plane alone, with a warning', async () => {
    const { karmada, member, out, warnings, io } = setup();
    karmada.seed('deployments', memberDeployment());
    await runPromote(karmada.client, member.client, ['deployment', 'nginx'], FLAGS, io);
    assert.deepEqual(out, []);
    assert.match(warnings[0] ?? '', /already exist in karmada control plane/);
    assert.equal((await karmada.client.list(PP, { namespace: 'default' })).items.length, 0);
  });

  it('fails clearly when the member has no such object', async () => {
    const { karmada, member, io } = setup();
    await assert.rejects(
      runPromote(karmada.client, member.client, ['deploy', 'nope'], FLAGS, io),
      /failed to get resource in cluster\(member1\)\. err: the deploy or nope don't exist in cluster\(member1\)/,
    );
  });

  it('-o yaml prints the template and policy without writing', async () => {
    const { karmada, member, out, io } = setup();
    await runPromote(karmada.client, member.client, ['deploy', 'nginx'], { ...FLAGS, output: 'yaml' }, io);
    const docs = parseAllDocuments(out.join('\n')).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['Deployment', 'PropagationPolicy'],
    );
    assert.equal((await karmada.client.list(DEPLOY, { namespace: 'default' })).items.length, 0);
  });

  it('--auto-create-policy=false creates only the template; --dry-run writes nothing', async () => {
    const { karmada, member, io } = setup();
    await runPromote(karmada.client, member.client, ['deploy', 'nginx'], { ...FLAGS, dryRun: true }, io);
    assert.equal((await karmada.client.list(DEPLOY, { namespace: 'default' })).items.length, 0);
    await runPromote(karmada.client, member.client, ['deploy', 'nginx'], { ...FLAGS, autoCreatePolicy: false }, io);
    assert.equal((await karmada.client.list(DEPLOY, { namespace: 'default' })).items.length, 1);
    assert.equal((await karmada.client.list(PP, { namespace: 'default' })).items.length, 0);
  });

  it('--dependencies promotes the ConfigMap the Deployment uses and sets propagateDeps', async () => {
    const { karmada, member, out, io } = setup();
    member.seed('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nginx-config', namespace: 'default', uid: 'c1' }, data: { a: 'b' } });
    await runPromote(karmada.client, member.client, ['deploy', 'nginx'], { ...FLAGS, dependencies: true }, io);
    const cm = await karmada.client.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'nginx-config', { namespace: 'default' });
    assert.deepEqual(cm['data'], { a: 'b' });
    assert.equal(cm.metadata.annotations?.['work.karmada.io/conflict-resolution'], 'overwrite');
    const policy = (await karmada.client.list(PP, { namespace: 'default' })).items[0];
    assert.equal((policy?.['spec'] as { propagateDeps?: boolean } | undefined)?.propagateDeps, true);
    assert.equal(out[0], 'Dependency resource "/v1, Resource=configmaps"(default/nginx-config) is promoted successfully');
  });
});
