import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceRef } from '../../client/client.js';
import { FakeApiServer } from '../../client/fake-api-server.js';
import { FakeClock } from '../../client/fake-clock.js';
import { Controller } from './controller.js';
import type { ControllerRegistration } from './controller-manager.js';
import { ControllerManager, LeadershipLostError } from './controller-manager.js';
import { isControllerEnabled, parseControllerList, unknownControllers } from './controller-list.js';
import { reconcilerFunc } from './reconciler.js';

const CM: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };

describe('--controllers list', () => {
  const disabled = new Set(['hpaScaleTargetMarker']);
  const table: [string, string, boolean][] = [
    ['*', 'cluster', true],
    ['*', 'hpaScaleTargetMarker', false],
    ['*,hpaScaleTargetMarker', 'hpaScaleTargetMarker', true],
    ['*,-cluster', 'cluster', false],
    ['-cluster,*', 'cluster', false],
    ['cluster', 'cluster', true],
    ['cluster', 'execution', false],
    ['', 'cluster', false],
    ['  cluster , execution ', 'execution', true],
  ];
  for (const [list, name, want] of table) {
    it(`"${list}" ${want ? 'enables' : 'disables'} ${name}`, () => {
      assert.equal(isControllerEnabled(name, parseControllerList(list), disabled), want);
    });
  }
  it('parses several flag values and reports unknown names', () => {
    assert.deepEqual(parseControllerList(['*,-a', 'b']), ['*', '-a', 'b']);
    assert.deepEqual(unknownControllers(['*', '-a', 'zz', '-yy'], new Set(['a', 'b'])), ['zz', '-yy']);
  });
});

function recordingController(name: string, log: string[]): ControllerRegistration {
  return {
    name,
    setup: (ctx) => {
      log.push(`setup ${name}`);
      const informer = ctx.informers.informerFor(CM);
      return new Controller({
        name,
        clock: ctx.clock,
        reconciler: reconcilerFunc(async (key) => {
          log.push(`${name} ${key}`);
        }),
      }).watch(informer);
    },
  };
}

async function eventually(clock: FakeClock, cond: () => boolean, what: string, stepMs = 100): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) {
      return;
    }
    await clock.advance(stepMs);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('ControllerManager', () => {
  it('runs the enabled controllers on one shared informer and stops them', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, { metadata: { name: 'a', namespace: 'default' } });
    const log: string[] = [];
    const manager = new ControllerManager({ client: server.client, clock, controllers: ['*', '-two'] })
      .register(recordingController('one', log))
      .register(recordingController('two', log))
      .register({ ...recordingController('three', log), disabledByDefault: true });
    assert.deepEqual(manager.enabledControllers(), ['one']);
    const stop = new AbortController();
    const done = manager.start(stop.signal);
    await eventually(clock, () => log.includes('one default/a'), 'reconcile');
    assert.deepEqual(log, ['setup one', 'one default/a']);
    assert.equal(server.requests.filter((r) => r.verb === 'list').length, 1);
    stop.abort();
    await done;
    assert.equal(server.openWatches(), 0);
  });

  it('refuses unknown controller names', async () => {
    const server = new FakeApiServer();
    const manager = new ControllerManager({ client: server.client, controllers: ['*', 'nope'] }).register(recordingController('one', []));
    await assert.rejects(manager.start(new AbortController().signal), /unknown controllers in --controllers: nope/);
  });

  it('runs controllers only on the leader; the standby takes over when the leader stops', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    await server.client.create(CM, { metadata: { name: 'a', namespace: 'default' } });
    const logs: Record<string, string[]> = { m1: [], m2: [] };
    const managers = (['m1', 'm2'] as const).map((id) =>
      new ControllerManager({
        client: server.client,
        clock,
        leaderElection: { namespace: 'karmada-system', name: 'karmada-controller-manager', identity: id, jitterFactor: 0 },
      }).register(recordingController('one', logs[id] ?? [])),
    );
    const stops = [new AbortController(), new AbortController()];
    const m1 = managers[0]?.start(stops[0]?.signal ?? AbortSignal.abort());
    await clock.advance(10);
    const m2 = managers[1]?.start(stops[1]?.signal ?? AbortSignal.abort());
    await eventually(clock, () => logs['m1']?.includes('one default/a') === true, 'leader reconciles');
    await clock.advance(10_000);
    assert.deepEqual(logs['m2'], [], 'standby runs nothing');
    stops[0]?.abort();
    await m1;
    await eventually(clock, () => logs['m2']?.includes('one default/a') === true, 'standby took over');
    stops[1]?.abort();
    await m2;
  });

  it('rejects with LeadershipLostError when the lease is lost', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const log: string[] = [];
    const manager = new ControllerManager({
      client: server.client,
      clock,
      leaderElection: { namespace: 'karmada-system', name: 'scheduler', identity: 'me', jitterFactor: 0 },
    }).register(recordingController('one', log));
    const done = manager.start(new AbortController().signal);
    const outcome = done.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await eventually(clock, () => log.includes('setup one'), 'leading');
    // Someone else takes the lease over behind our back.
    const lease = await server.client.get({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, 'scheduler', { namespace: 'karmada-system' });
    await server.client.update({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, { ...lease, spec: { ...(lease['spec'] as object), holderIdentity: 'thief' } });
    await clock.advance(15_000);
    assert.ok((await outcome) instanceof LeadershipLostError);
  });
});
