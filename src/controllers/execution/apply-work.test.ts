import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { Work } from '../../api/work/work.js';
import { isNotFound } from '../../client/api-error.js';
import { LayeredInterpreter } from '../../interpreter/interpreter.js';
import { NativeInterpreter } from '../../interpreter/native/native-interpreter.js';
import { fakeMember } from '../testing/fake-plane.js';
import { applyManifest, applyWork, deleteWorkResources } from './apply-work.js';
import { retainClusterFields } from './retain-metadata.js';
import { VersionRecord } from './version-record.js';

const interpreter = new LayeredInterpreter({ native: new NativeInterpreter() });
const CM = { apiVersion: 'v1', kind: 'ConfigMap' };
const SVC = { apiVersion: 'v1', kind: 'Service' };

function managed(obj: KubeObject, extra: Record<string, string> = {}): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...(obj.metadata.labels ?? {}), 'karmada.io/managed': 'true' },
      annotations: { ...(obj.metadata.annotations ?? {}), 'resourcetemplate.karmada.io/managed-labels': 'app,karmada.io/managed', ...extra },
    },
  };
}

const cm = (data: Record<string, string>, labels: Record<string, string> = { app: 'a' }): KubeObject =>
  managed({ ...CM, metadata: { name: 'cfg', namespace: 'default', labels }, data });

const work = (manifests: KubeObject[], preserve = false): Work => ({ metadata: { name: 'w', namespace: 'karmada-es-m1' }, spec: { workload: { manifests }, preserveResourcesOnDeletion: preserve } });

describe('retaining member metadata', () => {
  it('keeps member-added labels, drops labels Karmada managed before and the template removed, template wins', () => {
    const desired: KubeObject = { ...CM, metadata: { name: 'x', labels: { app: 'new' } } };
    const observed: KubeObject = {
      ...CM,
      metadata: {
        name: 'x',
        resourceVersion: '7',
        finalizers: ['f'],
        labels: { app: 'old', removed: 'yes', 'member-added': 'keep' },
        annotations: { 'resourcetemplate.karmada.io/managed-labels': 'app,removed' },
      },
    };
    const out = retainClusterFields(desired, observed);
    assert.deepEqual(out.metadata.labels, { app: 'new', 'member-added': 'keep' });
    assert.equal(out.metadata.resourceVersion, '7');
    assert.deepEqual(out.metadata.finalizers, ['f']);
    assert.deepEqual(out.metadata.annotations, { 'resourcetemplate.karmada.io/managed-labels': 'app,removed' });
  });
});

describe('applying Works to a member', () => {
  it('creates, updates, and skips no-op updates', async () => {
    const member = fakeMember();
    const versions = new VersionRecord();
    assert.equal(await applyManifest(cm({ a: '1' }), member.client, interpreter, { versions }), 'created');
    assert.equal(await applyManifest(cm({ a: '1' }), member.client, interpreter, { versions }), 'unchanged');
    assert.equal(await applyManifest(cm({ a: '2' }), member.client, interpreter, { versions }), 'updated');
    const live = await member.client.get(CM, 'cfg', { namespace: 'default' });
    assert.deepEqual(live['data'], { a: '2' });
    assert.equal(versions.needsUpdate('member', live), false);
    await member.client.update(CM, { ...live, data: { a: 'edited' } });
    assert.equal(versions.needsUpdate('member', await member.client.get(CM, 'cfg', { namespace: 'default' })), true);
  });

  it('keeps member-owned values through the interpreter (Service clusterIP)', async () => {
    const member = fakeMember();
    await member.client.create(SVC, managed({ ...SVC, metadata: { name: 's', namespace: 'default' }, spec: { clusterIP: '10.0.0.9', ports: [{ port: 80 }] } }));
    await applyManifest(managed({ ...SVC, metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 81 }] } }), member.client, interpreter);
    const live = await member.client.get(SVC, 's', { namespace: 'default' });
    assert.deepEqual(live['spec'], { clusterIP: '10.0.0.9', ports: [{ port: 81 }] });
  });

  it('refuses an object Karmada did not create unless the manifest says overwrite', async () => {
    const member = fakeMember();
    await member.client.create(CM, { ...CM, metadata: { name: 'cfg', namespace: 'default' }, data: { a: 'theirs' } });
    const result = await applyWork(work([cm({ a: 'ours' })]), member.client, interpreter, { clusterName: 'm1' });
    assert.equal(result.applied, false);
    assert.equal(
      result.message,
      'Failed to apply all manifests (0/1): resource(kind=ConfigMap, default/cfg) already exists in the cluster m1 and the work.karmada.io/conflict-resolution strategy value is empty, Karmada will not manage this resource',
    );
    assert.deepEqual((await member.client.get(CM, 'cfg', { namespace: 'default' }))['data'], { a: 'theirs' });
    const overwrite = cm({ a: 'ours' });
    overwrite.metadata.annotations = { ...overwrite.metadata.annotations, 'work.karmada.io/conflict-resolution': 'overwrite' };
    const ok = await applyWork(work([overwrite]), member.client, interpreter, { clusterName: 'm1' });
    assert.deepEqual([ok.applied, ok.message], [true, 'Manifest has been successfully applied']);
    const live = await member.client.get(CM, 'cfg', { namespace: 'default' });
    assert.deepEqual(live['data'], { a: 'ours' });
    assert.equal(live.metadata.labels?.['karmada.io/managed'], 'true');
  });

  it('deletes only managed objects, or strips Karmada metadata when preserving', async () => {
    const member = fakeMember();
    await applyManifest(cm({ a: '1' }), member.client, interpreter);
    await deleteWorkResources(work([cm({ a: '1' })], true), member.client);
    const kept = await member.client.get(CM, 'cfg', { namespace: 'default' });
    assert.deepEqual(kept.metadata.labels, { app: 'a' });
    assert.equal(kept.metadata.annotations, undefined);
    // No longer managed: a later delete leaves it alone.
    await deleteWorkResources(work([cm({ a: '1' })]), member.client);
    await member.client.get(CM, 'cfg', { namespace: 'default' });
    await applyManifest({ ...cm({ a: '2' }), metadata: { ...cm({}).metadata, annotations: { 'work.karmada.io/conflict-resolution': 'overwrite' } } }, member.client, interpreter);
    await deleteWorkResources(work([cm({ a: '1' })]), member.client);
    await assert.rejects(member.client.get(CM, 'cfg', { namespace: 'default' }), isNotFound);
  });
});
