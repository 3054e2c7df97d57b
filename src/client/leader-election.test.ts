import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { failureStatus, ApiError } from './api-error.js';
import { FakeApiServer } from './fake-api-server.js';
import { FakeClock } from './fake-clock.js';
import type { LeaseSpec } from './leader-election.js';
import { LEASES, LeaderElector, formatMicroTime } from './leader-election.js';

interface Candidate {
  readonly elector: LeaderElector;
  readonly stop: AbortController;
  readonly done: Promise<void>;
  readonly log: string[];
  leadingSignal: AbortSignal | undefined;
}

function candidate(server: FakeApiServer, clock: FakeClock, identity: string, releaseOnCancel = true): Candidate {
  const log: string[] = [];
  const stop = new AbortController();
  const c: { leadingSignal: AbortSignal | undefined } = { leadingSignal: undefined };
  const elector = new LeaderElector({
    client: server.client,
    namespace: 'karmada-system',
    name: 'karmada-controller-manager',
    identity,
    clock,
    jitterFactor: 0,
    releaseOnCancel,
    onStartedLeading: (signal) => {
      log.push('started');
      c.leadingSignal = signal;
    },
    onStoppedLeading: () => log.push('stopped'),
    onNewLeader: (id) => log.push(`leader ${id}`),
  });
  const done = elector.run(stop.signal);
  return Object.assign(c, { elector, stop, done, log });
}

async function lease(server: FakeApiServer): Promise<LeaseSpec> {
  const l = await server.client.get<KubeObject>(LEASES, 'karmada-controller-manager', { namespace: 'karmada-system' });
  return l['spec'] as LeaseSpec;
}

describe('LeaderElector', () => {
  it('formats MicroTime with six fractional digits', () => {
    assert.equal(formatMicroTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02T03:04:05.678000Z');
  });

  it('one of two candidates leads; the other takes over at once when the leader releases', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const a = candidate(server, clock, 'a');
    await clock.flush();
    const b = candidate(server, clock, 'b');
    await clock.advance(10);
    assert.equal(a.elector.isLeader(), true);
    assert.equal(b.elector.isLeader(), false);
    assert.equal(b.elector.getLeader(), 'a');
    assert.deepEqual(a.log, ['leader a', 'started']);
    const first = await lease(server);
    assert.equal(first.holderIdentity, 'a');
    assert.equal(first.leaseDurationSeconds, 15);
    assert.equal(first.leaseTransitions, 0);

    // The leader renews every retry period; the follower never steals a fresh lease.
    await clock.advance(60_000);
    assert.equal(a.elector.isLeader(), true);
    assert.equal(b.elector.isLeader(), false);
    const renewed = await lease(server);
    assert.equal(renewed.acquireTime, first.acquireTime);
    assert.notEqual(renewed.renewTime, first.renewTime);

    a.stop.abort();
    await a.done;
    assert.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    assert.equal(a.leadingSignal?.aborted, true);
    const released = await lease(server);
    assert.equal(released.holderIdentity, '');
    assert.equal(released.leaseDurationSeconds, 1);

    await clock.advance(2_000);
    assert.equal(b.elector.isLeader(), true);
    const taken = await lease(server);
    assert.equal(taken.holderIdentity, 'b');
    assert.equal(taken.leaseTransitions, 1);
    assert.deepEqual(b.log, ['leader a', 'leader b', 'started']);
    b.stop.abort();
    await b.done;
  });

  it('takes over from a crashed leader only after the lease duration, by its own observation', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const a = candidate(server, clock, 'a', false);
    await clock.advance(10);
    const b = candidate(server, clock, 'b');
    await clock.advance(10);
    // "Crash": a stops without releasing.
    a.stop.abort();
    await a.done;
    assert.equal((await lease(server)).holderIdentity, 'a');
    await clock.advance(12_000);
    assert.equal(b.elector.isLeader(), false, 'lease not yet expired');
    await clock.advance(6_000);
    assert.equal(b.elector.isLeader(), true);
    const l = await lease(server);
    assert.equal(l.holderIdentity, 'b');
    assert.equal(l.leaseTransitions, 1);
    b.stop.abort();
    await b.done;
  });

  it('stops leading when it cannot renew within the renew deadline', async () => {
    const clock = new FakeClock();
    const server = new FakeApiServer({ clock });
    const a = candidate(server, clock, 'a');
    await clock.advance(10);
    assert.equal(a.elector.isLeader(), true);
    const realUpdate = server.update.bind(server);
    let failing = true;
    server.update = async (...args) => {
      if (failing) {
        throw new ApiError(failureStatus(500, 'InternalError', 'etcd unavailable'));
      }
      return realUpdate(...args);
    };
    await clock.advance(2_000 + 8_000);
    assert.equal(a.elector.isLeader(), true, 'still within renew deadline');
    await clock.advance(2_000);
    await a.done;
    assert.equal(a.elector.isLeader(), false);
    assert.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    assert.equal(a.leadingSignal?.aborted, true);
    failing = false;
  });
});
