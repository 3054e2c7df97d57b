import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Condition } from '../../api/policy/kube-core.js';
import { ClusterConditionCache } from './condition-cache.js';
import { generateReadyCondition } from './health.js';

const readyTrue = generateReadyCondition({ online: true, healthy: true });
const unreachable = generateReadyCondition({ online: false, healthy: false });
const unhealthy = generateReadyCondition({ online: true, healthy: false });

function cluster(current?: Condition): Cluster {
  return { metadata: { name: 'm1' }, spec: { syncMode: 'Push' }, ...(current === undefined ? {} : { status: { conditions: [current] } }) };
}

describe('cluster status: failure and success thresholds (clusterConditionStore)', () => {
  test('messages and reasons of the Ready condition', () => {
    assert.deepEqual(readyTrue, { type: 'Ready', status: 'True', reason: 'ClusterReady', message: 'cluster is healthy and ready to accept workloads' });
    assert.deepEqual(unreachable, { type: 'Ready', status: 'False', reason: 'ClusterNotReachable', message: 'cluster is not reachable' });
    assert.deepEqual(unhealthy, { type: 'Ready', status: 'False', reason: 'ClusterNotReady', message: 'cluster is reachable but health endpoint responded without ok' });
  });

  test('a newly seen cluster reports what is observed at once', () => {
    const cache = new ClusterConditionCache(30_000, 30_000);
    assert.equal(cache.thresholdAdjustedReadyCondition(cluster(readyTrue), unreachable, 0), unreachable);
  });

  test('True -> not-True waits for the failure threshold, then flips', () => {
    const cache = new ClusterConditionCache(10_000, 30_000);
    const c = cluster(readyTrue);
    assert.equal(cache.thresholdAdjustedReadyCondition(c, readyTrue, 0), readyTrue);
    assert.equal(cache.thresholdAdjustedReadyCondition(c, unreachable, 1_000).status, 'True');
    assert.equal(cache.thresholdAdjustedReadyCondition(c, unreachable, 30_999).status, 'True');
    assert.equal(cache.thresholdAdjustedReadyCondition(c, unreachable, 31_000), unreachable);
  });

  test('a blip shorter than the threshold restarts the clock', () => {
    const cache = new ClusterConditionCache(10_000, 30_000);
    const c = cluster(readyTrue);
    cache.thresholdAdjustedReadyCondition(c, readyTrue, 0);
    cache.thresholdAdjustedReadyCondition(c, unreachable, 1_000);
    cache.thresholdAdjustedReadyCondition(c, readyTrue, 2_000);
    assert.equal(cache.thresholdAdjustedReadyCondition(c, unreachable, 20_000).status, 'True');
    assert.equal(cache.thresholdAdjustedReadyCondition(c, unreachable, 50_000), unreachable);
  });

  test('not-True -> True waits for the success threshold', () => {
    const cache = new ClusterConditionCache(10_000, 30_000);
    const c = cluster(unreachable);
    cache.thresholdAdjustedReadyCondition(c, unreachable, 0);
    assert.equal(cache.thresholdAdjustedReadyCondition(c, readyTrue, 5_000).status, 'False');
    assert.equal(cache.thresholdAdjustedReadyCondition(c, readyTrue, 15_000), readyTrue);
  });

  test('False -> Unknown-like changes between not-True states pass at once', () => {
    const cache = new ClusterConditionCache(10_000, 30_000);
    const c = cluster({ ...unreachable, status: 'Unknown' });
    cache.thresholdAdjustedReadyCondition(c, unreachable, 0);
    assert.equal(cache.thresholdAdjustedReadyCondition(c, unhealthy, 1_000), unhealthy);
  });
});
