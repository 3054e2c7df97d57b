/**
 * Native InterpretStatus (`default/native/reflectstatus.go`): the part of a member object's
 * status Karmada records in the Work and the binding. Kinds without a rule reflect their whole
 * status.
 */
import { copyJson } from '../kube/json-copy.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { getObject, getString } from '../kube/json-path.js';
import { federatedGeneration } from './federated-generation.js';

/** Returns the status to record, or undefined when there is none. */
export type ReflectStatusHandler = (object: KubeObject) => unknown;

/** Copies `fields` from status; `always` fields are kept even when zero (Go fields without omitempty). */
function pick(status: Record<string, unknown>, fields: readonly string[], always: readonly string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const value = status[field];
    if (value === undefined || value === null) {
      if (always.includes(field)) result[field] = 0;
      continue;
    }
    if ((value === 0 || value === '') && !always.includes(field)) continue;
    result[field] = copyJson(value);
  }
  return result;
}

/** Reflects counters plus the member's generation and template generation (see federated-generation.ts). */
function reflectWithGeneration(fields: readonly string[], always: readonly string[] = []): ReflectStatusHandler {
  return (object) => {
    const status = getObject(object, 'status');
    if (status === undefined) return undefined;
    return { ...pick(status, [...fields, 'observedGeneration'], always), ...federatedGeneration(object) };
  };
}

/** The whole `.status`, or undefined. */
export const reflectWholeStatus: ReflectStatusHandler = (object) => {
  const status = object['status'];
  return isPlainObject(status) ? copyJson(status) : undefined;
};

const reflectServiceStatus: ReflectStatusHandler = (object) => {
  // Only load balancers have a status worth aggregating.
  if (getString(object, 'spec', 'type') !== 'LoadBalancer') return undefined;
  const status = getObject(object, 'status');
  if (status === undefined) return undefined;
  const loadBalancer = getObject(status, 'loadBalancer');
  return { loadBalancer: loadBalancer === undefined ? {} : copyJson(loadBalancer) };
};

function reflectFields(fields: readonly string[], always: readonly string[] = []): ReflectStatusHandler {
  return (object) => {
    const status = getObject(object, 'status');
    return status === undefined ? undefined : pick(status, fields, always);
  };
}

/** InterpretStatus handlers by `apiVersion, Kind=kind`; other kinds use {@link reflectWholeStatus}. */
export const REFLECT_STATUS_HANDLERS: ReadonlyMap<string, ReflectStatusHandler> = new Map([
  ['apps/v1, Kind=Deployment', reflectWithGeneration(['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'])],
  ['apps/v1, Kind=ReplicaSet', reflectWithGeneration(['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'], ['replicas'])],
  [
    'apps/v1, Kind=StatefulSet',
    reflectWithGeneration(['availableReplicas', 'currentReplicas', 'readyReplicas', 'replicas', 'updatedReplicas'], ['availableReplicas', 'replicas']),
  ],
  [
    'apps/v1, Kind=DaemonSet',
    reflectWithGeneration(
      [
        'currentNumberScheduled',
        'desiredNumberScheduled',
        'numberAvailable',
        'numberMisscheduled',
        'numberReady',
        'updatedNumberScheduled',
        'numberUnavailable',
      ],
      ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
    ),
  ],
  ['v1, Kind=Service', reflectServiceStatus],
  ['networking.k8s.io/v1, Kind=Ingress', reflectWholeStatus],
  ['batch/v1, Kind=Job', reflectFields(['active', 'succeeded', 'failed', 'conditions', 'startTime', 'completionTime'])],
  [
    'policy/v1, Kind=PodDisruptionBudget',
    reflectFields(
      ['disruptionsAllowed', 'expectedPods', 'desiredHealthy', 'currentHealthy', 'disruptedPods'],
      ['disruptionsAllowed', 'expectedPods', 'desiredHealthy', 'currentHealthy'],
    ),
  ],
  ['autoscaling/v2, Kind=HorizontalPodAutoscaler', reflectFields(['currentReplicas', 'desiredReplicas'], ['desiredReplicas'])],
]);
