import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isScalingEvent,
  maxSurge,
  maxUnavailable,
  MAX_REPLICAS_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  newRSNewReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  resolveFenceposts,
  scaleForResize,
  scaledValue,
  sumAvailable,
  type DeploymentView,
  type RsView,
} from './deployment-rollout.js';

function d(replicas: number, surge: number | string, unavailable: number | string, strategy: DeploymentView['strategy'] = 'RollingUpdate'): DeploymentView {
  return { replicas, strategy, maxSurge: surge, maxUnavailable: unavailable, statusReplicas: 0 };
}

function rs(name: string, replicas: number, created: number, available = replicas, annotations: Record<string, string> = {}): RsView {
  return { name, replicas, statusReplicas: replicas, readyReplicas: available, availableReplicas: available, created, annotations };
}

describe('fenceposts', () => {
  const table: [number | string, number | string, number, [number, number]][] = [
    ['25%', '25%', 10, [3, 2]],
    ['25%', '25%', 1, [1, 0]],
    ['25%', '25%', 4, [1, 1]],
    [0, 0, 5, [0, 1]],
    [2, '50%', 5, [2, 2]],
    ['100%', 0, 3, [3, 0]],
  ];
  for (const [surge, unavailable, desired, want] of table) {
    it(`maxSurge ${surge}, maxUnavailable ${unavailable} of ${desired} -> ${want.join('/')}`, () => {
      assert.deepEqual(resolveFenceposts(surge, unavailable, desired), want);
    });
  }
  it('scaled values round surge up and unavailability down', () => {
    assert.equal(scaledValue('33%', 10, true), 4);
    assert.equal(scaledValue('33%', 10, false), 3);
    assert.equal(scaledValue(7, 10, false), 7);
  });
  it('maxUnavailable is capped at replicas and zero for Recreate', () => {
    assert.equal(maxUnavailable(d(2, 0, 5)), 2);
    assert.equal(maxUnavailable(d(2, 1, 1, 'Recreate')), 0);
    assert.equal(maxSurge(d(2, 1, 1, 'Recreate')), 0);
  });
});

describe('new ReplicaSet sizing', () => {
  it('creates the new ReplicaSet at full size without old ones', () => {
    const fresh = rs('new', 0, 2);
    assert.equal(newRSNewReplicas(d(4, '25%', '25%'), [fresh], fresh), 4);
  });
  it('scales up only within maxSurge', () => {
    const old = rs('old', 10, 1);
    const fresh = rs('new', 0, 2);
    assert.equal(newRSNewReplicas(d(10, 3, 2), [old, fresh], fresh), 3);
    assert.equal(reconcileNewReplicaSet(d(10, 3, 2), [old, fresh], fresh), 3);
  });
  it('scales a too large new ReplicaSet down to spec.replicas', () => {
    const fresh = rs('new', 12, 2);
    assert.equal(reconcileNewReplicaSet(d(10, 3, 2), [fresh], fresh), 10);
  });
  it('Recreate sizes the new ReplicaSet at once', () => {
    const fresh = rs('new', 0, 2);
    assert.equal(newRSNewReplicas(d(5, 0, 0, 'Recreate'), [rs('old', 5, 1), fresh], fresh), 5);
  });
});

describe('old ReplicaSets scale-down', () => {
  it('scales old ones down by what availability allows', () => {
    // 10 replicas, maxUnavailable 2: the new RS has 3 unavailable pods, so 13 - 8 - 3 = 2 may go.
    const old = rs('old', 10, 1);
    const fresh = rs('new', 3, 2, 0);
    assert.deepEqual(reconcileOldReplicaSets(d(10, 3, 2), [old, fresh], [old], fresh), [{ name: 'old', replicas: 8 }]);
  });
  it('removes unhealthy old replicas first, oldest ReplicaSet first', () => {
    const older = rs('v1', 2, 1, 0);
    const old = rs('v2', 8, 2, 8);
    const fresh = rs('v3', 2, 3, 2);
    const got = reconcileOldReplicaSets(d(10, 2, 2), [older, old, fresh], [older, old], fresh);
    // 12 pods, min available 8: 4 may go; the 2 unavailable of v1 first, then 2 of v2 (10 available - 8).
    assert.deepEqual(got, [
      { name: 'v1', replicas: 0 },
      { name: 'v2', replicas: 6 },
    ]);
  });
  it('does nothing while the new pods are not available', () => {
    const old = rs('old', 3, 1);
    const fresh = rs('new', 1, 2, 0);
    assert.deepEqual(reconcileOldReplicaSets(d(3, 1, 0), [old, fresh], [old], fresh), []);
  });
});

/** Runs a rollout step by step; pods become available between steps (after `readyAfter` steps). */
function simulateRollout(deployment: DeploymentView, oldReplicas: number): { steps: number; maxTotal: number; minAvailable: number; final: RsView[] } {
  let old = rs('old', oldReplicas, 1);
  let fresh = rs('new', 0, 2, 0);
  fresh = { ...fresh, replicas: newRSNewReplicas(deployment, [old, fresh], fresh) };
  let maxTotal = old.replicas + fresh.replicas;
  let minAvailable = Number.POSITIVE_INFINITY;
  let steps = 0;
  for (; steps < 100; steps++) {
    // The previous step's pods come up; pods of a scaled-down RS are gone.
    old = { ...old, statusReplicas: old.replicas, availableReplicas: Math.min(old.availableReplicas, old.replicas), readyReplicas: Math.min(old.availableReplicas, old.replicas) };
    fresh = { ...fresh, statusReplicas: fresh.replicas, availableReplicas: fresh.replicas, readyReplicas: fresh.replicas };
    minAvailable = Math.min(minAvailable, sumAvailable([old, fresh]));
    const target = reconcileNewReplicaSet(deployment, [old, fresh], fresh);
    if (target !== undefined) {
      fresh = { ...fresh, replicas: target, availableReplicas: fresh.availableReplicas };
    } else {
      const downs = reconcileOldReplicaSets(deployment, [old, fresh], old.replicas > 0 ? [old] : [], fresh);
      if (downs.length === 0) {
        break;
      }
      old = { ...old, replicas: downs[0]?.replicas ?? old.replicas };
    }
    maxTotal = Math.max(maxTotal, old.replicas + fresh.replicas);
  }
  return { steps, maxTotal, minAvailable, final: [old, fresh] };
}

describe('rolling update, step by step', () => {
  const table: [number, number | string, number | string][] = [
    [3, '25%', '25%'],
    [10, '25%', '25%'],
    [10, 0, 1],
    [10, 3, 0],
    [5, '100%', 0],
    [1, 0, 1],
    [7, 2, 3],
  ];
  for (const [replicas, surge, unavailable] of table) {
    it(`${replicas} replicas, maxSurge ${surge}, maxUnavailable ${unavailable}: stays within the fenceposts and completes`, () => {
      const deployment = d(replicas, surge, unavailable);
      const result = simulateRollout(deployment, replicas);
      assert.ok(result.maxTotal <= replicas + maxSurge(deployment), `at most ${replicas + maxSurge(deployment)} pods, saw ${result.maxTotal}`);
      assert.ok(result.minAvailable >= replicas - maxUnavailable(deployment), `at least ${replicas - maxUnavailable(deployment)} available, saw ${result.minAvailable}`);
      assert.deepEqual(
        result.final.map((r) => [r.name, r.replicas]),
        [
          ['old', 0],
          ['new', replicas],
        ],
      );
    });
  }
});

describe('proportional scaling (upstream TestScale cases)', () => {
  // maxSurge 0 and maxUnavailable 0 (unavailable becomes 1), max-replicas annotated with the old size.
  const annotated = (size: number): Record<string, string> => ({ [DESIRED_REPLICAS_ANNOTATION]: String(size), [MAX_REPLICAS_ANNOTATION]: String(size) });
  const table: [string, number, number, [string, number, number][], Record<string, number>][] = [
    ['5 -> 10', 10, 5, [['v2', 2, 3], ['v1', 3, 1]], { v2: 4, v1: 6 }],
    ['5 -> 3', 3, 5, [['v2', 2, 3], ['v1', 3, 1]], { v2: 1, v1: 2 }],
    ['9 -> 4', 4, 9, [['v2', 8, 3], ['v1', 1, 1]], { v2: 4, v1: 0 }],
    ['7 -> 10', 10, 7, [['v3', 2, 3], ['v2', 3, 2], ['v1', 2, 1]], { v3: 3, v2: 4, v1: 3 }],
    ['13 -> 8', 8, 13, [['v3', 8, 3], ['v2', 3, 2], ['v1', 2, 1]], { v3: 5, v2: 2, v1: 1 }],
  ];
  for (const [name, replicas, before, sets, want] of table) {
    it(name, () => {
      const views = sets.map(([n, size, created]) => rs(n, size, created, 0, annotated(before)));
      const [newRS, ...oldRSs] = views;
      const deployment = d(replicas, 0, 0);
      assert.equal(isScalingEvent(deployment, views), true);
      const actions = scaleForResize(deployment, newRS, oldRSs);
      assert.deepEqual(Object.fromEntries(actions.map((a) => [a.name, a.replicas])), want);
    });
  }
  it('a single active ReplicaSet takes the new size', () => {
    assert.deepEqual(scaleForResize(d(5, 1, 1), rs('new', 3, 2), [rs('old', 0, 1)]), [{ name: 'new', replicas: 5 }]);
  });
  it('a saturated new ReplicaSet sends old ones to zero', () => {
    const fresh = rs('new', 5, 2, 5, { [DESIRED_REPLICAS_ANNOTATION]: '5' });
    assert.deepEqual(scaleForResize(d(5, 1, 1), fresh, [rs('old', 2, 1, 2, {})]).filter((a) => a.name === 'old'), [{ name: 'old', replicas: 0 }]);
  });
});
