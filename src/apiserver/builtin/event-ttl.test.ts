import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../storage/registry.js';
import { eventLastSeen, EventTtlSweeper, parseEventTtl } from './event-ttl.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const HOUR = 3_600_000;

describe('eventLastSeen', () => {
  const rows: { name: string; event: Record<string, unknown>; want: string }[] = [
    { name: 'creation only', event: { metadata: { creationTimestamp: '2025-01-01T10:00:00Z' } }, want: '2025-01-01T10:00:00Z' },
    { name: 'lastTimestamp wins', event: { metadata: { creationTimestamp: '2025-01-01T10:00:00Z' }, lastTimestamp: '2025-01-01T11:30:00Z' }, want: '2025-01-01T11:30:00Z' },
    { name: 'eventTime (MicroTime)', event: { metadata: {}, eventTime: '2025-01-01T11:45:00.123456Z' }, want: '2025-01-01T11:45:00.123Z' },
    { name: 'series.lastObservedTime', event: { metadata: {}, eventTime: '2025-01-01T09:00:00.000000Z', series: { count: 3, lastObservedTime: '2025-01-01T11:50:00.000000Z' } }, want: '2025-01-01T11:50:00Z' },
    { name: 'managedFields time of an update', event: { metadata: { creationTimestamp: '2025-01-01T08:00:00Z', managedFields: [{ time: '2025-01-01T11:55:00Z' }] } }, want: '2025-01-01T11:55:00Z' },
  ];
  for (const row of rows) {
    test(row.name, () => assert.equal(eventLastSeen(row.event), Date.parse(row.want)));
  }
});

describe('parseEventTtl', () => {
  test('Go durations', () => {
    assert.equal(parseEventTtl('1h0m0s'), HOUR);
    assert.equal(parseEventTtl('90s'), 90_000);
    assert.equal(parseEventTtl('0'), 0);
    assert.throws(() => parseEventTtl('1 hour'), /invalid duration/);
  });
});

describe('EventTtlSweeper', () => {
  test('deletes expired core and events.k8s.io events page by page, keeps fresh ones and others', async () => {
    const store = await openStore('memory:');
    try {
      const at = (ms: number): string => new Date(ms).toISOString();
      for (let i = 0; i < 7; i++) {
        await store.create(`/registry/core/events/ns/old-${i}`, JSON.stringify({ metadata: { name: `old-${i}`, creationTimestamp: at(NOW - 2 * HOUR) }, lastTimestamp: at(NOW - 2 * HOUR + i) }));
      }
      await store.create('/registry/core/events/ns/fresh', JSON.stringify({ metadata: { creationTimestamp: at(NOW - 2 * HOUR) }, lastTimestamp: at(NOW - 10 * 60_000) }));
      await store.create('/registry/events.k8s.io/events/ns/new-old', JSON.stringify({ metadata: { creationTimestamp: at(NOW - 3 * HOUR) }, eventTime: at(NOW - 3 * HOUR) }));
      await store.create('/registry/events.k8s.io/events/ns/new-fresh', JSON.stringify({ metadata: { creationTimestamp: at(NOW - 3 * HOUR) }, series: { lastObservedTime: at(NOW - 60_000) } }));
      await store.create('/registry/core/configmaps/ns/old', JSON.stringify({ metadata: { creationTimestamp: at(NOW - 5 * HOUR) } }));
      const sweeper = new EventTtlSweeper(store, { ttlMs: HOUR, pageSize: 3, now: () => NOW }, (e) => assert.fail(String(e)));
      assert.equal(await sweeper.sweep(), 8);
      const left = [...(await store.list('/registry/')).kvs.map((kv) => kv.key)];
      assert.deepEqual(left, ['/registry/core/configmaps/ns/old', '/registry/core/events/ns/fresh', '/registry/events.k8s.io/events/ns/new-fresh']);
      assert.equal(await sweeper.sweep(), 0);
    } finally {
      await store.close();
    }
  });

  test('sweepIfDue skips passes until the oldest kept event can have expired', async () => {
    const store = await openStore('memory:');
    try {
      let now = NOW;
      const at = (ms: number): string => new Date(ms).toISOString();
      await store.create('/registry/core/events/ns/a', JSON.stringify({ metadata: { creationTimestamp: at(NOW - 30 * 60_000) }, lastTimestamp: at(NOW - 30 * 60_000) }));
      const sweeper = new EventTtlSweeper(store, { ttlMs: HOUR, now: () => now }, (e) => assert.fail(String(e)));
      assert.equal(await sweeper.sweepIfDue(), 0, 'a first pass finds nothing expired');
      // written after the pass: last seen after it, so it cannot expire before `a`
      await store.create('/registry/core/events/ns/b', JSON.stringify({ metadata: { creationTimestamp: at(NOW) }, lastTimestamp: at(NOW) }));
      now = NOW + 29 * 60_000;
      await store.update('/registry/core/events/ns/a', JSON.stringify({ metadata: { creationTimestamp: at(NOW - 2 * HOUR) }, lastTimestamp: at(NOW - 2 * HOUR) }), (await store.get('/registry/core/events/ns/a')).kv?.modRevision ?? 0);
      assert.equal(await sweeper.sweepIfDue(), 0, 'not due yet: no pass (this direct storage write backdates a; writes through the API server carry their time in managedFields)');
      now = NOW + 31 * 60_000;
      assert.equal(await sweeper.sweepIfDue(), 1, 'due: a pass deletes a');
      assert.deepEqual((await store.list('/registry/core/events/')).kvs.map((kv) => kv.key), ['/registry/core/events/ns/b']);
    } finally {
      await store.close();
    }
  });
});
