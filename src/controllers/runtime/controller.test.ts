import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import type { KubeObject } from '../../api/object.js';
import type { ResourceRef } from '../../client/client.js';
import { FakeApiServer } from '../../client/fake-api-server.js';
import { FakeClock } from '../../client/fake-clock.js';
import { Informer } from '../../client/informer.js';
import { Controller } from './controller.js';
import { generationChanged } from './predicates.js';
import { reconcilerFunc, requeueAfter } from './reconciler.js';

const CM: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };

function cm(name: string, data: Record<string, string> = {}, owner?: string): KubeObject {
  return { metadata: { name, namespace: 'default', ...(owner === undefined ? {} : { labels: { owner } }) }, data };
}

async function eventually(clock: FakeClock, cond: () => boolean, what: string, stepMs = 10): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) {
      return;
    }
    await clock.advance(stepMs);
  }
  assert.fail(`timed out waiting for ${what}`);
}

function metricValue(text: string, line: RegExp): number {
  const m = line.exec(text);
  return m === null ? Number.NaN : Number(m[1]);
}

describe('Controller', () => {
  it('reconciles every object after the cache syncs, and again on changes', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    await server.client.create(CM, cm('b'));
    const informer = new Informer(server.client, CM, { clock });
    const seen: string[] = [];
    let syncedWhenFirstCalled: boolean | undefined;
    const registry = new Registry();
    const controller = new Controller({
      name: 'test',
      clock,
      registry,
      reconciler: reconcilerFunc(async (key) => {
        syncedWhenFirstCalled ??= informer.hasSynced();
        seen.push(key);
      }),
    }).watch(informer);
    const stop = new AbortController();
    const done = controller.start(stop.signal);
    await eventually(clock, () => seen.length === 2, 'initial reconciles');
    assert.equal(syncedWhenFirstCalled, true);
    assert.deepEqual([...seen].sort(), ['default/a', 'default/b']);
    const a = await server.client.get(CM, 'a', { namespace: 'default' });
    await server.client.update(CM, { ...a, data: { x: '1' } });
    await eventually(clock, () => seen.length === 3, 'update reconcile');
    assert.equal(seen[2], 'default/a');
    const text = await registry.metrics();
    assert.equal(metricValue(text, /controller_runtime_reconcile_total\{controller="test",result="success"\} (\d+)/), 3);
    assert.equal(metricValue(text, /controller_runtime_reconcile_time_seconds_count\{controller="test"\} (\d+)/), 3);
    assert.match(text, /controller_runtime_max_concurrent_reconciles\{controller="test"\} 1/);
    assert.match(text, /workqueue_depth\{name="test"\} 0/);
    stop.abort();
    await done;
    await informer.stop();
  });

  it('retries failures with per-key backoff and counts errors', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    const informer = new Informer(server.client, CM, { clock });
    const calls: number[] = [];
    const registry = new Registry();
    const controller = new Controller({
      name: 'flaky',
      clock,
      registry,
      reconciler: reconcilerFunc(async () => {
        calls.push(clock.now());
        if (calls.length <= 3) {
          throw new Error('not yet');
        }
      }),
    }).watch(informer);
    const stop = new AbortController();
    const done = controller.start(stop.signal);
    await eventually(clock, () => calls.length === 4, 'four attempts', 1);
    const gaps = calls.slice(1).map((t, i) => t - (calls[i] ?? 0));
    assert.deepEqual(gaps, [5, 10, 20]);
    const text = await registry.metrics();
    assert.equal(metricValue(text, /controller_runtime_reconcile_errors_total\{controller="flaky"\} (\d+)/), 3);
    assert.equal(metricValue(text, /controller_runtime_reconcile_total\{controller="flaky",result="error"\} (\d+)/), 3);
    assert.equal(metricValue(text, /controller_runtime_reconcile_total\{controller="flaky",result="success"\} (\d+)/), 1);
    assert.equal(metricValue(text, /workqueue_retries_total\{name="flaky"\} (\d+)/), 3);
    assert.equal(controller.queue.numRequeues('default/a'), 0, 'forgotten after success');
    stop.abort();
    await done;
    await informer.stop();
  });

  it('requeues after the asked delay', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    const informer = new Informer(server.client, CM, { clock });
    const calls: number[] = [];
    const controller = new Controller({
      name: 'periodic',
      clock,
      reconciler: reconcilerFunc(async () => {
        calls.push(clock.now());
        return calls.length < 3 ? requeueAfter(30_000) : undefined;
      }),
    }).watch(informer);
    const stop = new AbortController();
    const done = controller.start(stop.signal);
    await eventually(clock, () => calls.length === 3, 'three reconciles', 1000);
    assert.deepEqual(
      calls.slice(1).map((t, i) => t - (calls[i] ?? 0)),
      [30_000, 30_000],
    );
    stop.abort();
    await done;
    await informer.stop();
  });

  it('never reconciles one key in two workers at once', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    for (const n of ['a', 'b', 'c']) {
      await server.client.create(CM, cm(n));
    }
    const informer = new Informer(server.client, CM, { clock });
    const active = new Set<string>();
    let overlap = false;
    let maxActive = 0;
    let count = 0;
    const controller = new Controller({
      name: 'parallel',
      clock,
      workers: 3,
      reconciler: reconcilerFunc(async (key) => {
        if (active.has(key)) {
          overlap = true;
        }
        active.add(key);
        maxActive = Math.max(maxActive, active.size);
        await new Promise((r) => setTimeout(r, 2));
        active.delete(key);
        count++;
      }),
    }).watch(informer);
    const stop = new AbortController();
    const done = controller.start(stop.signal);
    await eventually(clock, () => count >= 3, 'initial');
    for (let i = 0; i < 10; i++) {
      const a = await server.client.get(CM, 'a', { namespace: 'default' });
      await server.client.update(CM, { ...a, data: { i: String(i) } });
      await new Promise((r) => setTimeout(r, 1));
    }
    await eventually(clock, () => active.size === 0 && controller.queue.len() === 0 && count > 4, 'settled');
    assert.equal(overlap, false);
    assert.ok(maxActive >= 2, `workers ran in parallel (max ${maxActive})`);
    stop.abort();
    await done;
    await informer.stop();
  });

  it('maps events to other keys, filters with predicates, and aborts reconciles on stop', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const informer = new Informer(server.client, CM, { clock });
    const seen: string[] = [];
    let blocked: AbortSignal | undefined;
    const controller = new Controller({
      name: 'owners',
      clock,
      reconciler: reconcilerFunc(async (key, signal) => {
        seen.push(key);
        if (key === 'default/block') {
          blocked = signal;
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        }
      }),
    }).watch(informer, {
      map: (e) => [`default/${e.object.metadata.labels?.['owner'] ?? 'none'}`],
      predicates: [generationChanged],
    });
    const stop = new AbortController();
    const done = controller.start(stop.signal);
    await informer.waitForSync();
    await server.client.create(CM, cm('x', {}, 'app1'));
    await eventually(clock, () => seen.length === 1, 'owner key');
    assert.deepEqual(seen, ['default/app1']);
    // ConfigMaps have no generation bumps in the fake's view of metadata-only changes:
    const x = await server.client.get(CM, 'x', { namespace: 'default' });
    await server.client.update(CM, { ...x, metadata: { ...x.metadata, annotations: { a: 'b' } } });
    await clock.advance(100);
    assert.deepEqual(seen, ['default/app1'], 'metadata-only update filtered out');
    await server.client.create(CM, cm('y', {}, 'block'));
    await eventually(clock, () => blocked !== undefined, 'blocking reconcile');
    stop.abort();
    await done;
    assert.equal(blocked?.aborted, true);
    await informer.stop();
  });
});
