/**
 * Deployment status as the Deployment controller writes it (calculateStatus, syncRolloutStatus):
 * replica counts from the ReplicaSets, the Available condition from minimum availability, and
 * the Progressing condition (ReplicaSetUpdated while progressing, NewReplicaSetAvailable when
 * complete, ProgressDeadlineExceeded after the deadline). Pure.
 */
import { activeReplicaSets, maxUnavailable, sumAvailable, sumReady, sumStatusReplicas, type DeploymentView, type RsView } from './deployment-rollout.js';
import { findCondition, omitZero, parseTime, removeCondition, setCondition, timestamp } from './object-util.js';
import type { Condition, DeploymentStatus } from './types.js';

export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const RS_UPDATED = 'ReplicaSetUpdated';
export const TIMED_OUT = 'ProgressDeadlineExceeded';
export const NEW_RS_CREATED = 'NewReplicaSetCreated';
export const FOUND_NEW_RS = 'FoundNewReplicaSet';

export interface DeploymentFacts extends DeploymentView {
  readonly generation: number;
  /** spec.progressDeadlineSeconds; undefined means none. */
  readonly progressDeadlineSeconds: number | undefined;
  readonly paused: boolean;
}

function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: number): Condition {
  const at = timestamp(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

/** calculateStatus: counts over all ReplicaSets and the Available condition. */
export function calculateStatus(d: DeploymentFacts, previous: DeploymentStatus, all: readonly RsView[], newRS: RsView | undefined, now: number): DeploymentStatus {
  const available = sumAvailable(all);
  const total = activeReplicaSets(all).reduce((n, rs) => n + rs.replicas, 0);
  const status: DeploymentStatus = omitZero(
    {
      observedGeneration: d.generation,
      replicas: sumStatusReplicas(all),
      updatedReplicas: sumStatusReplicas([newRS]),
      readyReplicas: sumReady(all),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      collisionCount: previous.collisionCount ?? 0,
    },
    ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'],
  );
  let conditions = [...(previous.conditions ?? [])];
  if (available >= d.replicas - maxUnavailable(d)) {
    conditions = setCondition(conditions, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  } else {
    conditions = setCondition(conditions, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  }
  if (conditions.length > 0) {
    status.conditions = conditions;
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: DeploymentFacts, status: DeploymentStatus): boolean {
  return (
    (status.updatedReplicas ?? 0) === d.replicas &&
    (status.replicas ?? 0) === d.replicas &&
    (status.availableReplicas ?? 0) === d.replicas &&
    (status.observedGeneration ?? 0) >= d.generation
  );
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones. */
export function deploymentProgressing(old: DeploymentStatus, next: DeploymentStatus): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: Progressing has not moved for progressDeadlineSeconds. */
export function deploymentTimedOut(d: DeploymentFacts, status: DeploymentStatus, now: number): boolean {
  if (d.progressDeadlineSeconds === undefined) {
    return false;
  }
  const progressing = findCondition(status.conditions, 'Progressing');
  if (progressing === undefined || progressing.reason === NEW_RS_AVAILABLE) {
    return false;
  }
  if (progressing.reason === TIMED_OUT) {
    return true;
  }
  const from = parseTime(progressing.lastUpdateTime);
  return from !== undefined && from + d.progressDeadlineSeconds * 1000 < now;
}

/** syncRolloutStatus: calculateStatus plus the Progressing condition. */
export function rolloutStatus(d: DeploymentFacts, previous: DeploymentStatus, all: readonly RsView[], newRS: RsView | undefined, now: number): DeploymentStatus {
  const next = calculateStatus(d, previous, all, newRS, now);
  let conditions = next.conditions ?? [];
  if (d.progressDeadlineSeconds === undefined) {
    conditions = removeCondition(conditions, 'Progressing');
  }
  const current = findCondition(previous.conditions, 'Progressing');
  const complete = next.replicas === next.updatedReplicas && current?.reason === NEW_RS_AVAILABLE;
  if (d.progressDeadlineSeconds !== undefined && !complete) {
    const rsName = newRS?.name ?? '';
    if (deploymentComplete(d, next)) {
      conditions = setCondition(conditions, newCondition('Progressing', 'True', NEW_RS_AVAILABLE, `ReplicaSet "${rsName}" has successfully progressed.`, now));
    } else if (deploymentProgressing(previous, next)) {
      const message = newRS === undefined ? 'Deployment is progressing.' : `ReplicaSet "${rsName}" is progressing.`;
      const condition = newCondition('Progressing', 'True', RS_UPDATED, message, now);
      if (current !== undefined) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) {
          condition.lastTransitionTime = current.lastTransitionTime;
        }
        conditions = removeCondition(conditions, 'Progressing');
      }
      conditions = setCondition(conditions, condition);
    } else if (deploymentTimedOut(d, next, now)) {
      conditions = setCondition(conditions, newCondition('Progressing', 'False', TIMED_OUT, `ReplicaSet "${rsName}" has timed out progressing.`, now));
    }
  }
  const out = { ...next };
  if (conditions.length > 0) {
    out.conditions = conditions;
  } else {
    delete out.conditions;
  }
  return out;
}

/** How long until a stuck rollout must be checked for its deadline (requeueStuckDeployment). */
export function msUntilDeadline(d: DeploymentFacts, status: DeploymentStatus, now: number): number | undefined {
  const progressing = findCondition(status.conditions, 'Progressing');
  if (d.progressDeadlineSeconds === undefined || progressing === undefined || progressing.reason !== RS_UPDATED || deploymentComplete(d, status)) {
    return undefined;
  }
  const from = parseTime(progressing.lastUpdateTime);
  if (from === undefined) {
    return undefined;
  }
  return Math.max(1000, from + d.progressDeadlineSeconds * 1000 - now + 1000);
}

/** The Progressing condition the controller sets when it creates or first finds the new ReplicaSet. */
export function newReplicaSetCondition(created: boolean, rsName: string, now: number): Condition {
  return created
    ? newCondition('Progressing', 'True', NEW_RS_CREATED, `Created new replica set "${rsName}"`, now)
    : newCondition('Progressing', 'True', FOUND_NEW_RS, `Found new replica set "${rsName}"`, now);
}

