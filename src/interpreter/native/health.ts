/**
 * Native InterpretHealth (`default/native/healthy.go`): whether a member object is healthy,
 * judged the way `kubectl rollout status` would.
 */
import type { KubeObject } from '../../api/object.js';
import { getArray, getNumber, getString } from '../kube/json-path.js';

/** True when the object is healthy. */
export type HealthHandler = (object: KubeObject) => boolean;

function num(object: KubeObject, ...path: string[]): number {
  return getNumber(object, ...path) ?? 0;
}

function observedLatest(object: KubeObject): boolean {
  return num(object, 'status', 'observedGeneration') === (object.metadata.generation ?? 0);
}

const deploymentHealthy: HealthHandler = (object) => {
  if (!observedLatest(object)) return false;
  const replicas = getNumber(object, 'spec', 'replicas');
  if (replicas !== undefined && num(object, 'status', 'updatedReplicas') < replicas) return false;
  return num(object, 'status', 'availableReplicas') >= num(object, 'status', 'updatedReplicas');
};

const statefulSetHealthy: HealthHandler = (object) => {
  if (!observedLatest(object)) return false;
  const replicas = getNumber(object, 'spec', 'replicas');
  if (replicas !== undefined) {
    // A partitioned rolling update only updates ordinals >= partition.
    const partition = getNumber(object, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
    if (num(object, 'status', 'updatedReplicas') < replicas - partition) return false;
    if (num(object, 'status', 'availableReplicas') < replicas) return false;
  }
  return num(object, 'status', 'availableReplicas') >= num(object, 'status', 'updatedReplicas');
};

const replicaSetHealthy: HealthHandler = (object) => {
  if (!observedLatest(object)) return false;
  const replicas = getNumber(object, 'spec', 'replicas');
  return replicas === undefined || num(object, 'status', 'availableReplicas') >= replicas;
};

const daemonSetHealthy: HealthHandler = (object) => {
  if (!observedLatest(object)) return false;
  if (num(object, 'status', 'updatedNumberScheduled') < num(object, 'status', 'desiredNumberScheduled')) return false;
  return num(object, 'status', 'numberAvailable') >= num(object, 'status', 'updatedNumberScheduled');
};

function hasLoadBalancerIngress(object: KubeObject): boolean {
  return getArray(object, 'status', 'loadBalancer', 'ingress').some((i) => Boolean(getString(i, 'hostname')) || Boolean(getString(i, 'ip')));
}

const serviceHealthy: HealthHandler = (object) => getString(object, 'spec', 'type') !== 'LoadBalancer' || hasLoadBalancerIngress(object);

const ingressHealthy: HealthHandler = hasLoadBalancerIngress;

const persistentVolumeClaimHealthy: HealthHandler = (object) => getString(object, 'status', 'phase') === 'Bound';

const podHealthy: HealthHandler = (object) => {
  const phase = getString(object, 'status', 'phase');
  if (phase === 'Succeeded') return true;
  const ready = getArray(object, 'status', 'conditions').find((c) => getString(c, 'type') === 'Ready');
  return phase === 'Running' && getString(ready, 'status') === 'True';
};

const podDisruptionBudgetHealthy: HealthHandler = (object) => num(object, 'status', 'currentHealthy') >= num(object, 'status', 'desiredHealthy');

/** InterpretHealth handlers by `apiVersion, Kind=kind`. */
export const HEALTH_HANDLERS: ReadonlyMap<string, HealthHandler> = new Map([
  ['apps/v1, Kind=Deployment', deploymentHealthy],
  ['apps/v1, Kind=StatefulSet', statefulSetHealthy],
  ['apps/v1, Kind=ReplicaSet', replicaSetHealthy],
  ['apps/v1, Kind=DaemonSet', daemonSetHealthy],
  ['v1, Kind=Service', serviceHealthy],
  ['networking.k8s.io/v1, Kind=Ingress', ingressHealthy],
  ['v1, Kind=PersistentVolumeClaim', persistentVolumeClaimHealthy],
  ['v1, Kind=Pod', podHealthy],
  ['policy/v1, Kind=PodDisruptionBudget', podDisruptionBudgetHealthy],
]);
