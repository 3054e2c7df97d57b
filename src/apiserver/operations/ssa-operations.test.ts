import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { ensureServerPki } from '../../pki/pki-dir.js';
import { MemoryStore } from '../../storage/memory/memory-store.js';
import { assembleApiServer } from '../assemble.js';
import { StatusError } from '../status-error.js';
import type { ResourceOperations } from './resource-operations.js';

interface Entry {
  manager?: string;
  operation: string;
  subresource?: string;
  fieldsV1: Record<string, unknown>;
}

const APPLY = 'application/apply-patch+yaml';

function deployment(name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'ns', ...extra },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      ...spec,
    },
  };
}

const body = (object: unknown): Buffer => Buffer.from(JSON.stringify(object));
/** manager/operation[/subresource] of each entry, sorted (entries written in the same second sort by name). */
const managers = (object: KubeObject): string[] =>
  ((object.metadata.managedFields ?? []) as Entry[]).map((e) => `${e.manager ?? ''}/${e.operation}${e.subresource === undefined ? '' : `/${e.subresource}`}`).sort();
const entry = (object: KubeObject, manager: string): Entry | undefined => ((object.metadata.managedFields ?? []) as Entry[]).find((e) => e.manager === manager);

async function rejected(promise: Promise<unknown>): Promise<StatusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  assert.fail('expected an error');
}

describe('ResourceOperations: server-side apply, managedFields and dry-run', () => {
  let dir: string;
  let store: MemoryStore;
  let ops: ResourceOperations;
  let deployments: ResourceInfo;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ssa-ops-'));
    store = new MemoryStore();
    const api = assembleApiServer({ store, pki: ensureServerPki(dir, 'ssa', ['127.0.0.1']), logger: pino({ level: 'silent' }) });
    ops = api.server.ops;
    const info = api.catalog.get('apps', 'v1', 'deployments');
    const namespaces = api.catalog.get('', 'v1', 'namespaces');
    assert.ok(info !== undefined && namespaces !== undefined);
    deployments = info;
    await api.server.registry.create(namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  });

  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('apply creates a missing object (201) and records the applier', async () => {
    const result = await ops.patch(deployments, 'ns', 'a1', APPLY, body(deployment('a1', { replicas: 2 })), { fieldManager: 'kubectl' });
    assert.equal(result.created, true);
    assert.deepEqual(managers(result.object), ['kubectl/Apply']);
    assert.deepEqual(entry(result.object, 'kubectl')?.fieldsV1['f:spec'] !== undefined, true);
    const again = await ops.patch(deployments, 'ns', 'a1', APPLY, body(deployment('a1', { replicas: 3 })), { fieldManager: 'kubectl' });
    assert.equal(again.created, undefined);
    assert.equal((again.object['spec'] as Record<string, unknown>)['replicas'], 3);
  });

  test('apply requires fieldManager, a matching kind and no managedFields', async () => {
    const missing = await rejected(ops.patch(deployments, 'ns', 'a2', APPLY, body(deployment('a2', {})), {}));
    assert.equal(missing.code, 422);
    assert.equal(missing.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const kind = await rejected(ops.patch(deployments, 'ns', 'a2', APPLY, body({ ...deployment('a2', {}), kind: 'StatefulSet' }), { fieldManager: 'm' }));
    assert.equal(kind.code, 400);
    assert.equal(kind.message, 'invalid object type: apps/v1, Kind=StatefulSet');
    const version = await rejected(ops.patch(deployments, 'ns', 'a2', APPLY, body({ ...deployment('a2', {}), apiVersion: 'v1' }), { fieldManager: 'm' }));
    assert.equal(version.message, 'invalid object type: /v1, Kind=Deployment');
    const managed = await rejected(ops.patch(deployments, 'ns', 'a2', APPLY, body(deployment('a2', {}, { managedFields: [] })), { fieldManager: 'm' }));
    assert.equal(managed.message, 'metadata.managedFields must be nil');
  });

  test('a conflicting apply gets 409 with one cause per field; force takes the field', async () => {
    await ops.patch(deployments, 'ns', 'c1', APPLY, body(deployment('c1', { replicas: 2 })), { fieldManager: 'a' });
    const conflict = await rejected(ops.patch(deployments, 'ns', 'c1', APPLY, body({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'c1' }, spec: { replicas: 4 } }), { fieldManager: 'b' }));
    assert.equal(conflict.code, 409);
    assert.equal(conflict.message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
    assert.deepEqual(conflict.toStatus().details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.replicas' }]);
    const forced = await ops.patch(deployments, 'ns', 'c1', APPLY, body({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'c1' }, spec: { replicas: 4 } }), { fieldManager: 'b', force: true });
    assert.equal((forced.object['spec'] as Record<string, unknown>)['replicas'], 4);
    assert.deepEqual(entry(forced.object, 'b')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.equal(JSON.stringify(entry(forced.object, 'a')?.fieldsV1).includes('f:replicas'), false);
  });

  test('an apply carrying a stale resourceVersion is refused; without one it is unconditional', async () => {
    const first = await ops.patch(deployments, 'ns', 'rv1', APPLY, body(deployment('rv1', { replicas: 1 })), { fieldManager: 'a' });
    await ops.patch(deployments, 'ns', 'rv1', APPLY, body(deployment('rv1', { replicas: 2 })), { fieldManager: 'a' });
    const stale = await rejected(ops.patch(deployments, 'ns', 'rv1', APPLY, body(deployment('rv1', { replicas: 3 }, { resourceVersion: first.object.metadata.resourceVersion })), { fieldManager: 'a' }));
    assert.equal(stale.code, 409);
    assert.match(stale.message, /the object has been modified/);
  });

  test('custom resources without a schema: metadata typed, lists atomic, maps granular', async () => {
    const policies = (await import('../../api/catalog/catalog.js')).ResourceCatalog.withDefaults().get('policy.karmada.io', 'v1alpha1', 'propagationpolicies');
    assert.ok(policies !== undefined);
    const policy = (clusters: string[], labels: Record<string, string>): KubeObject => ({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'pp', namespace: 'ns', labels },
      spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'ns' }], placement: { clusterAffinity: { clusterNames: clusters } } },
    });
    const created = await ops.patch(policies, 'ns', 'pp', APPLY, body(policy(['m1'], { a: '1' })), { fieldManager: 'a' });
    assert.equal(created.created, true);
    const fields = entry(created.object, 'a')?.fieldsV1 as Record<string, Record<string, unknown>>;
    assert.deepEqual(fields['f:metadata'], { 'f:labels': { 'f:a': {} } });
    assert.deepEqual(fields['f:spec']?.['f:resourceSelectors'], {}, 'an untyped list is atomic');
    const conflict = await rejected(ops.patch(policies, 'ns', 'pp', APPLY, body(policy(['m2'], { b: '2' })), { fieldManager: 'b' }));
    assert.equal(conflict.message, 'Apply failed with 1 conflict: conflict with "a": .spec.placement.clusterAffinity.clusterNames');
  });

  test('create, update and patch record their managers; defaulted fields belong to the creator', async () => {
    const created = await ops.create(deployments, 'ns', deployment('u1', { replicas: 1 }), { fieldManager: 'kubectl-create' });
    assert.deepEqual(managers(created.object), ['kubectl-create/Update']);
    const createdFields = JSON.stringify(entry(created.object, 'kubectl-create')?.fieldsV1);
    assert.match(createdFields, /f:progressDeadlineSeconds/);
    assert.match(createdFields, /f:terminationMessagePath/);

    const edited = structuredClone(created.object);
    (edited['spec'] as Record<string, unknown>)['replicas'] = 5;
    const updated = await ops.update(deployments, 'ns', 'u1', edited, { userAgent: 'kubectl/v1.32.5 (linux/amd64) kubernetes/abc' });
    assert.deepEqual(managers(updated.object), ['kubectl-create/Update', 'kubectl/Update'].sort());
    assert.deepEqual(entry(updated.object, 'kubectl')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });

    const labelled = await ops.patch(deployments, 'ns', 'u1', 'application/merge-patch+json', body({ metadata: { labels: { team: 'x' } } }), { fieldManager: 'kubectl-label' });
    assert.deepEqual(entry(labelled.object, 'kubectl-label')?.fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } });

    // a PUT of the unchanged object is a no-op: same resourceVersion, same managedFields
    const same = await ops.update(deployments, 'ns', 'u1', structuredClone(labelled.object), { fieldManager: 'other' });
    assert.equal(same.object.metadata.resourceVersion, labelled.object.metadata.resourceVersion);
    assert.deepEqual(same.object.metadata.managedFields, labelled.object.metadata.managedFields);
    // a PUT without managedFields keeps them
    const without = structuredClone(labelled.object);
    delete without.metadata.managedFields;
    (without['spec'] as Record<string, unknown>)['paused'] = true;
    const kept = await ops.update(deployments, 'ns', 'u1', without, { fieldManager: 'pauser' });
    assert.deepEqual(managers(kept.object), ['kubectl-create/Update', 'kubectl/Update', 'kubectl-label/Update', 'pauser/Update'].sort());
  });

  test('scale writes are recorded with subresource scale', async () => {
    await ops.create(deployments, 'ns', deployment('s1', { replicas: 1 }), { fieldManager: 'kubectl-create' });
    await ops.patch(deployments, 'ns', 's1', 'application/merge-patch+json', body({ spec: { replicas: 3 } }), { subresource: 'scale', userAgent: 'kubectl/v1.32.5' });
    const object = await ops.get(deployments, 'ns', 's1');
    assert.deepEqual(managers(object), ['kubectl-create/Update', 'kubectl/Update/scale'].sort());
    assert.deepEqual(entry(object, 'kubectl')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  });

  test(
    'status writes are recorded with subresource status',
    async () => {
      await ops.create(deployments, 'ns', deployment('st1', { replicas: 1 }), { fieldManager: 'kubectl-create' });
      await ops.patch(deployments, 'ns', 'st1', 'application/merge-patch+json', body({ status: { replicas: 1 } }), { subresource: 'status', fieldManager: 'kcm' });
      const object = await ops.get(deployments, 'ns', 'st1');
      assert.deepEqual(managers(object), ['kcm/Update/status', 'kubectl-create/Update']);
      // status did not exist before this write, so the manager also owns the struct itself ('.'), as kube records it
      assert.deepEqual(entry(object, 'kcm')?.fieldsV1, { 'f:status': { '.': {}, 'f:replicas': {} } });
    },
  );

  test("kubectl's follow-ups after a server-side apply: the kubectl-last-applied patch and the managedFields migration", async () => {
    const annotation = '{"apiVersion":"apps/v1"}\n';
    await ops.create(deployments, 'ns', deployment('m1', { replicas: 2 }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': annotation } }), {
      fieldManager: 'kubectl-client-side-apply',
    });
    const ssa = await ops.patch(deployments, 'ns', 'm1', APPLY, body(deployment('m1', { replicas: 2 })), { fieldManager: 'kubectl' });
    const current = ssa.object.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    assert.ok(current !== undefined && current !== annotation, 'the annotation follows what kubectl applied');
    const justAnnotation = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'm1', namespace: 'ns', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': current } } };
    const saved = await ops.patch(deployments, 'ns', 'm1', APPLY, body(justAnnotation), { fieldManager: 'kubectl-last-applied' });
    assert.ok(managers(saved.object).includes('kubectl-last-applied/Apply'));
    // kubectl moves the client-side apply manager's fields to its own with a JSON patch
    const migration = [
      { op: 'test', path: '/metadata/resourceVersion', value: saved.object.metadata.resourceVersion },
      {
        op: 'replace',
        path: '/metadata/managedFields',
        value: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
      },
    ];
    const migrated = await ops.patch(deployments, 'ns', 'm1', 'application/json-patch+json', body(migration), { fieldManager: 'kubectl' });
    assert.deepEqual(managers(migrated.object), ['kubectl/Apply']);
    assert.equal(migrated.object.metadata.managedFields?.length, 1);
  });

  test('dry-run persists nothing on every verb and returns the result', async () => {
    const dry = { dryRun: true, fieldManager: 'dry' };
    const created = await ops.create(deployments, 'ns', deployment('d1', { replicas: 1 }), dry);
    assert.equal(created.object.metadata.name, 'd1');
    assert.deepEqual(managers(created.object), ['dry/Update']);
    await assert.rejects(ops.get(deployments, 'ns', 'd1'), /not found/);
    const applied = await ops.patch(deployments, 'ns', 'd1', APPLY, body(deployment('d1', { replicas: 1 })), dry);
    assert.equal(applied.created, true);
    await assert.rejects(ops.get(deployments, 'ns', 'd1'), /not found/);

    const real = await ops.create(deployments, 'ns', deployment('d1', { replicas: 1 }), { fieldManager: 'real' });
    const rv = real.object.metadata.resourceVersion;
    const edited = structuredClone(real.object);
    (edited['spec'] as Record<string, unknown>)['replicas'] = 9;
    assert.equal(((await ops.update(deployments, 'ns', 'd1', edited, dry)).object['spec'] as Record<string, unknown>)['replicas'], 9);
    assert.equal(((await ops.patch(deployments, 'ns', 'd1', 'application/merge-patch+json', body({ spec: { replicas: 8 } }), dry)).object['spec'] as Record<string, unknown>)['replicas'], 8);
    const dryApply = await ops.patch(deployments, 'ns', 'd1', APPLY, body({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd1' }, spec: { replicas: 7 } }), { ...dry, force: true });
    assert.equal((dryApply.object['spec'] as Record<string, unknown>)['replicas'], 7);
    assert.ok(managers(dryApply.object).includes('dry/Apply'));
    assert.equal((await ops.delete(deployments, 'ns', 'd1', { dryRun: true })).metadata.name, 'd1');
    assert.equal((await ops.deleteCollection(deployments, 'ns', {}, { dryRun: true })).length > 0, true);
    const after = await ops.get(deployments, 'ns', 'd1');
    assert.equal(after.metadata.resourceVersion, rv);
    assert.equal((after['spec'] as Record<string, unknown>)['replicas'], 1);
    assert.deepEqual(managers(after), ['real/Update']);
  });
});
