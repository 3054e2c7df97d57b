import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { failureStatus, isAlreadyExists, isConflict, isGone, isNotFound } from './api-error.js';
import type { ResourceRef, WatchEvent } from './client.js';
import { FakeApiServer } from './fake-api-server.js';

const DEPLOY: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true, kind: 'Deployment' };
const CM: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };

function deploy(name: string, replicas = 1): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ns' }, spec: { replicas }, status: { replicas: 99 } };
}

async function take(stream: AsyncIterable<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  if (n === 0) {
    return out;
  }
  for await (const e of stream) {
    out.push(e);
    if (out.length === n) {
      break;
    }
  }
  return out;
}

describe('FakeApiServer', () => {
  it('creates with system fields, refuses duplicates, drops status on create for status-subresource kinds', async () => {
    const { client } = new FakeApiServer();
    const d = await client.create(DEPLOY, deploy('web'));
    assert.equal(d.metadata.generation, 1);
    assert.match(d.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(d.metadata.creationTimestamp !== undefined);
    assert.equal(d['status'], undefined);
    assert.equal(isAlreadyExists(await client.create(DEPLOY, deploy('web')).catch((e: unknown) => e)), true);
    const g = await client.create<KubeObject>(CM, { metadata: { generateName: 'cfg-', namespace: 'ns' } });
    assert.match(g.metadata.name ?? '', /^cfg-[a-z0-9]{5}$/);
  });

  it('updates with optimistic concurrency, bumps generation on spec changes only, and keeps status apart', async () => {
    const { client } = new FakeApiServer();
    const d = await client.create(DEPLOY, deploy('web'));
    const scaled = await client.update(DEPLOY, { ...d, spec: { replicas: 3 } });
    assert.equal(scaled.metadata.generation, 2);
    assert.equal(isConflict(await client.update(DEPLOY, { ...d, spec: { replicas: 4 } }).catch((e: unknown) => e)), true);
    const labelled = await client.update(DEPLOY, { ...scaled, metadata: { ...scaled.metadata, labels: { a: 'b' } } });
    assert.equal(labelled.metadata.generation, 2);
    const same = await client.update(DEPLOY, labelled);
    assert.equal(same.metadata.resourceVersion, labelled.metadata.resourceVersion, 'no-op update writes nothing');
    const withStatus = await client.updateStatus(DEPLOY, { ...labelled, status: { replicas: 3 }, spec: { replicas: 100 } });
    assert.deepEqual(withStatus['status'], { replicas: 3 });
    assert.deepEqual(withStatus['spec'], { replicas: 3 }, 'status update ignores spec');
    const ignored = await client.update(DEPLOY, { ...withStatus, status: { replicas: 0 } });
    assert.deepEqual(ignored['status'], { replicas: 3 }, 'main update ignores status');
  });

  it('patches (merge, json, apply creating) and serves the scale subresource', async () => {
    const { client } = new FakeApiServer();
    await client.create(DEPLOY, deploy('web'));
    const merged = await client.patch(DEPLOY, 'web', { spec: { paused: true } }, { namespace: 'ns', type: 'merge' });
    assert.deepEqual(merged['spec'], { replicas: 1, paused: true });
    const jsonPatched = await client.patch(DEPLOY, 'web', [{ op: 'replace', path: '/spec/replicas', value: 2 }], { namespace: 'ns', type: 'json' });
    assert.deepEqual(jsonPatched['spec'], { replicas: 2, paused: true });
    const applied = await client.patch(DEPLOY, 'new', deploy('new', 5), { namespace: 'ns', type: 'apply', fieldManager: 'me' });
    assert.equal(applied.metadata.generation, 1);
    const scale = await client.getSubresource<KubeObject>(DEPLOY, 'web', 'scale', { namespace: 'ns' });
    assert.deepEqual([scale.kind, scale['spec']], ['Scale', { replicas: 2 }]);
    await client.updateSubresource(DEPLOY, 'web', 'scale', { ...scale, spec: { replicas: 7 } });
    assert.deepEqual((await client.get(DEPLOY, 'web', { namespace: 'ns' }))['spec'], { replicas: 7, paused: true });
  });

  it('deletes at once, or marks for deletion while finalizers remain', async () => {
    const { client } = new FakeApiServer();
    await client.create(CM, { metadata: { name: 'plain', namespace: 'ns' } });
    const s = await client.delete(CM, 'plain', { namespace: 'ns' });
    assert.equal(s.kind, 'Status');
    assert.equal(isNotFound(await client.get(CM, 'plain', { namespace: 'ns' }).catch((e: unknown) => e)), true);
    const held = await client.create(CM, { metadata: { name: 'held', namespace: 'ns', finalizers: ['karmada.io/x'] } });
    assert.equal(isConflict(await client.delete(CM, 'held', { namespace: 'ns', preconditions: { uid: 'other' } }).catch((e: unknown) => e)), true);
    const marked = await client.delete(CM, 'held', { namespace: 'ns' });
    assert.ok(marked.metadata.deletionTimestamp !== undefined);
    await client.update(CM, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    assert.equal(isNotFound(await client.get(CM, 'held', { namespace: 'ns' }).catch((e: unknown) => e)), true);
    assert.deepEqual(held.metadata.finalizers, ['karmada.io/x']);
  });

  it('pages lists and replays watch history from a resourceVersion; compaction answers 410', async () => {
    const server = new FakeApiServer();
    const { client } = server;
    for (const n of ['a', 'b', 'c']) {
      await client.create(CM, { metadata: { name: n, namespace: 'ns' } });
    }
    const p1 = await client.list(CM, { namespace: 'ns', limit: 2 });
    assert.equal(p1.items.length, 2);
    assert.equal(p1.metadata.remainingItemCount, 1);
    const p2 = await client.list(CM, { namespace: 'ns', limit: 2, continue: p1.metadata.continue ?? '' });
    assert.deepEqual(
      p2.items.map((i) => i.metadata.name),
      ['c'],
    );
    assert.equal(p2.metadata.continue, undefined);
    const rv = p1.metadata.resourceVersion ?? '';
    await client.delete(CM, 'a', { namespace: 'ns' });
    await client.create(CM, { metadata: { name: 'd', namespace: 'ns' } });
    const stream = await client.watch(CM, { namespace: 'ns', resourceVersion: rv });
    const events = await take(stream, 2);
    stream.close();
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`),
      ['DELETED a', 'ADDED d'],
    );
    assert.equal(Number(events[0]?.object.metadata.resourceVersion) > Number(rv), true, 'DELETED carries the deletion revision');
    const initial = await client.watch(CM, { namespace: 'ns' });
    assert.equal((await take(initial, 3)).length, 3, 'no resourceVersion: current objects as ADDED');
    initial.close();
    server.compact();
    const gone = await client.watch(CM, { namespace: 'ns', resourceVersion: rv });
    const [err] = await take(gone, 1);
    assert.equal(err?.type, 'ERROR');
    assert.equal((err?.object as unknown as { code: number }).code, 410);
    assert.equal(isGone(await client.list(CM, { namespace: 'ns', limit: 1, continue: p1.metadata.continue ?? '' }).catch((e: unknown) => e)), true);
  });

  it('injects failures once and records requests', async () => {
    const server = new FakeApiServer();
    server.failNext('get', failureStatus(500, 'InternalError', 'boom'), 'configmaps');
    await assert.rejects(server.client.get(CM, 'x', { namespace: 'ns' }), /boom/);
    assert.equal(isNotFound(await server.client.get(CM, 'x', { namespace: 'ns' }).catch((e: unknown) => e)), true);
    assert.deepEqual(server.requests.map((r) => `${r.verb} ${r.resource} ${r.name ?? ''}`), ['get configmaps x', 'get configmaps x']);
  });
});
