import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runStoreConformance } from '../conformance.js';
import { CompactedError, StorageError } from '../errors.js';
import { openStore } from '../registry.js';
import { type EtcdProcess, defaultEtcdBinary, etcdAvailable, startEtcd } from './etcd-process.js';
import { openEtcdStore } from './etcd-store.js';

if (!etcdAvailable()) {
  test('etcd store conformance', (t) => t.skip(`${defaultEtcdBinary} is not installed (Debian package etcd-server)`));
} else {
  let etcd: EtcdProcess | undefined;
  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    await etcd?.stop();
  });
  const open = async (): Promise<ReturnType<typeof openEtcdStore>> => {
    assert.ok(etcd !== undefined, 'etcd did not start');
    return openEtcdStore({ endpoints: [etcd.endpoint] });
  };

  runStoreConformance('etcd', open);

  describe('etcd store specifics', () => {
    test('openStore connects by etcd:// URL and fails fast on a dead address', { timeout: 30_000 }, async () => {
      assert.ok(etcd !== undefined);
      const store = await openStore(etcd.url);
      try {
        assert.ok((await store.currentRevision()) >= 1);
      } finally {
        await store.close();
      }
      await assert.rejects(openStore('etcd://127.0.0.1:1'), (error: unknown) => error instanceof StorageError && error.code === 'Unavailable');
    });

    test('another client learns the compacted revision and gets CompactedError from its watch', { timeout: 30_000 }, async () => {
      const writer = await open();
      const other = await open();
      try {
        const first = await writer.create(`/specific/${Date.now()}`, '1');
        await writer.create(`/specific/${Date.now()}-2`, '2');
        const at = await writer.currentRevision();
        await writer.compact(at);
        assert.equal(await other.compactedRevision(), at);
        const iterator = other.watch('/specific/', { afterRevision: first.revision - 1 })[Symbol.asyncIterator]();
        await assert.rejects(iterator.next(), (error: unknown) => error instanceof CompactedError && error.compacted === at);
      } finally {
        await writer.close();
        await other.close();
      }
    });
  });
}
