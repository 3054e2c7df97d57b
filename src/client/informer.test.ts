import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { failureStatus } from './api-error.js';
import type { ResourceRef } from './client.js';
import { FakeApiServer } from './fake-api-server.js';
import { FakeClock } from './fake-clock.js';
import { Informer } from './informer.js';
import { objectKey } from './object-key.js';
import { SharedInformerFactory } from './shared-informer-factory.js';

const CM: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };

function cm(name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

async function eventually(clock: FakeClock, cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) {
      return;
    }
    await clock.advance(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** What the cache holds, comparable with the store: key -> resourceVersion. */
function cacheState(informer: Informer): Map<string, string | undefined> {
  return new Map(informer.cache.list().map((o) => [objectKey(o), o.metadata.resourceVersion]));
}

function storeState(server: FakeApiServer): Map<string, string | undefined> {
  return new Map(server.snapshot('configmaps').map((o) => [objectKey(o), o.metadata.resourceVersion]));
}

interface Recorded {
  type: 'add' | 'update' | 'delete';
  key: string;
  initial?: boolean;
  oldRv?: string | undefined;
}

function record(informer: Informer): Recorded[] {
  const events: Recorded[] = [];
  informer.addEventHandler({
    onAdd: (obj, initial) => events.push({ type: 'add', key: objectKey(obj), initial }),
    onUpdate: (oldObj, newObj) => events.push({ type: 'update', key: objectKey(newObj), oldRv: oldObj.metadata.resourceVersion }),
    onDelete: (obj) => events.push({ type: 'delete', key: objectKey(obj) }),
  });
  return events;
}

const running: Informer[] = [];
function startInformer(server: FakeApiServer, clock: FakeClock, options: { pageSize?: number; labelSelector?: string } = {}): Informer {
  const informer = new Informer(server.client, CM, { clock, backoff: { jitter: 0 }, ...options });
  running.push(informer);
  return informer;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.stop()));
});

describe('Informer', () => {
  it('lists in pages, syncs, and reports the initial objects as initial adds', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    for (let i = 0; i < 5; i++) {
      await server.client.create(CM, cm(`c${i}`));
    }
    const informer = startInformer(server, clock, { pageSize: 2 });
    const events = record(informer);
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(cacheState(informer), storeState(server));
    assert.equal(events.length, 5);
    assert.ok(events.every((e) => e.type === 'add' && e.initial === true));
    const lists = server.requests.filter((r) => r.verb === 'list');
    assert.equal(lists.length, 3, 'five objects in pages of two');
    assert.equal(informer.lastResourceVersion, String(server.revision()));
  });

  it('follows adds, updates and deletes from the watch, with frozen objects', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const informer = startInformer(server, clock);
    const events = record(informer);
    informer.start();
    await informer.waitForSync();
    await server.client.create(CM, cm('a', { x: '1' }));
    await eventually(clock, () => events.length === 1, 'add');
    const got = await server.client.get(CM, 'a', { namespace: 'default' });
    await server.client.update(CM, { ...got, data: { x: '2' } });
    await eventually(clock, () => events.length === 2, 'update');
    await server.client.delete(CM, 'a', { namespace: 'default' });
    await eventually(clock, () => events.length === 3, 'delete');
    assert.deepEqual(
      events.map((e) => e.type),
      ['add', 'update', 'delete'],
    );
    assert.equal(events[0]?.initial, false);
    assert.equal(events[1]?.oldRv, got.metadata.resourceVersion);
    assert.equal(informer.cache.size, 0);

    await server.client.create(CM, cm('b'));
    await eventually(clock, () => informer.cache.size === 1, 'b cached');
    const cached = informer.cache.get('default/b');
    assert.ok(cached !== undefined);
    assert.ok(Object.isFrozen(cached) && Object.isFrozen(cached.metadata));
    assert.throws(() => {
      (cached.metadata as { name?: string }).name = 'changed';
    }, TypeError);
  });

  it('resumes a closed watch from the last resourceVersion without relisting', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    const informer = startInformer(server, clock);
    informer.start();
    await informer.waitForSync();
    await server.client.create(CM, cm('b'));
    await eventually(clock, () => informer.cache.size === 2, 'b');
    const rvBeforeClose = informer.lastResourceVersion;
    await eventually(clock, () => server.openWatches() === 1, 'watch open');
    server.closeWatches();
    // Written while no watch is open: the resumed watch replays it from history.
    await server.client.create(CM, cm('c'));
    await eventually(clock, () => informer.cache.size === 3, 'c');
    const watches = server.requests.filter((r) => r.verb === 'watch');
    assert.equal(watches.length, 2);
    assert.equal(watches[1]?.resourceVersion, rvBeforeClose);
    assert.equal(informer.listCount, 1);
    assert.deepEqual(cacheState(informer), storeState(server));
  });

  for (const goneAsHttpError of [false, true]) {
    it(`relists after compaction (410 ${goneAsHttpError ? 'HTTP error' : 'ERROR event'}) and its cache equals the store`, async () => {
      const clock = new FakeClock();
      const server = new FakeApiServer({ clock, goneAsHttpError });
      for (const n of ['keep', 'change', 'remove']) {
        await server.client.create(CM, cm(n));
      }
      const informer = startInformer(server, clock);
      const events = record(informer);
      informer.start();
      await informer.waitForSync();
      events.length = 0;
      await eventually(clock, () => server.openWatches() === 1, 'watch open');
      // Close the watch, then change things and compact history behind the informer's back.
      server.closeWatches();
      const change = await server.client.get(CM, 'change', { namespace: 'default' });
      await server.client.update(CM, { ...change, data: { v: '2' } });
      await server.client.delete(CM, 'remove', { namespace: 'default' });
      await server.client.create(CM, cm('new'));
      server.compact();
      await eventually(clock, () => informer.listCount === 2, 'relist');
      await eventually(clock, () => events.length === 3, 'relist events');
      assert.deepEqual(cacheState(informer), storeState(server));
      assert.deepEqual(
        events.map((e) => `${e.type} ${e.key}`).sort(),
        ['add default/new', 'delete default/remove', 'update default/change'],
      );
      // And it goes on watching after the relist.
      await server.client.create(CM, cm('after'));
      await eventually(clock, () => informer.cache.has('default/after'), 'after relist');
      assert.deepEqual(cacheState(informer), storeState(server));
    });
  }

  it('relists when a continue token expires during a paged list', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    for (let i = 0; i < 4; i++) {
      await server.client.create(CM, cm(`c${i}`));
    }
    const informer = startInformer(server, clock, { pageSize: 2 });
    // The second page's request finds its continue token compacted.
    let compactedOnce = false;
    const realList = server.list.bind(server);
    server.list = async (ref, options) => {
      if (options.continue !== undefined && !compactedOnce) {
        compactedOnce = true;
        await server.client.create(CM, cm('late'));
        server.compact();
      }
      return realList(ref, options);
    };
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    assert.deepEqual(cacheState(informer), storeState(server));
    assert.equal(informer.cache.size, 5);
  });

  it('moves its resourceVersion forward on bookmarks', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const informer = startInformer(server, clock);
    informer.start();
    await informer.waitForSync();
    const before = informer.lastResourceVersion;
    // Writes to another resource move the store's revision but send this watch nothing.
    await server.client.create({ apiVersion: 'v1', kind: 'Secret' }, { metadata: { name: 's', namespace: 'default' } });
    await server.client.create({ apiVersion: 'v1', kind: 'Secret' }, { metadata: { name: 't', namespace: 'default' } });
    assert.equal(informer.lastResourceVersion, before);
    await eventually(clock, () => server.openWatches() === 1, 'watch open');
    server.sendBookmarks();
    await eventually(clock, () => informer.lastResourceVersion === String(server.revision()), 'bookmark');
    // A compaction now does not force a relist: the resumed watch starts from the bookmark.
    server.closeWatches();
    server.compact();
    await eventually(clock, () => server.requests.filter((r) => r.verb === 'watch').length === 2, 'rewatch');
    await clock.advance(2000);
    assert.equal(informer.listCount, 1);
    const watches = server.requests.filter((r) => r.verb === 'watch');
    assert.equal(watches[1]?.resourceVersion, String(server.revision()));
  });

  it('backs off and retries when listing fails', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    server.failNext('list', failureStatus(500, 'InternalError', 'boom'));
    server.failNext('list', failureStatus(503, 'ServiceUnavailable', 'busy'));
    const informer = startInformer(server, clock);
    informer.start();
    await clock.flush();
    assert.equal(informer.hasSynced(), false);
    await clock.advance(799);
    assert.equal(server.requests.filter((r) => r.verb === 'list').length, 1, 'first retry after 800 ms');
    await clock.advance(1);
    assert.equal(server.requests.filter((r) => r.verb === 'list').length, 2);
    await clock.advance(1599);
    assert.equal(informer.hasSynced(), false, 'second retry after 1600 ms');
    await clock.advance(1);
    assert.equal(informer.hasSynced(), true);
    assert.equal(informer.cache.size, 1);
  });

  it('filters by label selector, seeing objects that leave the selection as deletes', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('web', {}, { app: 'web' }));
    await server.client.create(CM, cm('db', {}, { app: 'db' }));
    const informer = startInformer(server, clock, { labelSelector: 'app=web' });
    const events = record(informer);
    informer.start();
    await informer.waitForSync();
    assert.deepEqual(informer.cache.keys(), ['default/web']);
    const web = await server.client.get(CM, 'web', { namespace: 'default' });
    await server.client.update(CM, { ...web, metadata: { ...web.metadata, labels: { app: 'other' } } });
    await eventually(clock, () => informer.cache.size === 0, 'web left the selection');
    assert.equal(events.at(-1)?.type, 'delete');
  });

  it('replays the cache to a handler added after sync, and unregisters handlers', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    const informer = startInformer(server, clock);
    informer.start();
    await informer.waitForSync();
    const late: string[] = [];
    const remove = informer.addEventHandler({ onAdd: (o, initial) => late.push(`${objectKey(o)} ${initial}`) });
    assert.deepEqual(late, ['default/a true']);
    remove();
    await server.client.create(CM, cm('b'));
    await eventually(clock, () => informer.cache.size === 2, 'b');
    assert.deepEqual(late, ['default/a true']);
  });

  it('keeps custom, namespace and label indexes in step', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a', { owner: 'x' }, { tier: 'front' }, 'ns1'));
    await server.client.create(CM, cm('b', { owner: 'x' }, { tier: 'back' }, 'ns2'));
    const informer = startInformer(server, clock);
    informer.addIndexers({ byOwner: (o) => [String((o['data'] as Record<string, string>)['owner'])] });
    informer.start();
    await informer.waitForSync();
    assert.deepEqual(informer.cache.byIndex('byOwner', 'x').map(objectKey).sort(), ['ns1/a', 'ns2/b']);
    assert.deepEqual(informer.cache.listByNamespace('ns1').map(objectKey), ['ns1/a']);
    assert.deepEqual(informer.cache.listByLabel('tier', 'back').map(objectKey), ['ns2/b']);
    assert.deepEqual(informer.cache.select('tier in (front,back),tier!=back').map(objectKey), ['ns1/a']);
    const a = await server.client.get(CM, 'a', { namespace: 'ns1' });
    await server.client.update(CM, { ...a, data: { owner: 'y' } });
    await eventually(clock, () => informer.cache.byIndex('byOwner', 'y').length === 1, 'reindexed');
    assert.deepEqual(informer.cache.byIndex('byOwner', 'x').map(objectKey), ['ns2/b']);
  });
});

describe('SharedInformerFactory', () => {
  it('shares one informer per resource and selection', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, cm('a'));
    const factory = new SharedInformerFactory(server.client, { clock });
    const one = factory.informerFor(CM);
    const two = factory.informerFor(CM);
    const other = factory.informerFor(CM, { namespace: 'kube-system' });
    assert.equal(one, two);
    assert.notEqual(one, other);
    factory.start();
    assert.equal(await factory.waitForSync(), true);
    assert.equal(one.cache.size, 1);
    assert.equal(other.cache.size, 0);
    const late = factory.informerFor({ apiVersion: 'v1', kind: 'Secret' });
    assert.equal(late.started, true);
    assert.equal(await factory.waitForSync(), true);
    assert.equal(server.requests.filter((r) => r.verb === 'list').length, 3);
    await factory.stop();
    assert.equal(server.openWatches(), 0);
  });
});
