/**
 * Native Retain (`default/native/retain.go`, `util/lifted/retain.go`): keep the values a member
 * cluster assigns (a Service's cluster IP, a Pod's node, a PVC's volume, ...) when Karmada
 * updates the member object from the template.
 */
import { copyJson } from '../kube/json-copy.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { getArray, getNumber, getObject, getString, getValue, setValue } from '../kube/json-path.js';

/** Returns a copy of `desired` with member-owned values of `observed` kept. */
export type RetainHandler = (desired: KubeObject, observed: KubeObject) => KubeObject;

/** Label on a template asking members to keep their own replica count (e.g. scaled by a member HPA). */
export const RETAIN_REPLICAS_LABEL = 'resourcetemplate.karmada.io/retain-replicas';
/** The value of {@link RETAIN_REPLICAS_LABEL} that turns retention on. */
export const RETAIN_REPLICAS_VALUE = 'true';
/** Annotation with the UID of the ServiceAccount a token Secret belongs to. */
const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

/** Raised when an object cannot be retained, e.g. the member object lacks the replicas to keep. */
export class RetainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetainError';
  }
}

function retainWorkloadReplicas(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  if (desired.metadata.labels?.[RETAIN_REPLICAS_LABEL] !== RETAIN_REPLICAS_VALUE) return copy;
  const replicas = getNumber(observed, 'spec', 'replicas');
  if (replicas === undefined) {
    throw new RetainError(`cannot retain replicas of ${observed.kind ?? ''} ${observed.metadata.name ?? ''}: the member object has no spec.replicas`);
  }
  setValue(copy, ['spec', 'replicas'], replicas);
  return copy;
}

/** Sets or removes `obj[key]` so that an absent or empty member value clears the field, as a typed Go copy does. */
function assignOrDelete(obj: Record<string, unknown>, key: string, value: unknown): void {
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) delete obj[key];
  else obj[key] = copyJson(value);
}

function retainPodFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  const spec = isPlainObject(copy['spec']) ? copy['spec'] : (copy['spec'] = {});
  const observedSpec = getObject(observed, 'spec') ?? {};
  assignOrDelete(spec, 'nodeName', observedSpec['nodeName']);
  assignOrDelete(spec, 'serviceAccountName', observedSpec['serviceAccountName']);
  assignOrDelete(spec, 'volumes', observedSpec['volumes']);
  for (const field of ['containers', 'initContainers']) {
    const desiredContainers = getArray(spec, field);
    for (const observedContainer of getArray(observedSpec, field)) {
      const name = getString(observedContainer, 'name');
      const target = desiredContainers.find((c) => getString(c, 'name') === name);
      if (isPlainObject(target)) assignOrDelete(target, 'volumeMounts', getValue(observedContainer, 'volumeMounts'));
    }
  }
  return copy;
}

function retainServiceFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  // healthCheckNodePort and the cluster IPs are allocated by the member's apiserver and cannot change.
  const healthCheckNodePort = getNumber(observed, 'spec', 'healthCheckNodePort');
  if (healthCheckNodePort !== undefined && healthCheckNodePort > 0) setValue(copy, ['spec', 'healthCheckNodePort'], healthCheckNodePort);
  const clusterIP = getString(observed, 'spec', 'clusterIP');
  if (clusterIP) setValue(copy, ['spec', 'clusterIP'], clusterIP);
  const clusterIPs = getArray(observed, 'spec', 'clusterIPs');
  if (clusterIPs.length > 0) setValue(copy, ['spec', 'clusterIPs'], copyJson(clusterIPs));
  return copy;
}

function mergeByName(desired: unknown[], observed: unknown[]): unknown[] {
  const merged: unknown[] = [];
  const seen = new Set<string>();
  for (const item of [...desired, ...observed]) {
    const name = getString(item, 'name') ?? '';
    if (seen.has(name)) continue;
    seen.add(name);
    merged.push(copyJson(item));
  }
  return merged;
}

function retainServiceAccountFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  // Members' token controllers add secrets; merging them avoids a tug of war (karmada#2573, #3370).
  for (const field of ['secrets', 'imagePullSecrets']) {
    const merged = mergeByName(getArray(desired, field), getArray(observed, field));
    if (merged.length > 0) copy[field] = merged;
    else delete copy[field];
  }
  return copy;
}

function retainPersistentVolumeClaimFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  const volumeName = getString(observed, 'spec', 'volumeName');
  if (volumeName) setValue(copy, ['spec', 'volumeName'], volumeName);
  return copy;
}

function retainPersistentVolumeFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  const claimRef = getValue(observed, 'spec', 'claimRef');
  if (claimRef !== undefined && claimRef !== null) setValue(copy, ['spec', 'claimRef'], copyJson(claimRef));
  return copy;
}

function retainJobSelectorFields(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  // The member's job controller adds controller-uid labels to the selector and the pod template.
  const matchLabels = getObject(observed, 'spec', 'selector', 'matchLabels');
  if (matchLabels !== undefined) setValue(copy, ['spec', 'selector', 'matchLabels'], copyJson(matchLabels));
  const templateLabels = getObject(observed, 'spec', 'template', 'metadata', 'labels');
  if (templateLabels !== undefined) setValue(copy, ['spec', 'template', 'metadata', 'labels'], copyJson(templateLabels));
  return copy;
}

function retainSecretServiceAccountToken(desired: KubeObject, observed: KubeObject): KubeObject {
  const copy = copyJson(desired);
  if (desired['type'] !== 'kubernetes.io/service-account-token') return copy;
  // The member's token controller fills in the token and the ServiceAccount's UID.
  const data = getObject(observed, 'data');
  if (data !== undefined) copy['data'] = copyJson(data);
  const uid = getString(observed, 'metadata', 'annotations', SERVICE_ACCOUNT_UID_ANNOTATION);
  if (uid !== undefined) setValue(copy, ['metadata', 'annotations', SERVICE_ACCOUNT_UID_ANNOTATION], uid);
  return copy;
}

/** Retain handlers by `apiVersion, Kind=kind`. */
export const RETAIN_HANDLERS: ReadonlyMap<string, RetainHandler> = new Map([
  ['apps/v1, Kind=Deployment', retainWorkloadReplicas],
  ['v1, Kind=Pod', retainPodFields],
  ['v1, Kind=Service', retainServiceFields],
  ['v1, Kind=ServiceAccount', retainServiceAccountFields],
  ['v1, Kind=PersistentVolumeClaim', retainPersistentVolumeClaimFields],
  ['v1, Kind=PersistentVolume', retainPersistentVolumeFields],
  ['batch/v1, Kind=Job', retainJobSelectorFields],
  ['v1, Kind=Secret', retainSecretServiceAccountToken],
]);
