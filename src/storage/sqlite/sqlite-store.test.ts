import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { runStoreConformance } from '../conformance.js';
import { ConflictError, KeyExistsError } from '../errors.js';
import type { WatchEvent } from '../storage.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'karmada-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `store-${++n}.db`);

runStoreConformance('sqlite', async () => openSqliteStore({ path: freshPath() }));

describe('sqlite store specifics', () => {
  test('data and revisions survive close and reopen; the directory is created', async () => {
    const path = join(dir, 'nested', 'deeper', 'reopen.db');
    const first = openSqliteStore({ path });
    const a = await first.create('/r/a', '{"a":1}');
    await first.update('/r/a', '{"a":2}', a.revision);
    await first.close();
    const second = openSqliteStore({ path });
    try {
      const got = await second.get('/r/a');
      assert.deepEqual(got.kv, { key: '/r/a', value: '{"a":2}', createRevision: a.revision, modRevision: a.revision + 1 });
      assert.equal(await second.currentRevision(), a.revision + 1);
      assert.equal((await second.create('/r/b', '{}')).revision, a.revision + 2);
    } finally {
      await second.close();
    }
  });

  test('an empty store is at revision 1 and the first write is revision 2', async () => {
    const store = openSqliteStore({ path: freshPath() });
    try {
      assert.equal(await store.currentRevision(), 1);
      assert.equal((await store.create('/x', '1')).revision, 2);
    } finally {
      await store.close();
    }
  });

  test('writes issued together commit together, and one failing write does not fail the others', async () => {
    const store = openSqliteStore({ path: freshPath() });
    try {
      const base = await store.create('/g/base', '0');
      const results = await Promise.allSettled([
        store.create('/g/a', '1'),
        store.create('/g/base', 'dup'),
        store.update('/g/base', '1', base.revision),
        store.update('/g/base', '2', base.revision),
        store.create('/g/b', '2'),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
      );
      assert.ok(results[1]?.status === 'rejected' && results[1].reason instanceof KeyExistsError);
      assert.ok(results[3]?.status === 'rejected' && results[3].reason instanceof ConflictError);
      const revisions = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.revision] : []));
      assert.deepEqual(revisions, [base.revision + 1, base.revision + 2, base.revision + 3]);
      assert.equal((await store.get('/g/base')).kv?.value, '1');
    } finally {
      await store.close();
    }
  });

  test('compaction deletes superseded rows and deleted keys from the table', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path });
    const raw = new Database(path, { readonly: true });
    try {
      const count = (): number => raw.prepare('SELECT COUNT(*) FROM kv').pluck().get() as number;
      let rev = (await store.create('/c/live', '0')).revision;
      for (let i = 1; i <= 10; i++) rev = (await store.update('/c/live', String(i), rev)).revision;
      for (let i = 0; i < 5; i++) await store.create(`/c/gone${i}`, 'x');
      for (let i = 0; i < 5; i++) await store.delete(`/c/gone${i}`);
      assert.equal(count(), 11 + 10);
      await store.compact(await store.currentRevision());
      assert.equal(count(), 1);
      const later = await store.update('/c/live', '11', rev);
      await store.compact(later.revision);
      assert.equal(count(), 1);
      assert.equal((await store.get('/c/live')).kv?.value, '11');
    } finally {
      raw.close();
      await store.close();
    }
  });

  test('a watcher sees writes made through another connection to the same file, in order', async () => {
    const path = freshPath();
    const watcherSide = openSqliteStore({ path, pollIntervalMs: 20 });
    const writerSide = openSqliteStore({ path, pollIntervalMs: 20 });
    try {
      const start = await watcherSide.currentRevision();
      const iterator = watcherSide.watch('/s/', { afterRevision: start })[Symbol.asyncIterator]();
      const events: WatchEvent[] = [];
      const reading = (async () => {
        while (events.length < 6) {
          const r = await iterator.next();
          if (r.done === true) break;
          events.push(...r.value);
        }
        await iterator.return?.();
      })();
      // Interleave: the watcher's own writes must not overtake the other connection's.
      await writerSide.create('/s/1', 'other');
      await watcherSide.create('/s/2', 'own');
      await writerSide.create('/s/3', 'other');
      await writerSide.create('/s/4', 'other');
      await watcherSide.create('/s/5', 'own');
      await delay(50);
      await writerSide.create('/s/6', 'other');
      await Promise.race([reading, delay(5000).then(() => assert.fail(`only ${events.length} events`))]);
      assert.deepEqual(
        events.map((e) => e.kv.key),
        ['/s/1', '/s/2', '/s/3', '/s/4', '/s/5', '/s/6'],
      );
      assert.deepEqual(
        events.map((e) => e.kv.modRevision),
        [1, 2, 3, 4, 5, 6].map((i) => start + i),
      );
      // And the other side's list sees this side's writes at once.
      assert.equal((await writerSide.list('/s/')).kvs.length, 6);
    } finally {
      await watcherSide.close();
      await writerSide.close();
    }
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
