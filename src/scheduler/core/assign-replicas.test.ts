import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Placement } from '../../api/policy/placement.js';
import type { TargetCluster } from '../../api/work/resource-binding.js';
import { aggregated, asRecord, dynamicWeight, makeCluster, staticWeight } from '../testing/fixtures.js';
import { assignReplicas } from './assign-replicas.js';
import { UnschedulableError } from './errors.js';
import type { AssignmentMode, DivisionStep } from './explanation.js';
import { strategyOf } from './strategy.js';
import { bindingTieBreaker, namesDescendingFor } from './tie-breaker.js';
import { defaultTieBreaker } from './webster.js';

/** Clusters member1..n in selection order with the given available replicas. */
function run(opts: {
  available: Record<string, number>;
  placement: Placement;
  replicas: number;
  previous?: TargetCluster[];
  mode?: AssignmentMode;
  uid?: string;
}): Record<string, number> {
  const clusters: Cluster[] = Object.keys(opts.available).map((name) => makeCluster(name));
  const result = assignReplicas({
    clusters,
    spec: {
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' },
      replicas: opts.replicas,
      placement: opts.placement,
      ...(opts.previous ? { clusters: opts.previous } : {}),
    },
    strategy: strategyOf(opts.placement),
    mode: opts.mode ?? 'Steady',
    available: (c) => opts.available[c.metadata.name ?? ''] ?? 0,
    tieBreaker: opts.uid === undefined ? defaultTieBreaker : bindingTieBreaker(opts.uid),
  });
  return asRecord(result);
}

const three = { member1: 100, member2: 100, member3: 100 };

describe('static weight division (Webster)', () => {
  const cases: Array<{ name: string; weights?: Record<string, number>; available?: Record<string, number>; replicas: number; want: Record<string, number> }> = [
    // Karmada's documented examples.
    { name: '12 replicas, weight 3:2:1', weights: { member1: 3, member2: 2, member3: 1 }, replicas: 12, want: { member1: 6, member2: 4, member3: 2 } },
    { name: '9 replicas, weight 1:2', weights: { member1: 1, member2: 2 }, available: { member1: 1, member2: 1 }, replicas: 9, want: { member1: 3, member2: 6 } },
    { name: '9 replicas, weight 1:3 (approximate)', weights: { member1: 1, member2: 3 }, available: { member1: 1, member2: 1 }, replicas: 9, want: { member1: 2, member2: 7 } },
    { name: '12 replicas, default (equal) weights', replicas: 12, want: { member1: 4, member2: 4, member3: 4 } },
    // Webster rounds 7 / 4.67 / 2.33 to 7 / 5 / 2 (the old floor-and-remainder division gave 8 / 4 / 2).
    { name: '14 replicas, weight 3:2:1', weights: { member1: 3, member2: 2, member3: 1 }, replicas: 14, want: { member1: 7, member2: 5, member3: 2 } },
    { name: 'a selected cluster without weight gets nothing', weights: { member1: 1 }, available: { member1: 1, member2: 1 }, replicas: 2, want: { member1: 2 } },
    { name: 'weights of 2:1 split 3 replicas 2:1', weights: { member1: 2, member2: 1 }, available: { member1: 1, member2: 1 }, replicas: 3, want: { member1: 2, member2: 1 } },
    { name: 'too few replicas for every cluster', weights: { member1: 1, member2: 1, member3: 1 }, replicas: 2, want: { member1: 1, member2: 1 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const placement: Placement = c.weights
        ? staticWeight(c.weights)
        : { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' } };
      assert.deepEqual(run({ available: c.available ?? three, placement, replicas: c.replicas }), c.want);
    });
  }

  it('takes the maximum weight when a cluster matches several rules', () => {
    const placement: Placement = {
      replicaScheduling: {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: {
          staticWeightList: [
            { targetCluster: { clusterNames: ['member1'] }, weight: 1 },
            { targetCluster: { clusterNames: ['member2'] }, weight: 1 },
            { targetCluster: { clusterNames: ['member1'] }, weight: 2 },
          ],
        },
      },
    };
    assert.deepEqual(run({ available: { member1: 1, member2: 1 }, placement, replicas: 3 }), { member1: 2, member2: 1 });
  });

  it('weights 1:1 with 3 replicas: the remainder follows the binding UID parity', () => {
    const even = Array.from({ length: 20 }, (_, i) => `u${i}`).find((u) => !namesDescendingFor(u)) ?? '';
    const odd = Array.from({ length: 20 }, (_, i) => `u${i}`).find((u) => namesDescendingFor(u)) ?? '';
    const placement = staticWeight({ member1: 1, member2: 1 });
    const available = { member1: 1, member2: 1 };
    assert.deepEqual(run({ available, placement, replicas: 3, uid: even }), { member1: 2, member2: 1 });
    assert.deepEqual(run({ available, placement, replicas: 3, uid: odd }), { member1: 1, member2: 2 });
  });

  it('spreads remainders across many bindings instead of piling them on one cluster', () => {
    const placement = staticWeight({ member1: 1, member2: 1 });
    const totals = { member1: 0, member2: 0 };
    for (let i = 0; i < 200; i++) {
      const r = run({ available: { member1: 1, member2: 1 }, placement, replicas: 3, uid: `binding-${i}` });
      totals.member1 += r['member1'] ?? 0;
      totals.member2 += r['member2'] ?? 0;
    }
    assert.equal(totals.member1 + totals.member2, 600);
    assert.ok(Math.abs(totals.member1 - totals.member2) < 100, `unbalanced: ${JSON.stringify(totals)}`);
  });

  it('never shrinks a cluster when replicas grow (house monotone)', () => {
    const placement = staticWeight({ member1: 170, member2: 110, member3: 60 });
    let prev = run({ available: three, placement, replicas: 1 });
    for (let n = 2; n <= 30; n++) {
      const next = run({ available: three, placement, replicas: n });
      for (const [k, v] of Object.entries(prev)) assert.ok((next[k] ?? 0) >= v, `${k} shrank at ${n}`);
      prev = next;
    }
  });
});

describe('duplicated and non-workload', () => {
  it('gives every cluster all replicas', () => {
    const placement: Placement = { replicaScheduling: { replicaSchedulingType: 'Duplicated' } };
    assert.deepEqual(run({ available: { cluster1: 0, cluster2: 0 }, placement, replicas: 2 }), { cluster1: 2, cluster2: 2 });
  });

  it('lists every cluster without replicas for a non-workload', () => {
    const result = assignReplicas({
      clusters: [makeCluster('b'), makeCluster('a')],
      spec: { resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' } },
      strategy: 'Duplicated',
      mode: 'Steady',
      available: () => 0,
      tieBreaker: defaultTieBreaker,
    });
    assert.deepEqual(result, [{ name: 'a' }, { name: 'b' }]);
  });
});

describe('dynamic weight and aggregated division', () => {
  const cases: Array<{
    name: string;
    placement: Placement;
    available: Record<string, number>;
    replicas: number;
    previous?: TargetCluster[];
    mode?: AssignmentMode;
    want?: Record<string, number>;
    wantError?: boolean;
  }> = [
    // Cases from Karmada's Test_dynamicScale / Test_dynamicScaleUp (expected values recomputed with Webster).
    {
      name: 'scale down 12 → 6 proportionally to the current 2:4:6',
      placement: dynamicWeight,
      available: { member1: 1, member2: 1, member3: 1 },
      replicas: 6,
      previous: [{ name: 'member1', replicas: 2 }, { name: 'member2', replicas: 4 }, { name: 'member3', replicas: 6 }],
      want: { member1: 1, member2: 2, member3: 3 },
    },
    {
      name: 'scale up 12 → 24 divides only the 12 new replicas by available 10:10:10',
      placement: dynamicWeight,
      available: { member1: 10, member2: 10, member3: 10 },
      replicas: 24,
      previous: [{ name: 'member1', replicas: 2 }, { name: 'member2', replicas: 4 }, { name: 'member3', replicas: 6 }],
      want: { member1: 6, member2: 8, member3: 10 },
    },
    {
      name: 'scale up beyond capacity fails',
      placement: dynamicWeight,
      available: { member1: 1, member2: 1, member3: 1 },
      replicas: 24,
      previous: [{ name: 'member1', replicas: 2 }, { name: 'member2', replicas: 4 }, { name: 'member3', replicas: 6 }],
      wantError: true,
    },
    {
      name: 'first schedule, dynamic weight 6:8:10',
      placement: dynamicWeight,
      available: { member1: 6, member2: 8, member3: 10 },
      replicas: 12,
      want: { member1: 3, member2: 4, member3: 5 },
    },
    {
      name: 'first schedule, dynamic weight 8:8:10 (Webster: 4/4/4)',
      placement: dynamicWeight,
      available: { member1: 8, member2: 8, member3: 10 },
      replicas: 12,
      want: { member1: 4, member2: 4, member3: 4 },
    },
    {
      name: 'first schedule, dynamic weight 3:3:3 cannot hold 12',
      placement: dynamicWeight,
      available: { member1: 3, member2: 3, member3: 3 },
      replicas: 12,
      wantError: true,
    },
    {
      name: 'cluster3 disappeared, cluster2 appeared: its replicas are re-placed',
      placement: dynamicWeight,
      available: { member1: 3, member2: 3 },
      replicas: 12,
      previous: [{ name: 'member1', replicas: 6 }, { name: 'member3', replicas: 6 }],
      want: { member1: 9, member2: 3 },
    },
    {
      name: 'unchanged replicas keep the placement',
      placement: dynamicWeight,
      available: { member1: 0, member2: 50 },
      replicas: 5,
      previous: [{ name: 'member1', replicas: 2 }, { name: 'member2', replicas: 3 }],
      want: { member1: 2, member2: 3 },
    },
    {
      name: 'aggregated first schedule packs into the fewest clusters (6:8:10 → 2 clusters)',
      placement: aggregated,
      available: { member1: 6, member2: 8, member3: 10 },
      replicas: 12,
      want: { member2: 5, member3: 7 },
    },
    {
      name: 'aggregated first schedule fits in one cluster (12:8:10)',
      placement: aggregated,
      available: { member1: 12, member2: 8, member3: 10 },
      replicas: 12,
      want: { member1: 12 },
    },
    {
      name: 'aggregated 3:3:3 cannot hold 12',
      placement: aggregated,
      available: { member1: 3, member2: 3, member3: 3 },
      replicas: 12,
      wantError: true,
    },
    {
      name: 'aggregated scale down 12 → 6 keeps the biggest holder only',
      placement: aggregated,
      available: { member1: 1, member2: 1, member3: 1 },
      replicas: 6,
      previous: [{ name: 'member1', replicas: 4 }, { name: 'member2', replicas: 8 }],
      want: { member2: 6 },
    },
    {
      name: 'aggregated scale up 12 → 24 prefers current clusters (6:6:20)',
      placement: aggregated,
      available: { member1: 6, member2: 6, member3: 20 },
      replicas: 24,
      previous: [{ name: 'member1', replicas: 4 }, { name: 'member2', replicas: 8 }],
      want: { member1: 10, member2: 14 },
    },
    {
      name: 'aggregated scale up 12 → 24 needing a new cluster (4:6:8)',
      placement: aggregated,
      available: { member1: 4, member2: 6, member3: 8 },
      replicas: 24,
      previous: [{ name: 'member1', replicas: 4 }, { name: 'member2', replicas: 8 }],
      want: { member1: 7, member2: 12, member3: 5 },
    },
    {
      name: 'aggregated with cluster2 gone and cluster4 new (4:8:12)',
      placement: aggregated,
      available: { member1: 4, member3: 8, member4: 12 },
      replicas: 24,
      previous: [{ name: 'member1', replicas: 4 }, { name: 'member2', replicas: 8 }],
      want: { member1: 7, member3: 7, member4: 10 },
    },
    {
      name: 'fresh mode ignores the current split and divides by available + current',
      placement: dynamicWeight,
      available: { member1: 0, member2: 6 },
      replicas: 6,
      previous: [{ name: 'member1', replicas: 6 }],
      mode: 'Fresh',
      want: { member1: 3, member2: 3 },
    },
    {
      name: 'steady mode with the same input keeps the current split',
      placement: dynamicWeight,
      available: { member1: 0, member2: 6 },
      replicas: 6,
      previous: [{ name: 'member1', replicas: 6 }],
      want: { member1: 6 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const go = () =>
        run({ available: c.available, placement: c.placement, replicas: c.replicas, ...(c.previous ? { previous: c.previous } : {}), ...(c.mode ? { mode: c.mode } : {}) });
      if (c.wantError) {
        assert.throws(go, (err: unknown) => err instanceof UnschedulableError && /are not enough to schedule/.test(err.message));
      } else {
        assert.deepEqual(go(), c.want);
      }
    });
  }

  it('records the division steps when asked', () => {
    const steps: DivisionStep[] = [];
    assignReplicas({
      clusters: [makeCluster('a'), makeCluster('b')],
      spec: { resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, replicas: 4, placement: dynamicWeight, clusters: [{ name: 'a', replicas: 2 }] },
      strategy: 'DynamicWeight',
      mode: 'Steady',
      available: () => 5,
      tieBreaker: defaultTieBreaker,
      steps,
    });
    assert.deepEqual(steps.map((s) => s.step), ['scale-up', 'apportion']);
  });
});
