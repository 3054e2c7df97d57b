import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../client/fake-clock.js';
import { SchedulingQueue } from './scheduling-queue.js';

describe('scheduling queue', () => {
  it('hands out by priority, then arrival; never twice at once', async () => {
    const q = new SchedulingQueue();
    q.add('low', 0);
    q.add('high', 10);
    q.add('mid', 5);
    q.add('low2', 0);
    assert.equal(await q.pop(), 'high');
    q.add('high', 10); // re-added while processing: held until done
    assert.equal(await q.pop(), 'mid');
    assert.equal(await q.pop(), 'low');
    q.done('high');
    assert.equal(await q.pop(), 'high');
    assert.equal(await q.pop(), 'low2');
    q.close();
    assert.equal(await q.pop(), undefined);
  });

  it('backs off failures exponentially and retries unschedulable keys on cluster events', async () => {
    const clock = new FakeClock();
    const q = new SchedulingQueue({ clock, initialBackoffMs: 1000, maxBackoffMs: 4000 });
    q.addBackoff('a');
    assert.deepEqual(q.sizes(), { active: 0, backoff: 1, unschedulable: 0 });
    await clock.advance(999);
    assert.equal(q.sizes().active, 0);
    await clock.advance(1);
    assert.equal(await q.pop(), 'a');
    q.done('a');
    q.addBackoff('a');
    await clock.advance(1999);
    assert.equal(q.sizes().active, 0, 'second failure waits 2 s');
    await clock.advance(1);
    assert.equal(await q.pop(), 'a');
    q.done('a');
    q.forget('a');
    q.addUnschedulable('u');
    await clock.advance(60_000);
    assert.equal(q.sizes().unschedulable, 1, 'waits for a cluster event');
    q.moveAllToActive();
    await clock.advance(10_000);
    assert.equal(await q.pop(), 'u');
    q.close();
  });
});
