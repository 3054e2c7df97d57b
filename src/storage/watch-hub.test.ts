import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WatchEvent } from './storage.js';
import { type HistoryReader, WatchHub } from './watch-hub.js';

const put = (key: string, revision: number): WatchEvent => ({
  type: 'put',
  kv: { key, value: String(revision), createRevision: revision, modRevision: revision },
  prev: undefined,
});

/** A history reader over a fixed log, recording the pages asked for. */
function logReader(log: readonly WatchEvent[], calls: string[]): HistoryReader {
  return (prefix, after, until, limit) => {
    calls.push(`${prefix} (${after},${until}] ${limit}`);
    return log.filter((e) => e.kv.key.startsWith(prefix) && e.kv.modRevision > after && e.kv.modRevision <= until).slice(0, limit);
  };
}

test('subscribers get history, then live events, without gaps or duplicates, per prefix', async () => {
  const log = [put('/a/1', 2), put('/b/1', 3), put('/a/2', 4)];
  const hub = new WatchHub(4);
  const calls: string[] = [];
  const fromPast = hub.subscribe('/a/', 1, logReader(log, calls));
  const fromNow = hub.subscribe('/a/', 4, logReader(log, calls));
  const all = hub.subscribe('', 4, logReader(log, calls));
  // Published but not yet flushed when the late subscriber arrives: it must not see revision 5 twice.
  hub.publish([put('/a/3', 5)]);
  log.push(put('/a/3', 5));
  const late = hub.subscribe('/a/', 4, logReader(log, calls));
  hub.publish([put('/b/2', 6), put('/a/4', 7)]);
  await Promise.resolve();
  const keys = async (q: ReturnType<WatchHub['subscribe']>, n: number): Promise<string[]> => {
    const out: string[] = [];
    while (out.length < n) {
      const result = await q.next();
      if (result.done === true) break;
      out.push(...result.value.map((e) => e.kv.key));
    }
    return out;
  };
  assert.deepEqual(await keys(fromPast, 4), ['/a/1', '/a/2', '/a/3', '/a/4']);
  assert.deepEqual(await keys(fromNow, 2), ['/a/3', '/a/4']);
  assert.deepEqual(await keys(all, 3), ['/a/3', '/b/2', '/a/4']);
  assert.deepEqual(await keys(late, 2), ['/a/3', '/a/4']);
  assert.equal(hub.size, 4);
  assert.deepEqual(calls, ['/a/ (1,4] 1000', '/a/ (4,5] 1000']);
  await fromPast.return();
  assert.equal(hub.size, 3);
  hub.close();
  assert.equal((await all.next()).done, true);
  assert.equal(hub.size, 0);
  assert.equal((await hub.subscribe('', 0, logReader(log, [])).next()).done, true);
});

test('an aborted signal ends the subscription', async () => {
  const hub = new WatchHub(1);
  const controller = new AbortController();
  const q = hub.subscribe('', 1, () => [], controller.signal);
  const pending = q.next();
  controller.abort();
  assert.equal((await pending).done, true);
  assert.equal(hub.size, 0);
});
