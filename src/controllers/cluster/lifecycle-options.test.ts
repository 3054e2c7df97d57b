import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CLUSTER_LIFECYCLE_OPTIONS, clusterLifecycleOptionsFromFlags, parseGoDurationMs } from './lifecycle-options.js';

describe('cluster lifecycle options', () => {
  const durations: [string, number][] = [
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
    ['0', 0],
  ];
  for (const [text, ms] of durations) {
    test(`parses ${text}`, () => assert.equal(parseGoDurationMs(text), ms));
  }
  test('rejects malformed durations', () => {
    assert.throws(() => parseGoDurationMs('10'), /invalid duration "10"/);
    assert.throws(() => parseGoDurationMs('ten s'), /invalid duration/);
  });
  test("defaults are Karmada's", () => {
    assert.deepEqual(clusterLifecycleOptionsFromFlags({}), DEFAULT_CLUSTER_LIFECYCLE_OPTIONS);
    assert.equal(DEFAULT_CLUSTER_LIFECYCLE_OPTIONS.clusterStatusUpdateFrequencyMs, 10_000);
    assert.equal(DEFAULT_CLUSTER_LIFECYCLE_OPTIONS.clusterFailureThresholdMs, 30_000);
    assert.equal(DEFAULT_CLUSTER_LIFECYCLE_OPTIONS.clusterMonitorGracePeriodMs, 40_000);
  });
  test('flags override defaults', () => {
    const o = clusterLifecycleOptionsFromFlags({ clusterStatusUpdateFrequency: '1s', enableClusterResourceModeling: 'false', concurrentClusterSyncs: '2' });
    assert.equal(o.clusterStatusUpdateFrequencyMs, 1_000);
    assert.equal(o.enableClusterResourceModeling, false);
    assert.equal(o.concurrentClusterSyncs, 2);
  });
});
