import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeApiServer } from '../../client/fake-api-server.js';
import { FakeClock } from '../../client/fake-clock.js';
import { ClientEventRecorder } from './event-recorder.js';

const EVENT = { apiVersion: 'v1', kind: 'Event' };
const widget = { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default', uid: 'u1' } };

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

describe('ClientEventRecorder', () => {
  it('gives distinct names to events about one object recorded in the same millisecond by two components', async () => {
    const api = new FakeApiServer();
    const clock = new FakeClock(1_795_311_280_940);
    const scheduler = new ClientEventRecorder(api.client, 'default-scheduler', clock);
    const binding = new ClientEventRecorder(api.client, 'binding-controller', clock);
    scheduler.event(widget, 'Normal', 'ScheduleBindingSucceed', 'scheduled');
    binding.event(widget, 'Warning', 'SyncWorkFailed', 'script exceeded the time limit of 1000ms');
    await settle();
    binding.event(widget, 'Warning', 'SyncWorkFailed', 'script exceeded the time limit of 1000ms');
    await settle();
    await clock.advance(1000);
    await settle();
    const events = (await api.client.list(EVENT, { namespace: 'default' })).items.map((e) => [e['reason'], e['count']]).sort();
    assert.deepEqual(events, [
      ['ScheduleBindingSucceed', 1],
      ['SyncWorkFailed', 2],
    ]);
  });

  it('writes a burst of repeats as one count patch after the coalescing delay', async () => {
    const api = new FakeApiServer();
    const clock = new FakeClock(1_795_311_280_940);
    const recorder = new ClientEventRecorder(api.client, 'resource-binding-status-controller', clock, undefined, 500);
    recorder.event(widget, 'Normal', 'AggregateStatusSucceed', 'Update Resource with AggregatedStatus successfully.');
    await settle();
    for (let i = 0; i < 5; i++) recorder.event(widget, 'Normal', 'AggregateStatusSucceed', 'Update Resource with AggregatedStatus successfully.');
    await settle();
    const count = async (): Promise<unknown> => (await api.client.list(EVENT, { namespace: 'default' })).items[0]?.['count'];
    assert.equal(await count(), 1, 'repeats wait for the delay');
    await clock.advance(500);
    await settle();
    assert.equal(await count(), 6);
    recorder.event(widget, 'Normal', 'AggregateStatusSucceed', 'Update Resource with AggregatedStatus successfully.');
    await clock.advance(500);
    await settle();
    assert.equal(await count(), 7);
    assert.equal(api.requests.filter((r) => r.resource === 'events' && r.verb !== 'list').length, 3, 'one create and two count patches for seven occurrences');
  });
});
