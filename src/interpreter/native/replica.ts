/**
 * Native InterpretReplica and ReviseReplica (`default/native/replica.go`, `revisereplica.go`):
 * Deployment and StatefulSet use `spec.replicas`, Job `spec.parallelism` (capped by
 * `spec.completions`), a Pod is one replica.
 */
import { copyJson } from '../kube/json-copy.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { generateReplicaRequirements } from '../kube/pod-requirements.js';
import { getNumber, getObject } from '../kube/json-path.js';
import type { InterpretedReplicas } from '../types.js';

/** Reads replicas and requirements from one kind. */
export type ReplicaHandler = (object: KubeObject) => InterpretedReplicas;

/** Writes replicas into a copy of an object of one kind. */
export type ReviseReplicaHandler = (object: KubeObject, replicas: number) => KubeObject;

function withRequirements(replicas: number, podTemplate: unknown): InterpretedReplicas {
  const requirements = generateReplicaRequirements(podTemplate);
  return requirements === undefined ? { replicas } : { replicas, requirements };
}

function specReplicas(object: KubeObject): InterpretedReplicas {
  return withRequirements(getNumber(object, 'spec', 'replicas') ?? 0, getObject(object, 'spec', 'template'));
}

function jobReplicas(object: KubeObject): InterpretedReplicas {
  // The apiserver defaults parallelism to 1; a fixed completion count caps the pods running at once.
  let replicas = getNumber(object, 'spec', 'parallelism') ?? 0;
  const completions = getNumber(object, 'spec', 'completions') ?? replicas;
  if (replicas > completions) replicas = completions;
  return withRequirements(replicas, getObject(object, 'spec', 'template'));
}

function podReplicas(object: KubeObject): InterpretedReplicas {
  return withRequirements(1, { spec: getObject(object, 'spec') ?? {} });
}

/** Replica readers by `apiVersion, Kind=kind`. */
export const REPLICA_HANDLERS: ReadonlyMap<string, ReplicaHandler> = new Map([
  ['apps/v1, Kind=Deployment', specReplicas],
  ['apps/v1, Kind=StatefulSet', specReplicas],
  ['batch/v1, Kind=Job', jobReplicas],
  ['v1, Kind=Pod', podReplicas],
]);

/** Sets `spec.<field>` only when the object already has it, as Karmada's `helper.ApplyReplica`. */
function reviseSpecField(field: string): ReviseReplicaHandler {
  return (object, replicas) => {
    const copy = copyJson(object);
    const spec = copy['spec'];
    if (isPlainObject(spec) && typeof spec[field] === 'number') spec[field] = replicas;
    return copy;
  };
}

/** Replica writers by `apiVersion, Kind=kind`. */
export const REVISE_REPLICA_HANDLERS: ReadonlyMap<string, ReviseReplicaHandler> = new Map([
  ['apps/v1, Kind=Deployment', reviseSpecField('replicas')],
  ['apps/v1, Kind=StatefulSet', reviseSpecField('replicas')],
  ['batch/v1, Kind=Job', reviseSpecField('parallelism')],
]);
