import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Placement, SpreadConstraint } from '../../../api/policy/placement.js';
import { makeCluster } from '../../testing/fixtures.js';
import { SchedulingError } from '../errors.js';
import { selectClusters, type ScoredCluster } from './select-clusters.js';
import { selectGroups } from './select-groups.js';

interface Row {
  name: string;
  score: number;
  available: number;
  region?: string;
  zone?: string;
  provider?: string;
  labels?: Record<string, string>;
}

const divided: Placement['replicaScheduling'] = {
  replicaSchedulingType: 'Divided',
  replicaDivisionPreference: 'Weighted',
  weightPreference: { dynamicWeight: 'AvailableReplicas' },
};

function select(rows: Row[], constraints: SpreadConstraint[], replicas: number, replicaScheduling = divided): string[] {
  const available = new Map(rows.map((r) => [r.name, r.available]));
  const clusters: ScoredCluster[] = rows.map((r) => ({
    name: r.name,
    score: r.score,
    cluster: makeCluster(r.name, {
      ...(r.region ? { region: r.region } : {}),
      ...(r.zone ? { zone: r.zone } : {}),
      ...(r.provider ? { provider: r.provider } : {}),
      ...(r.labels ? { labels: r.labels } : {}),
    }),
  }));
  const placement: Placement = { spreadConstraints: constraints, ...(replicaScheduling ? { replicaScheduling } : {}) };
  return selectClusters({ clusters, placement, replicas, availability: (c) => available.get(c.name) ?? 0 }).clusters.map((c) => c.name);
}

const region = (minGroups: number, maxGroups: number): SpreadConstraint => ({ spreadByField: 'region', minGroups, maxGroups });
const cluster = (minGroups: number, maxGroups: number): SpreadConstraint => ({ spreadByField: 'cluster', minGroups, maxGroups });

describe('selectClusters by cluster', () => {
  // Karmada's documented example: 2 clusters for 80 replicas. member1+member2 (best scores) hold only 70,
  // so member2 is swapped for member3, which has the most room.
  const rows: Row[] = [
    { name: 'member1', score: 60, available: 40 },
    { name: 'member2', score: 50, available: 30 },
    { name: 'member3', score: 40, available: 60 },
  ];

  const cases: Array<{ name: string; rows: Row[]; constraint: SpreadConstraint; replicas: number; want?: string[]; error?: RegExp }> = [
    { name: 'swaps the lowest-scored pick for capacity', rows, constraint: cluster(1, 2), replicas: 80, want: ['member1', 'member3'] },
    { name: 'keeps the best scores when they fit', rows, constraint: cluster(1, 2), replicas: 50, want: ['member1', 'member2'] },
    { name: 'maxGroups caps the number of clusters', rows, constraint: cluster(1, 1), replicas: 10, want: ['member1'] },
    { name: 'maxGroups larger than the clusters takes them all', rows, constraint: cluster(1, 5), replicas: 10, want: ['member1', 'member2', 'member3'] },
    { name: 'fails when no swap fits the replicas', rows, constraint: cluster(1, 2), replicas: 200, error: /no enough resource when selecting 2 clusters/ },
    { name: 'fails below minGroups', rows, constraint: cluster(4, 4), replicas: 1, error: /less than spreadConstraint.MinGroups/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const go = () => select(c.rows, [c.constraint], c.replicas);
      if (c.error) assert.throws(go, (e: unknown) => e instanceof SchedulingError && c.error?.test(e.message) === true);
      else assert.deepEqual(go(), c.want);
    });
  }

  it('ignores capacity for Duplicated placements', () => {
    assert.deepEqual(select(rows, [cluster(1, 2)], 200, { replicaSchedulingType: 'Duplicated' }), ['member1', 'member2']);
  });

  it('ignores spread constraints with static weights', () => {
    const staticW: Placement['replicaScheduling'] = {
      replicaSchedulingType: 'Divided',
      replicaDivisionPreference: 'Weighted',
      weightPreference: { staticWeightList: [{ targetCluster: {}, weight: 1 }] },
    };
    assert.deepEqual(select(rows, [cluster(1, 1)], 1, staticW), ['member1', 'member2', 'member3']);
  });
});

describe('selectClusters by region (Karmada select_clusters_by_region cases)', () => {
  const twoRegions: Row[] = [
    { name: 'member1', score: 100, available: 40, region: 'R1' },
    { name: 'member2', score: 80, available: 40, region: 'R1' },
    { name: 'member3', score: 80, available: 40, region: 'R2' },
    { name: 'member4', score: 80, available: 40, region: 'R2' },
    { name: 'member5', score: 60, available: 40, region: 'R2' },
  ];
  const fourRegions: Row[] = [
    { name: 'member1', score: 90, available: 40, region: 'R1' },
    { name: 'member2', score: 70, available: 40, region: 'R2' },
    { name: 'member3', score: 60, available: 40, region: 'R2' },
    { name: 'member4', score: 30, available: 40, region: 'R2' },
    { name: 'member5', score: 80, available: 40, region: 'R3' },
    { name: 'member6', score: 50, available: 60, region: 'R3' },
    { name: 'member7', score: 50, available: 50, region: 'R4' },
    { name: 'member8', score: 40, available: 50, region: 'R4' },
    { name: 'member9', score: 10, available: 50, region: 'R4' },
    { name: 'member10', score: 0, available: 50, region: 'R4' },
  ];
  const fiveRegions: Row[] = [
    { name: 'member1', score: 70, available: 40, region: 'R1' },
    { name: 'member2', score: 40, available: 40, region: 'R2' },
    { name: 'member3', score: 40, available: 40, region: 'R2' },
    { name: 'member4', score: 40, available: 40, region: 'R2' },
    { name: 'member5', score: 60, available: 40, region: 'R3' },
    { name: 'member6', score: 50, available: 60, region: 'R3' },
    { name: 'member7', score: 70, available: 100, region: 'R4' },
    { name: 'member8', score: 50, available: 50, region: 'R5' },
  ];

  const cases: Array<{ name: string; rows: Row[]; constraints: SpreadConstraint[]; want?: string[]; error?: RegExp }> = [
    { name: 'the region with the higher score', rows: twoRegions, constraints: [region(1, 1), cluster(2, 2)], want: ['member1', 'member2'] },
    { name: 'the region with enough clusters', rows: twoRegions, constraints: [region(1, 1), cluster(3, 3)], want: ['member3', 'member4', 'member5'] },
    {
      name: 'two regions with enough clusters and the higher score',
      rows: fourRegions,
      constraints: [region(2, 2), cluster(4, 5)],
      want: ['member1', 'member2', 'member3', 'member4'],
    },
    {
      name: 'more than minGroups regions when needed for the cluster count',
      rows: fiveRegions,
      constraints: [region(1, 3), cluster(6, 8)],
      want: ['member1', 'member5', 'member2', 'member6', 'member3', 'member4'],
    },
    { name: 'not enough regions', rows: twoRegions, constraints: [region(3, 3), cluster(3, 3)], error: /feasible region is less than/ },
    { name: 'not enough clusters in one region', rows: twoRegions, constraints: [region(1, 1), cluster(4, 4)], error: /number of clusters is less than/ },
    {
      name: 'minGroups 2 maxGroups 2 places replicas in two regions',
      rows: twoRegions,
      constraints: [region(2, 2), cluster(2, 4)],
      want: ['member1', 'member3', 'member2', 'member4'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const go = () => select(c.rows, c.constraints, 10);
      if (c.error) assert.throws(go, (e: unknown) => e instanceof SchedulingError && c.error?.test(e.message) === true);
      else assert.deepEqual(go(), c.want);
    });
  }

  it('without a cluster constraint takes the best cluster of each chosen region', () => {
    assert.deepEqual(select(twoRegions, [region(2, 2)], 10), ['member1', 'member3']);
  });
});

describe('selectClusters by zone, provider and label', () => {
  const rows: Row[] = [
    { name: 'a1', score: 100, available: 5, zone: 'z1', provider: 'aws', labels: { rack: 'r1' } },
    { name: 'a2', score: 90, available: 5, zone: 'z1', provider: 'aws', labels: { rack: 'r1' } },
    { name: 'b1', score: 80, available: 5, zone: 'z2', provider: 'gcp', labels: { rack: 'r2' } },
    { name: 'c1', score: 70, available: 5, zone: 'z3', provider: 'gcp' },
  ];
  it('by zone', () => {
    assert.deepEqual(select(rows, [{ spreadByField: 'zone', minGroups: 2, maxGroups: 2 }, cluster(2, 2)], 5), ['a1', 'b1']);
  });
  it('by provider', () => {
    assert.deepEqual(select(rows, [{ spreadByField: 'provider', minGroups: 1, maxGroups: 1 }, cluster(2, 2)], 5), ['a1', 'a2']);
  });
  it('by label (clusters without the label are left out)', () => {
    assert.deepEqual(select(rows, [{ spreadByLabel: 'rack', minGroups: 2, maxGroups: 2 }, cluster(2, 3)], 5), ['a1', 'b1', 'a2']);
  });
});

describe('selectGroups', () => {
  const g = (name: string, value: number, weight: number, available = 0) => ({ name, value, weight, available });

  it('prefers the higher total score among feasible combinations', () => {
    const groups = [g('R1', 1, 100), g('R2', 2, 90), g('R3', 2, 10)];
    assert.deepEqual(selectGroups(groups, 2, 2, 3).map((x) => x.name), ['R1', 'R2']);
  });

  it('prefers a combination that can hold the replicas when asked', () => {
    const groups = [g('R1', 1, 100, 5), g('R2', 1, 90, 5), g('R3', 1, 10, 50)];
    assert.deepEqual(selectGroups(groups, 2, 2, 2).map((x) => x.name), ['R1', 'R2']);
    assert.deepEqual(selectGroups(groups, 2, 2, 2, 40).map((x) => x.name), ['R1', 'R3']);
  });

  it('returns nothing when no combination satisfies the cluster minimum', () => {
    assert.deepEqual(selectGroups([g('R1', 1, 1), g('R2', 1, 1)], 1, 2, 3), []);
  });

  it('falls back to a greedy choice for many groups', () => {
    const groups = Array.from({ length: 30 }, (_, i) => g(`R${String(i).padStart(2, '0')}`, 1, 100 - i));
    assert.deepEqual(selectGroups(groups, 3, 3, 3).map((x) => x.name), ['R00', 'R01', 'R02']);
  });
});
