import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RsView } from './deployment-rollout.js';
import { deploymentFacts } from './deployment-controller.js';
import { calculateStatus, deploymentProgressing, deploymentTimedOut, rolloutStatus, type DeploymentFacts } from './deployment-status.js';
import { findCondition } from './object-util.js';
import type { DeploymentStatus } from './types.js';

const NOW = Date.parse('2025-01-01T00:10:00Z');

function facts(over: Partial<DeploymentFacts> = {}): DeploymentFacts {
  return { replicas: 3, strategy: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%', statusReplicas: 0, generation: 2, progressDeadlineSeconds: 600, paused: false, ...over };
}

function rs(name: string, replicas: number, ready: number, available: number): RsView {
  return { name, replicas, statusReplicas: replicas, readyReplicas: ready, availableReplicas: available, created: 0, annotations: {} };
}

describe('deploymentFacts', () => {
  it('fills the apiserver defaults for what kubectl create leaves out', () => {
    assert.deepEqual(deploymentFacts({ metadata: { name: 'd', generation: 1 } }), {
      replicas: 1,
      strategy: 'RollingUpdate',
      maxSurge: '25%',
      maxUnavailable: '25%',
      statusReplicas: 0,
      generation: 1,
      progressDeadlineSeconds: 600,
      paused: false,
    });
  });
  it('treats MaxInt32 as no progress deadline', () => {
    assert.equal(deploymentFacts({ metadata: {}, spec: { progressDeadlineSeconds: 2147483647 } }).progressDeadlineSeconds, undefined);
  });
});

describe('calculateStatus', () => {
  it('counts over ReplicaSets and omits zero fields', () => {
    const status = calculateStatus(facts(), {}, [rs('old', 1, 1, 1), rs('new', 3, 2, 1)], rs('new', 3, 2, 1), NOW);
    assert.equal(status.observedGeneration, 2);
    assert.equal(status.replicas, 4);
    assert.equal(status.updatedReplicas, 3);
    assert.equal(status.readyReplicas, 3);
    assert.equal(status.availableReplicas, 2);
    assert.equal(status.unavailableReplicas, 2);
    assert.equal('collisionCount' in status, false);
    // 2 available >= 3 - 0 (25% of 3 rounds down to 0)? No: Available is False.
    assert.equal(findCondition(status.conditions, 'Available')?.reason, 'MinimumReplicasUnavailable');
  });
  it('is Available with minimum availability', () => {
    const status = calculateStatus(facts({ replicas: 4 }), {}, [rs('new', 4, 3, 3)], rs('new', 4, 3, 3), NOW);
    assert.deepEqual(findCondition(status.conditions, 'Available'), {
      type: 'Available',
      status: 'True',
      lastUpdateTime: '2025-01-01T00:10:00Z',
      lastTransitionTime: '2025-01-01T00:10:00Z',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
  });
});

describe('rolloutStatus Progressing', () => {
  const previous: DeploymentStatus = {
    replicas: 3,
    updatedReplicas: 1,
    availableReplicas: 2,
    conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastUpdateTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' }],
  };
  it('ReplicaSetUpdated while progressing, keeping the transition time', () => {
    const status = rolloutStatus(facts(), previous, [rs('old', 1, 1, 1), rs('new', 2, 1, 1)], rs('new', 2, 1, 1), NOW);
    const p = findCondition(status.conditions, 'Progressing');
    assert.equal(p?.reason, 'ReplicaSetUpdated');
    assert.equal(p?.message, 'ReplicaSet "new" is progressing.');
    assert.equal(p?.lastTransitionTime, '2025-01-01T00:00:00Z');
    assert.equal(p?.lastUpdateTime, '2025-01-01T00:10:00Z');
  });
  it('NewReplicaSetAvailable when complete; Available then Progressing order', () => {
    const status = rolloutStatus(facts(), previous, [rs('new', 3, 3, 3)], rs('new', 3, 3, 3), NOW);
    assert.deepEqual(
      status.conditions?.map((c) => [c.type, c.status, c.reason]),
      [
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ],
    );
    assert.equal(findCondition(status.conditions, 'Progressing')?.message, 'ReplicaSet "new" has successfully progressed.');
  });
  it('ProgressDeadlineExceeded once the deadline passed without progress', () => {
    const stuck: DeploymentStatus = { ...previous, readyReplicas: 2, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' }] };
    const status = rolloutStatus(facts({ progressDeadlineSeconds: 60 }), stuck, [rs('old', 2, 2, 2), rs('new', 1, 0, 0)], rs('new', 1, 0, 0), NOW);
    const p = findCondition(status.conditions, 'Progressing');
    assert.equal(p?.status, 'False');
    assert.equal(p?.reason, 'ProgressDeadlineExceeded');
    assert.equal(deploymentTimedOut(facts({ progressDeadlineSeconds: 60 }), status, NOW), true);
  });
  it('no Progressing condition without a deadline', () => {
    const status = rolloutStatus(facts({ progressDeadlineSeconds: undefined }), previous, [rs('new', 3, 3, 3)], rs('new', 3, 3, 3), NOW);
    assert.equal(findCondition(status.conditions, 'Progressing'), undefined);
  });
  it('progress means more updated, ready or available replicas, or fewer old ones', () => {
    assert.equal(deploymentProgressing({ replicas: 4, updatedReplicas: 2 }, { replicas: 3, updatedReplicas: 2 }), true);
    assert.equal(deploymentProgressing({ replicas: 3, updatedReplicas: 2, readyReplicas: 2 }, { replicas: 3, updatedReplicas: 2, readyReplicas: 2 }), false);
  });
});
