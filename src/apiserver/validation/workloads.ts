/**
 * Workload validation: apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet and batch/v1
 * Job, CronJob (pkg/apis/apps/validation, pkg/apis/batch/validation), create and update.
 */
import { labelSelectorAsSelector, LabelSelectorError, type LabelSelectorObject } from '../../api/selectors/label-selector.js';
import { isValidPercent } from '../../api/selectors/name-rules.js';
import { child, forbidden, invalid, notSupported, required, type FieldError } from './field-error.js';
import { jsonEqual, numberAt, objectAt, stringAt, stringMapAt, type Json } from './json-access.js';
import { FIELD_IMMUTABLE, validateImmutableField, validateLabelSelector, validateNonnegative } from './object-meta.js';
import { validatePodTemplateSpec } from './pod-spec.js';

const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

function templateLabels(spec: Json): Record<string, string> {
  return stringMapAt(objectAt(objectAt(spec, 'template'), 'metadata'), 'labels') ?? {};
}

function rawTemplateLabels(spec: Json): unknown {
  const meta = objectAt(objectAt(spec, 'template'), 'metadata');
  return meta?.['labels'] ?? null;
}

/** Selector requirements shared by deployments, replicasets and statefulsets. */
function validateRequiredSelector(spec: Json, path: string, kindWord: string): FieldError[] {
  const errs: FieldError[] = [];
  const selector = objectAt(spec, 'selector');
  if (selector === undefined) {
    errs.push(required(child(path, 'selector')));
    return errs;
  }
  errs.push(...validateLabelSelector(selector, child(path, 'selector')));
  const count = Object.keys(stringMapAt(selector, 'matchLabels') ?? {}).length + (Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'].length : 0);
  if (count === 0) {
    errs.push(invalid(child(path, 'selector'), selector, `empty selector is invalid for ${kindWord}`));
  }
  return errs;
}

function selectorMatches(selector: Json | undefined, labels: Record<string, string>): boolean | undefined {
  try {
    const s = labelSelectorAsSelector(selector as LabelSelectorObject | undefined);
    // An empty selector skips the check, as upstream's `!selector.Empty()` guard does.
    return s.empty ? true : s.matches(labels);
  } catch (err) {
    if (err instanceof LabelSelectorError) {
      return undefined;
    }
    throw err;
  }
}

/** ValidatePodTemplateSpecForReplicaSet (also used by deployments). */
function validateTemplateForReplicaSet(spec: Json, path: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const templatePath = child(path, 'template');
  const matches = selectorMatches(objectAt(spec, 'selector'), templateLabels(spec));
  if (matches === undefined) {
    errs.push(invalid(child(path, 'selector'), objectAt(spec, 'selector') ?? null, 'invalid label selector'));
    return errs;
  }
  if (!matches) {
    errs.push(invalid(child(templatePath, 'metadata', 'labels'), rawTemplateLabels(spec), SELECTOR_MISMATCH));
  }
  errs.push(...validatePodTemplateSpec(objectAt(spec, 'template'), templatePath));
  const podSpec = objectAt(objectAt(spec, 'template'), 'spec');
  const restartPolicy = stringAt(podSpec, 'restartPolicy');
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(child(templatePath, 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  }
  if (numberAt(podSpec, 'activeDeadlineSeconds') !== undefined) {
    errs.push(forbidden(child(templatePath, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && isValidPercent(value).length === 0) {
    return Number(value.slice(0, -1));
  }
  return 0;
}

function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return isValidPercent(value).map((msg) => invalid(path, value, msg));
  }
  if (typeof value === 'number') {
    return validateNonnegative(value, path);
  }
  return [invalid(path, value ?? null, "must be an integer or percentage (e.g '5%%')")];
}

function notMoreThan100Percent(value: unknown, path: string): FieldError[] {
  return typeof value === 'string' && isValidPercent(value).length === 0 && Number(value.slice(0, -1)) > 100
    ? [invalid(path, value, 'must not be greater than 100%')]
    : [];
}

function validateDeploymentStrategy(strategy: Json | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = stringAt(strategy, 'type');
  const rolling = objectAt(strategy, 'rollingUpdate');
  if (type === 'Recreate') {
    if (rolling !== undefined) {
      errs.push(forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type === 'RollingUpdate') {
    if (rolling === undefined) {
      errs.push(required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil'));
    } else {
      const rollingPath = child(path, 'rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(rolling['maxUnavailable'], child(rollingPath, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(rolling['maxSurge'], child(rollingPath, 'maxSurge')));
      if (intOrPercentValue(rolling['maxUnavailable']) === 0 && intOrPercentValue(rolling['maxSurge']) === 0) {
        errs.push(invalid(child(rollingPath, 'maxUnavailable'), rolling['maxUnavailable'] ?? 0, 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...notMoreThan100Percent(rolling['maxUnavailable'], child(rollingPath, 'maxUnavailable')));
    }
  } else {
    errs.push(notSupported(path, strategy ?? {}, ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(numberAt(spec, 'replicas') ?? 0, child(path, 'replicas')));
  errs.push(...validateRequiredSelector(spec, path, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, path, 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(objectAt(spec, 'strategy'), child(path, 'strategy')));
  const minReady = numberAt(spec, 'minReadySeconds') ?? 0;
  errs.push(...validateNonnegative(minReady, child(path, 'minReadySeconds')));
  errs.push(...validateNonnegative(numberAt(spec, 'revisionHistoryLimit'), child(path, 'revisionHistoryLimit')));
  const deadline = numberAt(spec, 'progressDeadlineSeconds');
  if (deadline !== undefined) {
    errs.push(...validateNonnegative(deadline, child(path, 'progressDeadlineSeconds')));
    if (deadline <= minReady) {
      errs.push(invalid(child(path, 'progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSetSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(numberAt(spec, 'replicas') ?? 0, child(path, 'replicas')));
  errs.push(...validateNonnegative(numberAt(spec, 'minReadySeconds') ?? 0, child(path, 'minReadySeconds')));
  errs.push(...validateRequiredSelector(spec, path, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, path, 'ReplicaSet'));
  return errs;
}

/** ValidateStatefulSetSpec (upstream does not validate the pod spec of a statefulset template). */
export function validateStatefulSetSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const policy = stringAt(spec, 'podManagementPolicy');
  if (policy === '') {
    errs.push(required(child(path, 'podManagementPolicy')));
  } else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid(child(path, 'podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = objectAt(spec, 'updateStrategy');
  const strategyType = stringAt(strategy, 'type');
  const rolling = objectAt(strategy, 'rollingUpdate');
  if (strategyType === '') {
    errs.push(required(child(path, 'updateStrategy')));
  } else if (strategyType === 'OnDelete') {
    if (rolling !== undefined) {
      errs.push(invalid(child(path, 'updateStrategy', 'rollingUpdate'), rolling, "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (strategyType === 'RollingUpdate') {
    if (rolling !== undefined) {
      errs.push(...validateNonnegative(numberAt(rolling, 'partition') ?? 0, child(path, 'updateStrategy', 'rollingUpdate', 'partition')));
    }
  } else {
    errs.push(invalid(child(path, 'updateStrategy'), strategy ?? {}, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = objectAt(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention !== undefined) {
    for (const key of ['whenDeleted', 'whenScaled']) {
      const value = stringAt(retention, key);
      if (value !== 'Retain' && value !== 'Delete') {
        errs.push(notSupported(child(path, 'persistentVolumeClaimRetentionPolicy', key), value, ['Retain', 'Delete']));
      }
    }
  }
  errs.push(...validateNonnegative(numberAt(spec, 'replicas') ?? 0, child(path, 'replicas')));
  errs.push(...validateNonnegative(numberAt(spec, 'minReadySeconds') ?? 0, child(path, 'minReadySeconds')));
  errs.push(...validateRequiredSelector(spec, path, 'statefulset'));
  const matches = selectorMatches(objectAt(spec, 'selector'), templateLabels(spec));
  if (matches === undefined) {
    errs.push(invalid(child(path, 'selector'), objectAt(spec, 'selector') ?? null, ''));
  } else if (!matches) {
    errs.push(invalid(child(path, 'template', 'metadata', 'labels'), rawTemplateLabels(spec), SELECTOR_MISMATCH));
  }
  const podSpec = objectAt(objectAt(spec, 'template'), 'spec');
  const restartPolicy = stringAt(podSpec, 'restartPolicy');
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(child(path, 'template', 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  }
  if (numberAt(podSpec, 'activeDeadlineSeconds') !== undefined) {
    errs.push(forbidden(child(path, 'template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** ValidateDaemonSetSpec. */
export function validateDaemonSetSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const selector = objectAt(spec, 'selector');
  errs.push(...validateLabelSelector(selector, child(path, 'selector')));
  const matches = selectorMatches(selector, templateLabels(spec));
  if (matches === false) {
    errs.push(invalid(child(path, 'template', 'metadata', 'labels'), rawTemplateLabels(spec), SELECTOR_MISMATCH));
  }
  if (selector !== undefined) {
    const count = Object.keys(stringMapAt(selector, 'matchLabels') ?? {}).length + (Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'].length : 0);
    if (count === 0) {
      errs.push(invalid(child(path, 'selector'), selector, 'empty selector is invalid for daemonset'));
    }
  }
  errs.push(...validatePodTemplateSpec(objectAt(spec, 'template'), child(path, 'template')));
  const podSpec = objectAt(objectAt(spec, 'template'), 'spec');
  const restartPolicy = stringAt(podSpec, 'restartPolicy');
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(child(path, 'template', 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  }
  if (numberAt(podSpec, 'activeDeadlineSeconds') !== undefined) {
    errs.push(forbidden(child(path, 'template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...validateNonnegative(numberAt(spec, 'minReadySeconds') ?? 0, child(path, 'minReadySeconds')));
  const strategy = objectAt(spec, 'updateStrategy');
  const type = stringAt(strategy, 'type');
  if (type === 'RollingUpdate') {
    const rolling = objectAt(strategy, 'rollingUpdate');
    if (rolling === undefined) {
      errs.push(required(child(path, 'updateStrategy', 'rollingUpdate')));
    } else {
      const rp = child(path, 'updateStrategy', 'rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(rolling['maxUnavailable'], child(rp, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(rolling['maxSurge'], child(rp, 'maxSurge')));
      errs.push(...notMoreThan100Percent(rolling['maxUnavailable'], child(rp, 'maxUnavailable')));
      errs.push(...notMoreThan100Percent(rolling['maxSurge'], child(rp, 'maxSurge')));
      const hasUnavailable = intOrPercentValue(rolling['maxUnavailable']) !== 0;
      const hasSurge = intOrPercentValue(rolling['maxSurge']) !== 0;
      if (hasUnavailable && hasSurge) {
        errs.push(invalid(child(rp, 'maxSurge'), rolling['maxSurge'], 'may not be set when maxUnavailable is non-zero'));
      } else if (!hasUnavailable && !hasSurge) {
        errs.push(required(child(rp, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
      }
    }
  } else if (type !== 'OnDelete') {
    errs.push(notSupported(child(path, 'updateStrategy'), strategy ?? {}, ['RollingUpdate', 'OnDelete']));
  }
  errs.push(...validateNonnegative(numberAt(spec, 'revisionHistoryLimit'), child(path, 'revisionHistoryLimit')));
  return errs;
}

/** validateJobSpec (without the selector rules): counts, completion mode, template, restart policy. */
function validateJobSpecCommon(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    errs.push(...validateNonnegative(numberAt(spec, field), child(path, field)));
  }
  const mode = spec['completionMode'];
  if (typeof mode === 'string') {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') {
      errs.push(notSupported(child(path, 'completionMode'), mode, ['NonIndexed', 'Indexed']));
    }
    if (mode === 'Indexed' && numberAt(spec, 'completions') === undefined) {
      errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
    }
  }
  errs.push(...validatePodTemplateSpec(objectAt(spec, 'template'), child(path, 'template')));
  const restartPolicy = stringAt(objectAt(objectAt(spec, 'template'), 'spec'), 'restartPolicy');
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(child(path, 'template', 'spec', 'restartPolicy'), restartPolicy, ['OnFailure', 'Never']));
  }
  return errs;
}

/** ValidateJobSpec: selector required and must match the template labels. */
export function validateJobSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs = validateJobSpecCommon(spec, path);
  const selector = objectAt(spec, 'selector');
  if (selector === undefined) {
    errs.push(required(child(path, 'selector')));
  } else {
    errs.push(...validateLabelSelector(selector, child(path, 'selector')));
  }
  if (selectorMatches(selector, templateLabels(spec)) === false) {
    errs.push(invalid(child(path, 'template', 'metadata', 'labels'), rawTemplateLabels(spec), SELECTOR_MISMATCH));
  }
  return errs;
}

const cronDescriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** The robfig/cron standard parser's field-count check and descriptors. */
function validateSchedule(schedule: string, path: string): FieldError[] {
  let s = schedule.trim();
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    s = s.slice(s.indexOf(' ') + 1).trim();
  }
  if (s.startsWith('@')) {
    if (cronDescriptors.includes(s) || s.startsWith('@every ')) {
      return [];
    }
    return [invalid(path, schedule, `unrecognized descriptor: ${s}`)];
  }
  const fields = s.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) {
    return [invalid(path, schedule, `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`)];
  }
  return [];
}

/** validateCronJobSpec (create: name at most 52 characters). */
export function validateCronJobSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = stringAt(spec, 'schedule');
  if (schedule === '') {
    errs.push(required(child(path, 'schedule')));
  } else {
    errs.push(...validateSchedule(schedule, child(path, 'schedule')));
  }
  errs.push(...validateNonnegative(numberAt(spec, 'startingDeadlineSeconds'), child(path, 'startingDeadlineSeconds')));
  const policy = stringAt(spec, 'concurrencyPolicy');
  if (policy === '') {
    errs.push(required(child(path, 'concurrencyPolicy')));
  } else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errs.push(notSupported(child(path, 'concurrencyPolicy'), policy, ['Allow', 'Forbid', 'Replace']));
  }
  const jobTemplate = objectAt(spec, 'jobTemplate');
  errs.push(...validateJobSpecCommon(objectAt(jobTemplate, 'spec') ?? {}, child(path, 'jobTemplate', 'spec')));
  errs.push(...validateNonnegative(numberAt(spec, 'successfulJobsHistoryLimit'), child(path, 'successfulJobsHistoryLimit')));
  errs.push(...validateNonnegative(numberAt(spec, 'failedJobsHistoryLimit'), child(path, 'failedJobsHistoryLimit')));
  return errs;
}

/** Deployment/ReplicaSet/DaemonSet update: selector immutable in apps/v1. */
export function validateSelectorUpdate(spec: Json, oldSpec: Json, path = 'spec'): FieldError[] {
  return validateImmutableField(spec['selector'] ?? null, oldSpec['selector'] ?? null, child(path, 'selector'));
}

/** StatefulSet update: only replicas, ordinals, template, updateStrategy, PVC retention and minReadySeconds may change. */
export function validateStatefulSetUpdate(spec: Json, oldSpec: Json, path = 'spec'): FieldError[] {
  const mutable = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];
  const strip = (s: Json): Json => Object.fromEntries(Object.entries(s).filter(([k]) => !mutable.includes(k)));
  if (!jsonEqual(strip(spec), strip(oldSpec))) {
    return [
      forbidden(
        path,
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    ];
  }
  return [];
}

/** Job update: selector, completionMode, podFailurePolicy and (unless suspended) the template are immutable. */
export function validateJobUpdate(spec: Json, oldSpec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateImmutableField(spec['selector'] ?? null, oldSpec['selector'] ?? null, child(path, 'selector')));
  if (!jsonEqual(spec['template'], oldSpec['template'])) {
    // A suspended job that never started may change scheduling directives; others may not change the template.
    const suspended = spec['suspend'] === true && oldSpec['suspend'] === true;
    if (!suspended) {
      errs.push(invalid(child(path, 'template'), spec['template'] ?? null, FIELD_IMMUTABLE));
    }
  }
  errs.push(...validateImmutableField(spec['completionMode'] ?? null, oldSpec['completionMode'] ?? null, child(path, 'completionMode')));
  errs.push(...validateImmutableField(spec['podFailurePolicy'] ?? null, oldSpec['podFailurePolicy'] ?? null, child(path, 'podFailurePolicy')));
  if (spec['completionMode'] !== 'Indexed') {
    errs.push(...validateImmutableField(spec['completions'] ?? null, oldSpec['completions'] ?? null, child(path, 'completions')));
  }
  return errs;
}
