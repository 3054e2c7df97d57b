import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startCompactor } from './compactor.js';
import { MemoryStore } from './memory/memory-store.js';

test('the compactor compacts to the revision seen one tick earlier', async () => {
  const store = new MemoryStore();
  const errors: unknown[] = [];
  const compactor = startCompactor(store, { intervalMs: 3_600_000, onError: (e) => errors.push(e) });
  try {
    await store.create('/a', '1');
    await compactor.tick();
    const first = await store.currentRevision();
    assert.equal(await store.compactedRevision(), 0);
    await store.create('/b', '1');
    await compactor.tick();
    assert.equal(await store.compactedRevision(), first);
    // Nothing written since the last tick: the previous revision is compacted, no more.
    const second = await store.currentRevision();
    await compactor.tick();
    assert.equal(await store.compactedRevision(), second);
    await compactor.tick();
    assert.equal(await store.compactedRevision(), second);
    assert.deepEqual(errors, []);
  } finally {
    compactor.stop();
    await store.close();
  }
});
