/**
 * apps/v1 and batch/v1 defaulting (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go),
 * including the pod template defaults of every workload. Mutates in place.
 */
import { isPlainObject } from '../../api/object.js';
import { child, type Json } from './json-tree.js';
import { applyPodTemplateDefaults, setDefault } from './pod-defaults.js';
import { applyPersistentVolumeClaimDefaults } from './storage-defaults.js';

function spec(object: Json): Json {
  const s = object['spec'];
  if (isPlainObject(s)) {
    return s;
  }
  const created: Json = {};
  object['spec'] = created;
  return created;
}

function setNumber(parent: Json, key: string, value: number): void {
  if (typeof parent[key] !== 'number') {
    parent[key] = value;
  }
}

/** Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function applyDeploymentDefaults(object: Json): void {
  const s = spec(object);
  setNumber(s, 'replicas', 1);
  const strategy = child(s, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setNumber(s, 'revisionHistoryLimit', 10);
  setNumber(s, 'progressDeadlineSeconds', 600);
  applyPodTemplateDefaults(s['template']);
}

/** ReplicaSet: replicas 1. */
export function applyReplicaSetDefaults(object: Json): void {
  const s = spec(object);
  setNumber(s, 'replicas', 1);
  applyPodTemplateDefaults(s['template']);
}

/** ReplicationController: selector and labels from the template, replicas 1. */
export function applyReplicationControllerDefaults(object: Json): void {
  const s = spec(object);
  const template = s['template'];
  const labels = isPlainObject(template) && isPlainObject(template['metadata']) ? template['metadata']['labels'] : undefined;
  if (isPlainObject(labels)) {
    if (!isPlainObject(s['selector']) || Object.keys(s['selector']).length === 0) {
      s['selector'] = { ...labels };
    }
    const meta = child(object, 'metadata');
    if (!isPlainObject(meta['labels']) || Object.keys(meta['labels']).length === 0) {
      meta['labels'] = { ...labels };
    }
  }
  setNumber(s, 'replicas', 1);
  applyPodTemplateDefaults(template);
}

/**
 * StatefulSet: OrderedReady, RollingUpdate with partition 0, Retain/Retain PVC retention,
 * replicas 1, revisionHistoryLimit 10; claim templates get PVC defaults.
 */
export function applyStatefulSetDefaults(object: Json): void {
  const s = spec(object);
  setDefault(s, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(s, 'updateStrategy');
  if (strategy['type'] === undefined || strategy['type'] === '') {
    strategy['type'] = 'RollingUpdate';
    if (!isPlainObject(strategy['rollingUpdate'])) {
      strategy['rollingUpdate'] = {};
    }
  }
  if (strategy['type'] === 'RollingUpdate' && isPlainObject(strategy['rollingUpdate'])) {
    setNumber(strategy['rollingUpdate'], 'partition', 0);
  }
  const retention = child(s, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  setNumber(s, 'replicas', 1);
  setNumber(s, 'revisionHistoryLimit', 10);
  applyPodTemplateDefaults(s['template']);
  const claims = s['volumeClaimTemplates'];
  if (Array.isArray(claims)) {
    for (const claim of claims) {
      if (isPlainObject(claim)) {
        // The apps/v1 conversion writes TypeMeta into embedded claim templates.
        setDefault(claim, 'apiVersion', 'v1');
        setDefault(claim, 'kind', 'PersistentVolumeClaim');
        applyPersistentVolumeClaimDefaults(claim);
      }
    }
  }
}

/** DaemonSet: RollingUpdate maxUnavailable 1 / maxSurge 0, revisionHistoryLimit 10. */
export function applyDaemonSetDefaults(object: Json): void {
  const s = spec(object);
  const strategy = child(s, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  setNumber(s, 'revisionHistoryLimit', 10);
  applyPodTemplateDefaults(s['template']);
}

/**
 * Job: completions/parallelism 1 (both only when both unset), backoffLimit 6 (MaxInt32 with
 * backoffLimitPerIndex), labels from the template, NonIndexed, suspend false, pod failure
 * policy condition status True, podReplacementPolicy. The template's restartPolicy is
 * defaulted like any pod spec (to Always, which Job validation then rejects).
 */
export function applyJobDefaults(object: Json): void {
  const s = spec(object);
  const hasCompletions = typeof s['completions'] === 'number';
  const hasParallelism = typeof s['parallelism'] === 'number';
  if (!hasCompletions && !hasParallelism) {
    s['completions'] = 1;
    s['parallelism'] = 1;
  }
  setNumber(s, 'parallelism', 1);
  if (typeof s['backoffLimit'] !== 'number') {
    s['backoffLimit'] = typeof s['backoffLimitPerIndex'] === 'number' ? 2147483647 : 6;
  }
  const template = s['template'];
  const labels = isPlainObject(template) && isPlainObject(template['metadata']) ? template['metadata']['labels'] : undefined;
  const meta = child(object, 'metadata');
  if (isPlainObject(labels) && (!isPlainObject(meta['labels']) || Object.keys(meta['labels']).length === 0)) {
    meta['labels'] = { ...labels };
  }
  setDefault(s, 'completionMode', 'NonIndexed');
  if (typeof s['suspend'] !== 'boolean') {
    s['suspend'] = false;
  }
  const failurePolicy = s['podFailurePolicy'];
  if (isPlainObject(failurePolicy) && Array.isArray(failurePolicy['rules'])) {
    for (const rule of failurePolicy['rules']) {
      if (isPlainObject(rule) && Array.isArray(rule['onPodConditions'])) {
        for (const pattern of rule['onPodConditions']) {
          if (isPlainObject(pattern)) {
            setDefault(pattern, 'status', 'True');
          }
        }
      }
    }
  }
  setDefault(s, 'podReplacementPolicy', isPlainObject(failurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  applyPodTemplateDefaults(template);
}

/** CronJob: Allow, suspend false, history limits 3 and 1; only pod defaults inside the job template. */
export function applyCronJobDefaults(object: Json): void {
  const s = spec(object);
  setDefault(s, 'concurrencyPolicy', 'Allow');
  if (typeof s['suspend'] !== 'boolean') {
    s['suspend'] = false;
  }
  setNumber(s, 'successfulJobsHistoryLimit', 3);
  setNumber(s, 'failedJobsHistoryLimit', 1);
  const jobTemplate = s['jobTemplate'];
  if (isPlainObject(jobTemplate) && isPlainObject(jobTemplate['spec'])) {
    applyPodTemplateDefaults(jobTemplate['spec']['template']);
  }
}
