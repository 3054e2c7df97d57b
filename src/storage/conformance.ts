/**
 * The conformance suite every Store driver must pass (hono's common.case.test.ts
 * pattern): a driver's test file calls runStoreConformance with a factory. Each test
 * opens its own store and uses its own key prefix, and never assumes revisions start
 * anywhere in particular, so a shared backend (one etcd) works too.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StoreClosedError,
  type StorageError,
} from './errors.js';
import type { KeyValue, Store, WatchEvent } from './storage.js';

const testTimeout = 60_000;

/** Registers the conformance tests for one driver under `describe(name)`. */
export function runStoreConformance(name: string, open: () => Promise<Store>): void {
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  /** Runs body with a fresh store and a key prefix no other test uses. */
  const withStore =
    (body: (store: Store, p: string) => Promise<void>) =>
    async (): Promise<void> => {
      const store = await open();
      try {
        await body(store, `/conformance/${run}/${++counter}/`);
      } finally {
        await store.close();
      }
    };
  const it = (title: string, body: (store: Store, p: string) => Promise<void>): void => {
    test(title, { timeout: testTimeout }, withStore(body));
  };

  describe(`${name} store conformance`, () => {
    it('create stores a new key and refuses an existing one', async (store, p) => {
      const before = await store.currentRevision();
      const created = await store.create(`${p}a`, '{"v":1}');
      assert.ok(created.revision > before);
      assert.deepEqual(created.kv, { key: `${p}a`, value: '{"v":1}', createRevision: created.revision, modRevision: created.revision });
      await assert.rejects(store.create(`${p}a`, '{"v":2}'), isError(KeyExistsError, 'KeyExists'));
      const got = await store.get(`${p}a`);
      assert.deepEqual(got.kv, created.kv);
      assert.ok(got.revision >= created.revision);
      assert.equal((await store.get(`${p}missing`)).kv, undefined);
      assert.equal(await store.currentRevision(), created.revision);
    });

    it('update is guarded by the expected modRevision', async (store, p) => {
      const created = await store.create(`${p}a`, 'v1');
      const updated = await store.update(`${p}a`, 'v2', created.kv.modRevision);
      assert.ok(updated.revision > created.revision);
      assert.deepEqual(updated.kv, { key: `${p}a`, value: 'v2', createRevision: created.revision, modRevision: updated.revision });
      const conflict = await rejection(store.update(`${p}a`, 'v3', created.kv.modRevision));
      assert.ok(conflict instanceof ConflictError && conflict.code === 'Conflict');
      assert.deepEqual(conflict.current, updated.kv);
      await assert.rejects(store.update(`${p}missing`, 'x', 1), isError(NotFoundError, 'NotFound'));
      assert.equal((await store.get(`${p}a`)).kv?.value, 'v2');
    });

    it('delete is guarded, returns the deleted value, and a re-create starts over', async (store, p) => {
      const created = await store.create(`${p}a`, 'v1');
      const updated = await store.update(`${p}a`, 'v2', created.revision);
      const conflict = await rejection(store.delete(`${p}a`, created.revision));
      assert.ok(conflict instanceof ConflictError);
      assert.deepEqual(conflict.current, updated.kv);
      const deleted = await store.delete(`${p}a`, updated.revision);
      assert.ok(deleted.revision > updated.revision);
      assert.deepEqual(deleted.prev, updated.kv);
      assert.equal((await store.get(`${p}a`)).kv, undefined);
      await assert.rejects(store.delete(`${p}a`), isError(NotFoundError, 'NotFound'));
      await assert.rejects(store.delete(`${p}a`, deleted.revision), isError(NotFoundError, 'NotFound'));
      const again = await store.create(`${p}a`, 'v3');
      assert.equal(again.kv.createRevision, again.revision);
      const unguarded = await store.delete(`${p}a`);
      assert.equal(unguarded.prev.value, 'v3');
    });

    it('list returns the keys under a prefix in key order', async (store, p) => {
      for (const k of ['a/2', 'b', 'a/10', 'ab/x', 'a/1']) await store.create(`${p}${k}`, `v-${k}`);
      const all = await store.list(`${p}a/`);
      assert.deepEqual(
        all.kvs.map((kv) => [kv.key, kv.value]),
        ['a/1', 'a/10', 'a/2'].map((k) => [`${p}${k}`, `v-${k}`]),
      );
      assert.equal(all.remaining, 0);
      assert.equal(all.revision, await store.currentRevision());
      assert.deepEqual(keysOf(await store.list(p), p), ['a/1', 'a/10', 'a/2', 'ab/x', 'b']);
      assert.deepEqual((await store.list(`${p}zzz/`)).kvs, []);
    });

    it('list pages with limit and startAfter at one revision', async (store, p) => {
      for (let i = 0; i < 7; i++) await store.create(`${p}k${i}`, `v${i}`);
      await store.create(`${p.slice(0, -1)}~other`, 'outside the prefix');
      const first = await store.list(p, { limit: 3 });
      assert.deepEqual(keysOf(first, p), ['k0', 'k1', 'k2']);
      assert.equal(first.remaining, 4);
      // Writes between pages do not show up when paging at the first page's revision.
      await store.create(`${p}k9`, 'late');
      await store.delete(`${p}k5`);
      const at = { revision: first.revision, limit: 3 };
      const second = await store.list(p, { ...at, startAfter: `${p}k2` });
      assert.deepEqual(keysOf(second, p), ['k3', 'k4', 'k5']);
      assert.equal(second.remaining, 1);
      assert.equal(second.revision, first.revision);
      const third = await store.list(p, { ...at, startAfter: `${p}k5` });
      assert.deepEqual(keysOf(third, p), ['k6']);
      assert.equal(third.remaining, 0);
      // startAfter before the prefix starts at the prefix; limit 0 means no limit.
      assert.deepEqual(keysOf(await store.list(p, { startAfter: '/' }), p), ['k0', 'k1', 'k2', 'k3', 'k4', 'k6', 'k9']);
      const current = await store.list(p, { limit: 2, startAfter: `${p}k4` });
      assert.deepEqual(keysOf(current, p), ['k6', 'k9']);
      assert.equal(current.remaining, 0);
    });

    it('list reads the state at a past revision; future revisions fail', async (store, p) => {
      const a = await store.create(`${p}a`, 'a1');
      await store.create(`${p}b`, 'b1');
      const then = await store.currentRevision();
      await store.update(`${p}a`, 'a2', a.revision);
      await store.delete(`${p}b`);
      await store.create(`${p}c`, 'c1');
      const past = await store.list(p, { revision: then });
      assert.equal(past.revision, then);
      assert.deepEqual(
        past.kvs.map((kv) => [kv.key.slice(p.length), kv.value]),
        [['a', 'a1'], ['b', 'b1']],
      );
      assert.deepEqual(
        (await store.list(p)).kvs.map((kv) => [kv.key.slice(p.length), kv.value]),
        [['a', 'a2'], ['c', 'c1']],
      );
      const now = await store.currentRevision();
      const future = await rejection(store.list(p, { revision: now + 100 }));
      assert.ok(future instanceof FutureRevisionError && future.code === 'FutureRevision');
    });

    it('watch replays missed events in order, then continues live, only under its prefix', async (store, p) => {
      const start = await store.currentRevision();
      const a = await store.create(`${p}w/a`, 'a1');
      await store.create(`${p}other`, 'not watched');
      const a2 = await store.update(`${p}w/a`, 'a2', a.revision);
      await store.create(`${p}w/b`, 'b1');
      const deleted = await store.delete(`${p}w/a`);
      const stream = store.watch(`${p}w/`, { afterRevision: start });
      const live = (async () => {
        await delay(50);
        await store.create(`${p}w/c`, 'c1');
        await store.create(`${p}other2`, 'not watched');
        await store.update(`${p}w/b`, 'b2', (await store.get(`${p}w/b`)).kv?.modRevision ?? 0);
      })();
      const events = await collect(stream, 6);
      await live;
      assert.deepEqual(events.map((e) => describeEvent(e, p)), [
        'put w/a=a1',
        'put w/a=a2 (was a1)',
        'put w/b=b1',
        'delete w/a=a2 (was a2)',
        'put w/c=c1',
        'put w/b=b2 (was b1)',
      ]);
      assertIncreasing(events.map((e) => e.kv.modRevision));
      const del = events[3];
      assert.equal(del?.kv.modRevision, deleted.revision);
      assert.deepEqual(del?.prev, a2.kv);
      assert.equal(del?.kv.createRevision, a.revision);
      assert.equal(events[1]?.kv.createRevision, a.revision);
    });

    it('watch from revision 0 starts now', async (store, p) => {
      await store.create(`${p}old`, 'before');
      const stream = store.watch(p, { afterRevision: 0 });
      const it0 = stream[Symbol.asyncIterator]();
      await delay(100);
      const created = await store.create(`${p}new`, 'after');
      const first = await withTimeout(it0.next(), 10_000);
      await it0.return?.();
      assert.equal(first.done, false);
      assert.deepEqual(first.value?.map((e) => describeEvent(e, p)), ['put new=after']);
      assert.equal(first.value?.[0]?.kv.modRevision, created.revision);
    });

    it('a slow watcher loses nothing', async (store, p) => {
      const start = await store.currentRevision();
      const stream = store.watch(p, { afterRevision: start });
      const iterator = stream[Symbol.asyncIterator]();
      const n = 2000;
      for (let i = 0; i < n; i++) await store.create(`${p}${String(i).padStart(5, '0')}`, String(i));
      const events = await collect({ [Symbol.asyncIterator]: () => iterator }, n);
      assert.equal(events.length, n);
      assert.deepEqual(
        events.map((e) => e.kv.value),
        Array.from({ length: n }, (_, i) => String(i)),
      );
      assertIncreasing(events.map((e) => e.kv.modRevision));
    });

    it('compaction forgets old revisions: list and watch there fail with CompactedError', async (store, p) => {
      const a = await store.create(`${p}a`, 'a1');
      const old = await store.currentRevision();
      await store.update(`${p}a`, 'a2', a.revision);
      await store.create(`${p}b`, 'b1');
      const at = await store.currentRevision();
      await store.update(`${p}a`, 'a3', (await store.get(`${p}a`)).kv?.modRevision ?? 0);
      await store.compact(at);
      assert.ok((await store.compactedRevision()) >= at);
      const listErr = await rejection(store.list(p, { revision: old }));
      assert.ok(listErr instanceof CompactedError && listErr.code === 'Compacted', String(listErr));
      const watchErr = await rejection(collect(store.watch(p, { afterRevision: old }), 1));
      assert.ok(watchErr instanceof CompactedError, String(watchErr));
      // The compacted revision itself and everything after still read and watch.
      assert.deepEqual(
        (await store.list(p, { revision: at })).kvs.map((kv) => kv.value),
        ['a2', 'b1'],
      );
      const events = await collect(store.watch(p, { afterRevision: at }), 1);
      assert.deepEqual(events.map((e) => describeEvent(e, p)), ['put a=a3 (was a2)']);
      assert.deepEqual((await store.list(p)).kvs.map((kv) => kv.value), ['a3', 'b1']);
      // Compacting again at or below is harmless; compacting the future is not allowed.
      await store.compact(at);
      await assert.rejects(store.compact((await store.currentRevision()) + 100), isError(FutureRevisionError, 'FutureRevision'));
    });

    it('compaction keeps live keys and forgets deleted ones', async (store, p) => {
      const a = await store.create(`${p}a`, 'a1');
      await store.create(`${p}gone`, 'x');
      await store.delete(`${p}gone`);
      await store.update(`${p}a`, 'a2', a.revision);
      const at = await store.currentRevision();
      await store.compact(at);
      const got = await store.get(`${p}a`);
      assert.equal(got.kv?.value, 'a2');
      assert.equal(got.kv?.createRevision, a.revision);
      assert.deepEqual(keysOf(await store.list(p), p), ['a']);
      assert.deepEqual(keysOf(await store.list(p, { revision: at }), p), ['a']);
      const recreated = await store.create(`${p}gone`, 'y');
      assert.equal(recreated.kv.createRevision, recreated.revision);
      const updated = await store.update(`${p}a`, 'a3', got.kv?.modRevision ?? 0);
      const events = await collect(store.watch(p, { afterRevision: at }), 2);
      assert.deepEqual(events.map((e) => describeEvent(e, p)), ['put gone=y', 'put a=a3 (was a2)']);
      assert.equal(events[1]?.prev?.modRevision, got.kv?.modRevision);
      assert.equal(events[1]?.kv.modRevision, updated.revision);
    });

    it('concurrent writers with compare-and-swap retries never lose an update', async (store, p) => {
      const key = `${p}counter`;
      const start = (await store.create(key, '0')).revision;
      const writers = 20;
      const perWriter = 15;
      const revisions: number[][] = [];
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const mine: number[] = [];
          revisions[w] = mine;
          let current: KeyValue | undefined = (await store.get(key)).kv;
          for (let i = 0; i < perWriter; i++) {
            for (;;) {
              assert.ok(current !== undefined);
              try {
                const r = await store.update(key, String(Number(current.value) + 1), current.modRevision);
                mine.push(r.revision);
                current = r.kv;
                break;
              } catch (error) {
                if (!(error instanceof ConflictError)) throw error;
                current = error.current;
              }
            }
          }
        }),
      );
      const total = writers * perWriter;
      assert.equal((await store.get(key)).kv?.value, String(total));
      for (const mine of revisions) assertIncreasing(mine);
      assert.equal(new Set(revisions.flat()).size, total);
      const events = await collect(store.watch(key, { afterRevision: start }), total);
      assert.deepEqual(
        events.map((e) => e.kv.value),
        Array.from({ length: total }, (_, i) => String(i + 1)),
      );
      assertIncreasing(events.map((e) => e.kv.modRevision));
    });

    it('300 watchers each receive every event', async (store, p) => {
      const start = await store.currentRevision();
      const watchers = 300;
      const n = 20;
      const streams = Array.from({ length: watchers }, () => collect(store.watch(p, { afterRevision: start }), n, 30_000));
      await delay(50);
      for (let i = 0; i < n; i++) await store.create(`${p}k${i}`, String(i));
      const results = await Promise.all(streams);
      const expected = Array.from({ length: n }, (_, i) => `put k${i}=${i}`);
      for (const events of results) assert.deepEqual(events.map((e) => describeEvent(e, p)), expected);
    });

    it('watch ends when its signal aborts', async (store, p) => {
      const controller = new AbortController();
      const iterator = store.watch(p, { afterRevision: await store.currentRevision(), signal: controller.signal })[Symbol.asyncIterator]();
      await store.create(`${p}a`, '1');
      const first = await withTimeout(iterator.next(), 10_000);
      assert.equal(first.done, false);
      const pending = iterator.next();
      controller.abort();
      assert.equal((await withTimeout(pending, 10_000)).done, true);
    });

    test('watch ends when the store closes, and a closed store refuses calls', { timeout: testTimeout }, async () => {
      const store = await open();
      const p = `/conformance/${run}/${++counter}/`;
      const iterator = store.watch(p, { afterRevision: await store.currentRevision() })[Symbol.asyncIterator]();
      await store.create(`${p}a`, '1');
      assert.equal((await withTimeout(iterator.next(), 10_000)).done, false);
      const pending = iterator.next();
      await store.close();
      assert.equal((await withTimeout(pending, 10_000)).done, true);
      await assert.rejects(store.get(`${p}a`), isError(StoreClosedError, 'Closed'));
      await assert.rejects(store.create(`${p}b`, '1'), isError(StoreClosedError, 'Closed'));
      await store.close();
    });
  });
}

type ErrorClass = abstract new (...args: never[]) => StorageError;

function isError(type: ErrorClass, code: StorageError['code']): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

function keysOf(result: { readonly kvs: readonly KeyValue[] }, prefix: string): string[] {
  return result.kvs.map((kv) => kv.key.slice(prefix.length));
}

function describeEvent(event: WatchEvent, prefix: string): string {
  const base = `${event.type} ${event.kv.key.slice(prefix.length)}=${event.kv.value}`;
  return event.prev === undefined ? base : `${base} (was ${event.prev.value})`;
}

function assertIncreasing(values: readonly number[]): void {
  for (let i = 1; i < values.length; i++) {
    assert.ok((values[i] ?? 0) > (values[i - 1] ?? 0), `not strictly increasing at ${i}: ${values.slice(Math.max(0, i - 2), i + 2).join(', ')}`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads events until at least count arrived, then stops the watch. */
async function collect(stream: AsyncIterable<readonly WatchEvent[]>, count: number, ms = 20_000): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const iterator = stream[Symbol.asyncIterator]();
  try {
    while (out.length < count) {
      const result = await withTimeout(iterator.next(), ms).catch((error: unknown) => {
        if (error instanceof Error && error.message.startsWith('timed out')) {
          throw new Error(`watch delivered ${out.length} of ${count} events: ${error.message}`);
        }
        throw error;
      });
      if (result.done === true) break;
      out.push(...result.value);
    }
  } finally {
    await iterator.return?.();
  }
  return out;
}
