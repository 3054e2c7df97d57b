/**
 * Native AggregateStatus (`default/native/aggregatestatus.go`): merge the statuses members
 * reported (already reduced by InterpretStatus) into the resource template's status.
 */
import { copyJson } from '../kube/json-copy.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { AggregatedStatusItem } from '../types.js';
import { getArray, getNumber, getObject, getString } from '../kube/json-path.js';
import { aggregatedObservedGeneration } from './federated-generation.js';

/** Returns a copy of the template with its status aggregated from `items`. */
export type AggregateStatusHandler = (object: KubeObject, items: readonly AggregatedStatusItem[], now: () => Date) => KubeObject;

/** The statuses that were reported (items whose status is missing are skipped). */
function reported(items: readonly AggregatedStatusItem[]): { cluster: string; status: Record<string, unknown> }[] {
  const result: { cluster: string; status: Record<string, unknown> }[] = [];
  for (const item of items) {
    if (isPlainObject(item.status)) result.push({ cluster: item.clusterName, status: item.status });
  }
  return result;
}

function sumFields(items: readonly AggregatedStatusItem[], fields: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  for (const { status } of reported(items)) {
    for (const field of fields) totals[field] = (totals[field] ?? 0) + (getNumber(status, field) ?? 0);
  }
  return totals;
}

function withStatus(object: KubeObject, update: (status: Record<string, unknown>) => Record<string, unknown>): KubeObject {
  const copy = copyJson(object);
  const status = isPlainObject(copy['status']) ? copy['status'] : {};
  copy['status'] = update(status);
  return copy;
}

/** Sums replica counters and sets observedGeneration with Karmada's generation semantics. */
function aggregateReplicaCounters(fields: readonly string[]): AggregateStatusHandler {
  return (object, items) => {
    const totals = sumFields(items, fields);
    const observedGeneration = aggregatedObservedGeneration(object, items);
    return withStatus(object, (status) => ({ ...status, ...totals, observedGeneration }));
  };
}

const aggregateDeploymentStatus = aggregateReplicaCounters(['replicas', 'readyReplicas', 'updatedReplicas', 'availableReplicas', 'unavailableReplicas']);
const aggregateReplicaSetStatus = aggregateReplicaCounters(['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']);
const aggregateStatefulSetStatus = aggregateReplicaCounters(['availableReplicas', 'currentReplicas', 'readyReplicas', 'replicas', 'updatedReplicas']);
const aggregateDaemonSetStatus = aggregateReplicaCounters([
  'currentNumberScheduled',
  'desiredNumberScheduled',
  'numberAvailable',
  'numberMisscheduled',
  'numberReady',
  'updatedNumberScheduled',
  'numberUnavailable',
]);

/** Collects load balancer ingress points; an entry without hostname is labelled with its cluster. */
function collectIngress(items: readonly AggregatedStatusItem[]): unknown[] {
  const ingress: unknown[] = [];
  for (const { cluster, status } of reported(items)) {
    for (const entry of getArray(status, 'loadBalancer', 'ingress')) {
      const copy = isPlainObject(entry) ? copyJson(entry) : {};
      if (!copy['hostname']) copy['hostname'] = cluster;
      ingress.push(copy);
    }
  }
  return ingress;
}

const aggregateServiceStatus: AggregateStatusHandler = (object, items) => {
  if (getString(object, 'spec', 'type') !== 'LoadBalancer') return copyJson(object);
  const ingress = collectIngress(items);
  return withStatus(object, () => ({ loadBalancer: ingress.length > 0 ? { ingress } : {} }));
};

const aggregateIngressStatus: AggregateStatusHandler = (object, items) => {
  const ingress = collectIngress(items);
  return withStatus(object, () => ({ loadBalancer: ingress.length > 0 ? { ingress } : {} }));
};

/** `helper.GetJobFinishedStatus`: the Complete or Failed condition that is True, if any. */
function jobFinishedType(status: unknown): 'Complete' | 'Failed' | undefined {
  for (const condition of getArray(status, 'conditions')) {
    const type = getString(condition, 'type');
    if ((type === 'Complete' || type === 'Failed') && getString(condition, 'status') === 'True') return type;
  }
  return undefined;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** A condition with times set to now, unless the template already has the same condition (keeps its times). */
function jobCondition(old: unknown, type: string, reason: string, message: string, now: Date): Record<string, unknown> {
  const existing = getArray(old, 'conditions').find(
    (c) => getString(c, 'type') === type && getString(c, 'status') === 'True' && getString(c, 'reason') === reason && getString(c, 'message') === message,
  );
  if (isPlainObject(existing)) return copyJson(existing);
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { type, status: 'True', lastProbeTime: time, lastTransitionTime: time, reason, message };
}

const aggregateJobStatus: AggregateStatusHandler = (object, items, now) => {
  // A finished job's status never changes again.
  if (jobFinishedType(object['status']) !== undefined) return copyJson(object);
  const status: Record<string, unknown> = {};
  const totals = sumFields(items, ['active', 'succeeded', 'failed']);
  const failedClusters: string[] = [];
  let succeededClusters = 0;
  let completedClusters = 0;
  let startTime: string | undefined;
  let completionTime: string | undefined;
  for (const { cluster, status: member } of reported(items)) {
    const finished = jobFinishedType(member);
    if (finished === 'Complete') succeededClusters++;
    if (finished === 'Failed') failedClusters.push(cluster);
    startTime = earlier(startTime, getString(member, 'startTime'));
    const memberCompletion = getString(member, 'completionTime');
    if (memberCompletion !== undefined) {
      completedClusters++;
      completionTime = later(completionTime, memberCompletion);
    }
  }
  for (const field of ['active', 'succeeded', 'failed']) if (totals[field]) status[field] = totals[field];
  const conditions: Record<string, unknown>[] = [];
  if (failedClusters.length > 0) {
    conditions.push(jobCondition(object['status'], 'Failed', 'JobFailed', `Job executed failed in member clusters ${failedClusters.join(',')}`, now()));
  }
  // No items yet (a binding just created) must not read as complete.
  if (succeededClusters === items.length && succeededClusters > 0) {
    conditions.push(jobCondition(object['status'], 'Complete', 'Completed', 'Job completed', now()));
  }
  if (conditions.length > 0) status['conditions'] = conditions;
  if (startTime !== undefined) status['startTime'] = startTime;
  if (completionTime !== undefined && completedClusters === items.length) status['completionTime'] = completionTime;
  const copy = copyJson(object);
  copy['status'] = status;
  return copy;
};

const aggregateCronJobStatus: AggregateStatusHandler = (object, items) => {
  const active: unknown[] = [];
  let lastScheduleTime: string | undefined;
  let lastSuccessfulTime: string | undefined;
  for (const { status } of reported(items)) {
    active.push(...copyJson(getArray(status, 'active')));
    lastScheduleTime = later(lastScheduleTime, getString(status, 'lastScheduleTime'));
    lastSuccessfulTime = later(lastSuccessfulTime, getString(status, 'lastSuccessfulTime'));
  }
  return withStatus(object, (status) => {
    const next = { ...status };
    delete next['active'];
    delete next['lastScheduleTime'];
    delete next['lastSuccessfulTime'];
    if (active.length > 0) next['active'] = active;
    if (lastScheduleTime !== undefined) next['lastScheduleTime'] = lastScheduleTime;
    if (lastSuccessfulTime !== undefined) next['lastSuccessfulTime'] = lastSuccessfulTime;
    return next;
  });
};

/** The first phase of `order` present, or undefined. */
function firstPhase(phases: ReadonlySet<string>, order: readonly string[]): string | undefined {
  return order.find((phase) => phases.has(phase));
}

const aggregatePodStatus: AggregateStatusHandler = (object, items) => {
  // Karmada leaves the pod alone until some member reports (a nil list).
  if (items.length === 0) return copyJson(object);
  const phases = new Set<string>();
  const containerStatuses: unknown[] = [];
  for (const item of items) {
    if (!isPlainObject(item.status)) {
      // A status not collected yet counts as Pending so that the pod does not look done too early.
      phases.add('Pending');
      continue;
    }
    phases.add(getString(item.status, 'phase') ?? '');
    for (const cs of getArray(item.status, 'containerStatuses')) {
      const entry: Record<string, unknown> = { ready: isPlainObject(cs) && cs['ready'] === true };
      const state = getObject(cs, 'state');
      entry['state'] = state === undefined ? {} : copyJson(state);
      containerStatuses.push(entry);
    }
  }
  // Failed, then Pending, Running, Succeeded (Unknown is deprecated and ignored; karmada#2137).
  const phase = firstPhase(phases, ['Failed', 'Pending', 'Running', 'Succeeded']);
  const status: Record<string, unknown> = {};
  if (containerStatuses.length > 0) status['containerStatuses'] = containerStatuses;
  if (phase !== undefined) status['phase'] = phase;
  const copy = copyJson(object);
  copy['status'] = status;
  return copy;
};

const aggregatePersistentVolumeStatus: AggregateStatusHandler = (object, items) => {
  const phases = new Set<string>();
  for (const item of items) phases.add(isPlainObject(item.status) ? (getString(item.status, 'phase') ?? '') : 'Pending');
  const phase = firstPhase(phases, ['Failed', 'Pending', 'Available', 'Bound', 'Released']);
  const copy = copyJson(object);
  copy['status'] = phase === undefined ? {} : { phase };
  return copy;
};

const aggregatePersistentVolumeClaimStatus: AggregateStatusHandler = (object, items) => {
  let phase = 'Bound';
  for (const { status } of reported(items)) {
    const memberPhase = getString(status, 'phase') ?? '';
    if (memberPhase === 'Lost') {
      phase = 'Lost';
      break;
    }
    if (memberPhase !== 'Bound') phase = memberPhase;
  }
  const copy = copyJson(object);
  copy['status'] = phase === '' ? {} : { phase };
  return copy;
};

const aggregatePodDisruptionBudgetStatus: AggregateStatusHandler = (object, items) => {
  const totals = sumFields(items, ['currentHealthy', 'desiredHealthy', 'expectedPods', 'disruptionsAllowed']);
  const disruptedPods: Record<string, unknown> = {};
  for (const { cluster, status } of reported(items)) {
    for (const [pod, time] of Object.entries(getObject(status, 'disruptedPods') ?? {})) disruptedPods[`${cluster}/${pod}`] = time;
  }
  const status: Record<string, unknown> = { ...totals };
  if (Object.keys(disruptedPods).length > 0) status['disruptedPods'] = disruptedPods;
  const copy = copyJson(object);
  copy['status'] = status;
  return copy;
};

const aggregateHorizontalPodAutoscalerStatus: AggregateStatusHandler = (object, items) => {
  const totals = sumFields(items, ['currentReplicas', 'desiredReplicas']);
  return withStatus(object, (status) => ({ ...status, ...totals }));
};

/** AggregateStatus handlers by `apiVersion, Kind=kind`. */
export const AGGREGATE_STATUS_HANDLERS: ReadonlyMap<string, AggregateStatusHandler> = new Map([
  ['apps/v1, Kind=Deployment', aggregateDeploymentStatus],
  ['apps/v1, Kind=ReplicaSet', aggregateReplicaSetStatus],
  ['apps/v1, Kind=StatefulSet', aggregateStatefulSetStatus],
  ['apps/v1, Kind=DaemonSet', aggregateDaemonSetStatus],
  ['batch/v1, Kind=Job', aggregateJobStatus],
  ['batch/v1, Kind=CronJob', aggregateCronJobStatus],
  ['v1, Kind=Pod', aggregatePodStatus],
  ['v1, Kind=Service', aggregateServiceStatus],
  ['networking.k8s.io/v1, Kind=Ingress', aggregateIngressStatus],
  ['v1, Kind=PersistentVolume', aggregatePersistentVolumeStatus],
  ['v1, Kind=PersistentVolumeClaim', aggregatePersistentVolumeClaimStatus],
  ['policy/v1, Kind=PodDisruptionBudget', aggregatePodDisruptionBudgetStatus],
  ['autoscaling/v2, Kind=HorizontalPodAutoscaler', aggregateHorizontalPodAutoscalerStatus],
]);
