import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { FakeClock } from './fake-clock.js';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, defaultControllerRateLimiter } from './rate-limiter.js';
import { WorkQueue, runWorkers } from './work-queue.js';

describe('WorkQueue', () => {
  it('holds a waiting key once however often it is added', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    assert.equal(q.len(), 0);
  });

  it('never hands a key being processed to a second worker; a re-add is processed after done', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    const first = await q.get();
    assert.equal(first, 'a');
    q.add('a'); // while processing
    assert.equal(q.len(), 0, 'not handed out while in process');
    let second: string | undefined;
    const pending = q.get().then((k) => {
      second = k;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(second, undefined);
    q.done('a');
    await pending;
    assert.equal(second, 'a');
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('runs N workers with no key processed twice at once', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    const active = new Set<string>();
    let maxConcurrent = 0;
    const processed: string[] = [];
    let overlap = false;
    const workers = runWorkers(q, 4, async (key) => {
      if (active.has(key)) {
        overlap = true;
      }
      active.add(key);
      maxConcurrent = Math.max(maxConcurrent, active.size);
      // Re-add own key while processing: must be processed again later, not concurrently.
      if (processed.filter((k) => k === key).length === 0) {
        q.add(key);
      }
      await new Promise((r) => setImmediate(r));
      processed.push(key);
      active.delete(key);
    });
    for (const k of ['a', 'b', 'c', 'd', 'e', 'a', 'b']) {
      q.add(k);
    }
    for (let i = 0; i < 50 && processed.length < 10; i++) {
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(overlap, false);
    assert.ok(maxConcurrent > 1 && maxConcurrent <= 4);
    assert.deepEqual([...processed].sort(), ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e', 'e']);
    await q.shutDownWithDrain();
    await workers;
  });

  it('delays rate-limited adds by per-key exponential backoff, reset by forget', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(5, 1_000_000) });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = clock.now();
      q.addRateLimited('a');
      while (q.len() === 0) {
        await clock.advance(1);
      }
      delays.push(clock.now() - start);
      assert.equal(await q.get(), 'a');
      q.done('a');
    }
    assert.deepEqual(delays, [5, 10, 20, 40]);
    assert.equal(q.numRequeues('a'), 4);
    q.forget('a');
    assert.equal(q.numRequeues('a'), 0);
    q.addRateLimited('a');
    await clock.advance(4);
    assert.equal(q.len(), 0);
    await clock.advance(1);
    assert.equal(q.len(), 1);
  });

  it('keeps the earliest of several delayed adds', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    q.addAfter('a', 1000);
    q.addAfter('a', 100);
    q.addAfter('a', 5000);
    assert.equal(q.delayedCount(), 1);
    await clock.advance(100);
    assert.equal(q.len(), 1);
    await clock.advance(10_000);
    assert.equal(q.len(), 1, 'later adds were merged');
  });

  it('drops waiting keys on shutdown, answers undefined, and drains in-process keys', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    q.add('a');
    q.add('b');
    q.addAfter('c', 10);
    const a = await q.get();
    assert.equal(a, 'a');
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => {
      drained = true;
    });
    assert.equal(await q.get(), undefined);
    q.add('d');
    await clock.advance(100);
    assert.equal(q.len(), 0);
    await new Promise((r) => setImmediate(r));
    assert.equal(drained, false, 'waits for a to be done');
    q.done('a');
    await drain;
    assert.equal(drained, true);
  });

  it('lets timers run while workers drain a backlog of keys whose processing never waits on I/O', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    for (let i = 0; i < 2000; i++) q.add(`k${i}`);
    let processed = 0;
    let processedWhenTimerFired: number | undefined;
    setTimeout(() => {
      processedWhenTimerFired = processed;
    }, 1);
    await runWorkers(q, 2, async () => {
      const until = performance.now() + 0.1; // 0.1 ms of work, then an already-resolved await
      while (performance.now() < until);
      if (++processed === 2000) void q.shutDownWithDrain();
    });
    assert.ok(processedWhenTimerFired !== undefined && processedWhenTimerFired < 2000, `the timer fired after ${processedWhenTimerFired ?? 'all'} of 2000 keys`);
  });

  it('publishes workqueue metrics', async () => {
    const clock = new FakeClock();
    const registry = new Registry();
    const q = new WorkQueue<string>({ clock, registry, name: 'things' });
    q.add('a');
    q.add('b');
    q.addRateLimited('c');
    const key = await q.get();
    await clock.advance(3000);
    const text = await registry.metrics();
    assert.match(text, /workqueue_depth\{name="things"\} 2/, "b, and c after its backoff");
    assert.match(text, /workqueue_adds_total\{name="things"\} 3/);
    assert.match(text, /workqueue_retries_total\{name="things"\} 1/);
    assert.match(text, /workqueue_longest_running_processor_seconds\{name="things"\} 3/);
    q.done(key ?? '');
    const after = await registry.metrics();
    assert.match(after, /workqueue_work_duration_seconds_count\{name="things"\} 1/);
    assert.match(after, /workqueue_longest_running_processor_seconds\{name="things"\} 0/);
    // A second queue on the same registry shares the metric families.
    const q2 = new WorkQueue<string>({ clock, registry, name: 'others' });
    q2.add('x');
    assert.match(await registry.metrics(), /workqueue_depth\{name="others"\} 1/);
  });
});

describe('rate limiters', () => {
  it('exponential per item, capped', () => {
    const l = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
    const seq = Array.from({ length: 20 }, () => l.when('x'));
    assert.deepEqual(seq.slice(0, 5), [5, 10, 20, 40, 80]);
    assert.equal(seq.at(-1), 1_000_000);
    assert.equal(l.when('y'), 5, 'per item');
  });

  it('token bucket: burst at once, then qps', async () => {
    const clock = new FakeClock();
    const l = new BucketRateLimiter<string>(10, 3, clock);
    assert.deepEqual([l.when('a'), l.when('b'), l.when('c')], [0, 0, 0]);
    assert.equal(Math.round(l.when('d')), 100);
    assert.equal(Math.round(l.when('e')), 200);
    await clock.advance(1000);
    // 1 s refills 10 tokens less the 2 borrowed, capped at burst 3.
    assert.deepEqual([l.when('f'), l.when('g'), l.when('h')], [0, 0, 0]);
    assert.equal(Math.round(l.when('i')), 100);
  });

  it('default controller limiter: the larger of item backoff and the overall bucket', () => {
    const clock = new FakeClock();
    const l = defaultControllerRateLimiter<string>({ clock, qps: 10, burst: 100 });
    const first = Array.from({ length: 100 }, (_, i) => l.when(`k${i}`));
    assert.ok(first.every((d) => d === 5), 'within burst: item base delay');
    assert.equal(Math.round(l.when('k100')), 100, 'bucket exhausted: 1/qps');
    assert.equal(Math.round(l.when('k0')), 200, 'bucket delay (200 ms) beats item backoff (10 ms)');
  });
});
