import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/object.js';
import { LatencyTracker } from './tracker.js';
import { workload } from './workloads.js';

const shape = { members: ['m1', 'm2', 'm3', 'm4'], namespaces: ['ns'], replicas: 2, prefix: 'w' };
const binding = (name: string, type: 'Duplicated' | 'Divided', clusters: { name: string; replicas?: number }[] | undefined, scheduled: boolean) => ({
  spec: { resource: { kind: 'Deployment', namespace: 'ns', name }, replicas: 2, placement: { replicaScheduling: { replicaSchedulingType: type } }, ...(clusters === undefined ? {} : { clusters }) },
  status: { conditions: scheduled ? [{ type: 'Scheduled', status: 'True' }] : [] },
});
const object = (name: string, status?: Record<string, unknown>): KubeObject => ({ metadata: { name, namespace: 'ns' }, ...(status === undefined ? {} : { status }) });

describe('LatencyTracker', () => {
  test('a Duplicated workload: distributed when in every target, ready when every copy is ready', () => {
    const t = new LatencyTracker();
    const w = workload(0, shape);
    t.register(w, 'main');
    t.submitted(w, 100);
    t.onBinding('ADDED', binding('w0', 'Duplicated', undefined, false), 110);
    t.onBinding('MODIFIED', binding('w0', 'Duplicated', [{ name: 'm1', replicas: 2 }, { name: 'm2', replicas: 2 }], true), 120);
    t.onMemberObject('m1', 'Deployment', 'ADDED', object('w0'), 130);
    t.onTemplate('MODIFIED', object('w0', { readyReplicas: 4 }), 135);
    assert.equal(t.counts('main').distributed, 0, 'not yet in m2');
    t.onMemberObject('m2', 'Deployment', 'ADDED', object('w0'), 150);
    t.onMemberObject('m1', 'ConfigMap', 'ADDED', object('w0-config'), 140);
    t.onMemberObject('m2', 'ConfigMap', 'ADDED', object('w0-config'), 145);
    const track = t.tracks.get('ns/w0');
    assert.equal(track?.bindingAt, 110);
    assert.equal(track?.scheduledAt, 120);
    assert.equal(track?.distributedAt, 150);
    assert.equal(track?.depsAt, 145);
    assert.equal(track?.expectedReady, 4, '2 replicas x 2 clusters');
    assert.equal(track?.readyAt, 150, 'the template was already ready when the last copy landed');
    assert.deepEqual(t.counts('main'), { workloads: 1, submitted: 1, bindings: 1, scheduled: 1, distributed: 1, deps: 1, ready: 1 });
  });

  test('a Divided workload expects spec.replicas ready; other objects and phases are ignored', () => {
    const t = new LatencyTracker();
    const w = workload(1, shape);
    t.register(w, 'burst');
    t.submitted(w, 0);
    t.onBinding('ADDED', binding('w1', 'Divided', [{ name: 'm3', replicas: 1 }, { name: 'm4', replicas: 1 }], true), 10);
    t.onMemberObject('m3', 'Deployment', 'ADDED', object('w1'), 20);
    t.onMemberObject('m4', 'Deployment', 'ADDED', object('w1'), 30);
    t.onMemberObject('m4', 'Deployment', 'ADDED', object('unrelated'), 31);
    t.onTemplate('MODIFIED', object('w1', { readyReplicas: 1 }), 40);
    assert.equal(t.tracks.get('ns/w1')?.readyAt, undefined);
    t.onTemplate('MODIFIED', object('w1', { readyReplicas: 2 }), 50);
    assert.equal(t.tracks.get('ns/w1')?.readyAt, 50);
    assert.equal(t.counts('main').workloads, 0);
    assert.equal(t.counts('burst').ready, 1);
  });
});
