import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Placement } from '../../api/policy/placement.js';
import { CapacityLedger } from '../estimator/capacity-ledger.js';
import { aggregated, asRecord, duplicated, dynamicWeight, makeBinding, makeCluster, staticWeight } from '../testing/fixtures.js';
import { formatExplanation } from './explanation.js';
import { Scheduler } from './scheduler.js';

const scheduler = new Scheduler();
const notReady = { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' as const };

describe('Scheduler: filtering', () => {
  const clusters = [
    makeCluster('m1', { taints: [notReady], labels: { env: 'prod' } }),
    makeCluster('m2', { labels: { env: 'dev' } }),
    makeCluster('m3', { labels: { env: 'prod' }, apis: [] }),
    makeCluster('m4', { labels: { env: 'prod' } }),
  ];
  const prod: Placement = { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } };

  it('schedules only where affinity, taints and APIs allow', () => {
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 2, placement: { ...prod, ...duplicated } }), clusters });
    assert.equal(out.scheduled, true);
    assert.deepEqual(asRecord(out.clusters), { m4: 2 });
    assert.deepEqual(out.condition, { type: 'Scheduled', status: 'True', reason: 'Success', message: 'Binding has been scheduled successfully.' });
  });

  it('reports NoClusterFit with every rejection reason counted', () => {
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 2, placement: prod }), clusters: clusters.slice(0, 3) });
    assert.equal(out.scheduled, false);
    assert.equal(out.condition.status, 'False');
    assert.equal(out.condition.reason, 'NoClusterFit');
    assert.equal(
      out.condition.message,
      '0/3 clusters are available: 1 cluster(s) did not have the API resource, 1 cluster(s) did not match the placement cluster affinity constraint, 1 cluster(s) had untolerated taint {cluster.karmada.io/not-ready:NoSchedule}.',
    );
    assert.deepEqual(out.clusters, []);
  });

  it('schedules onto a tainted cluster when the placement tolerates it', () => {
    const placement: Placement = { ...prod, clusterTolerations: [{ key: notReady.key, operator: 'Exists' }] };
    const out = scheduler.schedule({ binding: makeBinding({ placement }), clusters: clusters.slice(0, 3) });
    assert.deepEqual(out.clusters, [{ name: 'm1' }]);
  });

  it('skips deleting clusters and reports "no cluster exists" when nothing is left', () => {
    const out = scheduler.schedule({ binding: makeBinding(), clusters: [makeCluster('gone', { deleting: true })] });
    assert.equal(out.condition.message, '0/1 clusters are available: no cluster exists.');
  });

  it('honours a plugin enable list', () => {
    const noTaints = new Scheduler({ plugins: ['*', '-TaintToleration'] });
    const out = noTaints.schedule({ binding: makeBinding({ replicas: 1, placement: { ...prod, ...duplicated } }), clusters: clusters.slice(0, 1) });
    assert.deepEqual(asRecord(out.clusters), { m1: 1 });
    assert.ok(!noTaints.pluginNames.includes('TaintToleration'));
  });
});

describe('Scheduler: clusterAffinities', () => {
  const placement: Placement = {
    ...duplicated,
    clusterAffinities: [
      { affinityName: 'primary', clusterNames: ['m1'] },
      { affinityName: 'backup', clusterNames: ['m2'] },
    ],
  };

  it('falls back to the next term and records it', () => {
    const clusters = [makeCluster('m1', { taints: [notReady] }), makeCluster('m2')];
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 3, placement }), clusters, explain: true });
    assert.equal(out.affinityName, 'backup');
    assert.deepEqual(asRecord(out.clusters), { m2: 3 });
    assert.deepEqual(out.explanation?.affinityAttempts?.map((a) => [a.affinityName, a.outcome]), [
      ['primary', 'failed'],
      ['backup', 'scheduled'],
    ]);
  });

  it('uses the first term when it fits', () => {
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 3, placement }), clusters: [makeCluster('m1'), makeCluster('m2')] });
    assert.equal(out.affinityName, 'primary');
    assert.deepEqual(asRecord(out.clusters), { m1: 3 });
  });

  it('starts from the observed term, as Karmada does', () => {
    const binding = makeBinding({ replicas: 3, placement, status: { schedulerObservingAffinityName: 'backup' } });
    const out = scheduler.schedule({ binding, clusters: [makeCluster('m1'), makeCluster('m2')] });
    assert.equal(out.affinityName, 'backup');
  });

  it('fails with every term reported and keeps the observed term', () => {
    const binding = makeBinding({ replicas: 3, placement, status: { schedulerObservingAffinityName: 'primary' } });
    const out = scheduler.schedule({ binding, clusters: [makeCluster('m3')] });
    assert.equal(out.scheduled, false);
    assert.equal(out.affinityName, 'primary');
    assert.equal(out.condition.reason, 'NoClusterFit');
    assert.match(out.condition.message ?? '', /^\[0\/1 clusters are available: .*, 0\/1 clusters are available: .*\]$/);
  });
});

describe('Scheduler: replica division end to end', () => {
  it('9 replicas at static weight 1:2 → 3 and 6', () => {
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 9, placement: staticWeight({ m1: 1, m2: 2 }) }), clusters: [makeCluster('m1'), makeCluster('m2')] });
    assert.deepEqual(asRecord(out.clusters), { m1: 3, m2: 6 });
  });

  it('dynamic weights follow free capacity', () => {
    const clusters = [makeCluster('small', { pods: 10 }), makeCluster('big', { pods: 30 })];
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 8, placement: dynamicWeight }), clusters });
    assert.deepEqual(asRecord(out.clusters), { big: 6, small: 2 });
  });

  it('dynamic weights use resource requests', () => {
    const clusters = [
      makeCluster('a', { allocatable: { cpu: '4', pods: '100' } }),
      makeCluster('b', { allocatable: { cpu: '12', pods: '100' } }),
    ];
    const out = scheduler.schedule({
      binding: makeBinding({ replicas: 4, placement: dynamicWeight, requirements: { resourceRequest: { cpu: '1' } } }),
      clusters,
    });
    assert.deepEqual(asRecord(out.clusters), { a: 1, b: 3 });
  });

  it('Aggregated packs into the fewest clusters', () => {
    const clusters = [makeCluster('a', { pods: 5 }), makeCluster('b', { pods: 20 }), makeCluster('c', { pods: 8 })];
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 12, placement: aggregated }), clusters });
    assert.deepEqual(asRecord(out.clusters), { b: 12 });
  });

  it('reports capacity shortfall as Unschedulable', () => {
    const clusters = [makeCluster('a', { pods: 2 }), makeCluster('b', { pods: 3 })];
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 6, placement: dynamicWeight }), clusters });
    assert.equal(out.condition.reason, 'Unschedulable');
    assert.equal(out.condition.message, 'Clusters available replicas 5 are not enough to schedule.');
  });

  it('scale-up adds only the increase; scale-down shrinks proportionally; the placement is kept', () => {
    const clusters = [makeCluster('a', { pods: 100 }), makeCluster('b', { pods: 100 }), makeCluster('c', { pods: 100 })];
    const up = scheduler.schedule({
      binding: makeBinding({ replicas: 9, placement: dynamicWeight, clusters: [{ name: 'a', replicas: 4 }, { name: 'b', replicas: 2 }] }),
      clusters,
    });
    assert.deepEqual(asRecord(up.clusters), { a: 5, b: 3, c: 1 });
    const down = scheduler.schedule({
      binding: makeBinding({ replicas: 3, placement: dynamicWeight, clusters: [{ name: 'a', replicas: 4 }, { name: 'b', replicas: 2 }] }),
      clusters,
    });
    assert.deepEqual(asRecord(down.clusters), { a: 2, b: 1 });
  });

  it('rescheduleTriggeredAt newer than lastScheduledTime recomputes from scratch', () => {
    const clusters = [makeCluster('a', { pods: 0 }), makeCluster('b', { pods: 6 })];
    const base = { replicas: 6, placement: dynamicWeight, clusters: [{ name: 'a', replicas: 6 }] };
    const steady = scheduler.schedule({ binding: makeBinding({ ...base, status: { lastScheduledTime: '2024-01-02T00:00:00Z' } }), clusters });
    assert.deepEqual(asRecord(steady.clusters), { a: 6 });
    const stale = scheduler.schedule({
      binding: makeBinding({ ...base, rescheduleTriggeredAt: '2024-01-01T00:00:00Z', status: { lastScheduledTime: '2024-01-02T00:00:00Z' } }),
      clusters,
    });
    assert.deepEqual(asRecord(stale.clusters), { a: 6 });
    const fresh = scheduler.schedule({
      binding: makeBinding({ ...base, rescheduleTriggeredAt: '2024-01-03T00:00:00Z', status: { lastScheduledTime: '2024-01-02T00:00:00Z' } }),
      clusters,
      explain: true,
    });
    assert.deepEqual(asRecord(fresh.clusters), { a: 3, b: 3 });
    assert.equal(fresh.explanation?.mode, 'Fresh');
  });

  it('spreads over two regions with minGroups 2', () => {
    const clusters = [
      makeCluster('east-1', { region: 'east', pods: 50 }),
      makeCluster('east-2', { region: 'east', pods: 50 }),
      makeCluster('west-1', { region: 'west', pods: 50 }),
      makeCluster('noregion', { pods: 50 }),
    ];
    const placement: Placement = {
      ...dynamicWeight,
      spreadConstraints: [
        { spreadByField: 'region', minGroups: 2, maxGroups: 2 },
        { spreadByField: 'cluster', minGroups: 2, maxGroups: 2 },
      ],
    };
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 10, placement }), clusters, explain: true });
    assert.deepEqual(asRecord(out.clusters), { 'east-1': 5, 'west-1': 5 });
    assert.deepEqual(out.explanation?.spread?.groups?.map((g) => [g.name, g.selected]), [
      ['east', true],
      ['west', true],
    ]);
    assert.equal(out.explanation?.clusters.find((c) => c.name === 'noregion')?.filteredBy, 'SpreadConstraint');
  });

  it('lists zero-replica clusters with enableEmptyWorkloadPropagation', () => {
    const s = new Scheduler({ enableEmptyWorkloadPropagation: true });
    const out = s.schedule({ binding: makeBinding({ replicas: 1, placement: dynamicWeight }), clusters: [makeCluster('a', { pods: 5 }), makeCluster('b', { pods: 5 })] });
    assert.deepEqual(out.clusters.map((t) => t.name), ['a', 'b']);
    assert.equal(out.clusters.reduce((s2, t) => s2 + (t.replicas ?? 0), 0), 1);
  });
});

describe('Scheduler: capacity ledger', () => {
  const clusters = [makeCluster('a', { pods: 5 }), makeCluster('b', { pods: 5 })];

  it('does not promise the same free capacity to two bindings', () => {
    const ledger = new CapacityLedger();
    const first = scheduler.schedule({ binding: makeBinding({ name: 'one', replicas: 6, placement: dynamicWeight }), clusters, ledger });
    assert.equal(first.scheduled, true);
    const second = scheduler.schedule({ binding: makeBinding({ name: 'two', replicas: 6, placement: dynamicWeight }), clusters, ledger });
    assert.equal(second.scheduled, false);
    assert.equal(second.condition.message, 'Clusters available replicas 4 are not enough to schedule.');
    // Without the ledger the same capacity would have been promised twice.
    assert.equal(scheduler.schedule({ binding: makeBinding({ name: 'two', replicas: 6, placement: dynamicWeight }), clusters }).scheduled, true);
  });

  it('does not count a binding against itself when rescheduled', () => {
    const ledger = new CapacityLedger();
    const binding = makeBinding({ name: 'one', replicas: 10, placement: dynamicWeight });
    assert.equal(scheduler.schedule({ binding, clusters, ledger }).scheduled, true);
    assert.equal(scheduler.schedule({ binding, clusters, ledger }).scheduled, true);
  });

  it('reserves only the growth over the current placement', () => {
    const ledger = new CapacityLedger();
    scheduler.schedule({
      binding: makeBinding({ name: 'one', replicas: 4, placement: dynamicWeight, clusters: [{ name: 'a', replicas: 2 }, { name: 'b', replicas: 1 }] }),
      clusters,
      ledger,
    });
    const reserved = [...ledger.reservedBy('default/one').values()].reduce((s, n) => s + n, 0);
    assert.equal(reserved, 1);
  });

  it('a dry run explains without reserving', () => {
    const ledger = new CapacityLedger();
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 6, placement: dynamicWeight }), clusters, ledger, dryRun: true });
    assert.equal(ledger.size, 0);
    assert.ok(out.explanation);
  });
});

describe('Scheduler: explanation', () => {
  it('says which plugin rejected each cluster, the scores and the division', () => {
    const clusters = [
      makeCluster('tainted', { taints: [notReady] }),
      makeCluster('current', { pods: 10 }),
      makeCluster('other', { pods: 10 }),
    ];
    const binding = makeBinding({ replicas: 4, placement: dynamicWeight, clusters: [{ name: 'current', replicas: 2 }] });
    const out = scheduler.schedule({ binding, clusters, dryRun: true });
    const e = out.explanation;
    assert.ok(e);
    assert.equal(e.strategy, 'DynamicWeight');
    const byName = Object.fromEntries(e.clusters.map((c) => [c.name, c]));
    assert.equal(byName['tainted']?.filteredBy, 'TaintToleration');
    assert.deepEqual(byName['current']?.scores, { ClusterAffinity: 0, ClusterLocality: 100 });
    assert.equal(byName['other']?.score, 0);
    assert.equal(byName['other']?.availableReplicas, 10);
    assert.deepEqual(e.division.map((d) => d.step), ['scale-up', 'apportion']);
    assert.deepEqual(asRecord(e.result), asRecord(out.clusters));
    const text = formatExplanation(e);
    assert.match(text, /tainted: rejected by TaintToleration: cluster\(s\) had untolerated taint/);
    assert.match(text, /Result: current=3, other=1/);
  });

  it('explains failures too', () => {
    const out = scheduler.schedule({ binding: makeBinding({ replicas: 4, placement: dynamicWeight }), clusters: [makeCluster('a', { pods: 1 })], explain: true });
    assert.equal(out.explanation?.error, 'Clusters available replicas 1 are not enough to schedule.');
    assert.deepEqual(out.explanation?.clusters.map((c) => c.name), ['a']);
  });
});
