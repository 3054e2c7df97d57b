/**
 * Karmada's FederatedHPA webhooks (pkg/webhook/federatedhpa: SetDefaultsFederatedHPA and the HPA
 * validation lifted from Kubernetes) and CronFederatedHPA validating webhook
 * (pkg/webhook/cronfederatedhpa/validation.go).
 */
import { isPlainObject } from '../../api/object.js';
import { child, duplicate, index, invalid, notSupported, required, type FieldError } from '../validation/field-error.js';
import { listAt, numberAt, objectAt, stringAt, type Json } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { cronScheduleError, timeZoneError } from './cron-schedule.js';

const DEFAULT_CPU_UTILIZATION = 80;
const METRIC_SOURCES: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  ContainerResource: 'containerResource',
  External: 'external',
};
const TARGET_TYPES = ['AverageValue', 'Utilization', 'Value'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];

function scaleUpDefaults(): Json {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

function scaleDownDefaults(): Json {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** GenerateHPAScale{Up,Down}Rules: missing parts of a given rule come from the defaults. */
function fillRules(rules: unknown, defaults: Json): Json {
  if (!isPlainObject(rules)) return defaults;
  const out: Json = { ...rules };
  if (!Array.isArray(out['policies']) || out['policies'].length === 0) out['policies'] = defaults['policies'];
  if (out['selectPolicy'] === undefined) out['selectPolicy'] = defaults['selectPolicy'];
  if (out['stabilizationWindowSeconds'] === undefined && defaults['stabilizationWindowSeconds'] !== undefined) {
    out['stabilizationWindowSeconds'] = defaults['stabilizationWindowSeconds'];
  }
  return out;
}

/** SetDefaultsFederatedHPA: minReplicas 1, an 80% CPU utilization metric, behavior filled when given. */
export function defaultFederatedHpa(spec: Json): void {
  if (spec['minReplicas'] === undefined) spec['minReplicas'] = 1;
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = objectAt(spec, 'behavior');
  if (behavior !== undefined) {
    behavior['scaleUp'] = fillRules(behavior['scaleUp'], scaleUpDefaults());
    behavior['scaleDown'] = fillRules(behavior['scaleDown'], scaleDownDefaults());
  }
}

/** ValidateCrossVersionObjectReference. */
function validateTargetRef(ref: Json | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (stringAt(ref, 'kind') === '') errors.push(required(child(path, 'kind')));
  if (stringAt(ref, 'name') === '') errors.push(required(child(path, 'name')));
  return errors;
}

function validateTarget(target: Json | undefined, path: string): FieldError[] {
  const type = stringAt(target, 'type');
  if (type === '') return [required(child(path, 'type'))];
  if (!TARGET_TYPES.includes(type)) return [notSupported(child(path, 'type'), type, TARGET_TYPES)];
  const utilization = numberAt(target, 'averageUtilization');
  if (utilization !== undefined && utilization < 1) {
    return [invalid(child(path, 'averageUtilization'), utilization, 'must be greater than 0')];
  }
  return [];
}

function validateMetrics(metrics: readonly Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  metrics.forEach((metric, i) => {
    const at = index(path, i);
    const type = stringAt(metric, 'type');
    const source = METRIC_SOURCES[type];
    if (type === '') {
      errors.push(required(child(at, 'type'), 'must specify a metric source type'));
      return;
    }
    if (source === undefined) {
      errors.push(notSupported(child(at, 'type'), type, Object.keys(METRIC_SOURCES).sort()));
      return;
    }
    const populated = Object.values(METRIC_SOURCES).filter((s) => metric[s] !== undefined && metric[s] !== null);
    if (!populated.includes(source)) errors.push(required(child(at, source), 'must populate information for the given metric source'));
    if (populated.length > 1) errors.push(invalid(at, type, 'must populate information for exactly one metric source'));
    const body = objectAt(metric, source);
    if (body !== undefined) {
      if ((source === 'resource' || source === 'containerResource') && stringAt(body, 'name') === '') {
        errors.push(required(child(at, source, 'name'), 'must specify a resource name'));
      }
      errors.push(...validateTarget(objectAt(body, 'target'), child(at, source, 'target')));
    }
  });
  return errors;
}

function validateBehavior(behavior: Json | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = objectAt(behavior, direction);
    if (rules === undefined) continue;
    const at = child(path, direction);
    const window = numberAt(rules, 'stabilizationWindowSeconds');
    if (window !== undefined && (window < 0 || window > 3600)) {
      errors.push(invalid(child(at, 'stabilizationWindowSeconds'), window, window < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600'));
    }
    const select = stringAt(rules, 'selectPolicy');
    if (select !== '' && !SELECT_POLICIES.includes(select)) errors.push(notSupported(child(at, 'selectPolicy'), select, SELECT_POLICIES));
    const policies = listAt(rules, 'policies');
    if (Array.isArray(rules['policies']) && policies.length === 0) errors.push(required(child(at, 'policies'), 'must specify at least one Policy'));
    policies.forEach((policy, i) => {
      const p = index(child(at, 'policies'), i);
      const type = stringAt(policy, 'type');
      if (!POLICY_TYPES.includes(type)) errors.push(notSupported(child(p, 'type'), type, POLICY_TYPES));
      const value = numberAt(policy, 'value') ?? 0;
      if (value <= 0) errors.push(invalid(child(p, 'value'), value, 'must be greater than zero'));
      const period = numberAt(policy, 'periodSeconds') ?? 0;
      if (period <= 0) errors.push(invalid(child(p, 'periodSeconds'), period, 'must be greater than zero'));
      else if (period > 1800) errors.push(invalid(child(p, 'periodSeconds'), period, 'must be less than or equal to 1800'));
    });
  }
  return errors;
}

/** ValidateFederatedHPA (lifted from the HorizontalPodAutoscaler validation). */
export function validateFederatedHpa(spec: Json | undefined): FieldError[] {
  const errors: FieldError[] = [...validateTargetRef(objectAt(spec, 'scaleTargetRef'), 'spec.scaleTargetRef')];
  const min = numberAt(spec, 'minReplicas');
  const max = numberAt(spec, 'maxReplicas') ?? 0;
  if (min !== undefined && min < 1) errors.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errors.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errors.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errors.push(...validateMetrics(listAt(spec, 'metrics'), 'spec.metrics'));
  errors.push(...validateBehavior(objectAt(spec, 'behavior'), 'spec.behavior'));
  return errors;
}

/** FederatedHPA: defaults then checks. */
export function federatedHpaAdmission(): KarmadaAdmissionRule {
  return {
    name: 'FederatedHPA',
    resources: ['autoscaling.karmada.io/federatedhpas'],
    mutate(fhpa) {
      const spec = objectAt(fhpa, 'spec');
      if (spec !== undefined) defaultFederatedHpa(spec);
    },
    validate: (fhpa) => validateFederatedHpa(objectAt(fhpa, 'spec')),
  };
}

const FHPA_API_VERSION = 'autoscaling.karmada.io/v1alpha1';

function replicasOf(rule: Json, key: string): number | undefined {
  return numberAt(rule, key);
}

/** validateCronFederatedHPASpec. */
export function validateCronFederatedHpa(spec: Json | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const ref = objectAt(spec, 'scaleTargetRef');
  const kind = stringAt(ref, 'kind');
  let scalesFhpa = false;
  if (stringAt(ref, 'apiVersion') === FHPA_API_VERSION) {
    if (kind !== 'FederatedHPA') {
      return [invalid('spec.scaleTargetRef.kind', kind, `invalid scaleTargetRef kind: ${kind}, only support FederatedHPA`)];
    }
    scalesFhpa = true;
  }
  errors.push(...validateTargetRef(ref, 'spec.scaleTargetRef'));
  const names = new Set<string>();
  listAt(spec, 'rules').forEach((rule, i) => {
    const at = index('spec.rules', i);
    const name = stringAt(rule, 'name');
    if (names.has(name)) errors.push(duplicate(child(at, 'name'), name));
    names.add(name);
    const schedule = stringAt(rule, 'schedule');
    if (cronScheduleError(schedule) !== undefined) errors.push(invalid(child(at, 'schedule'), schedule, 'invalid cron format'));
    const timeZone = rule['timeZone'];
    if (typeof timeZone === 'string') {
      const error = timeZoneError(timeZone);
      if (error !== undefined) errors.push(invalid(child(at, 'timeZone'), timeZone, error));
    }
    if (scalesFhpa) {
      const min = replicasOf(rule, 'targetMinReplicas');
      const max = replicasOf(rule, 'targetMaxReplicas');
      if (min === undefined && max === undefined) {
        errors.push(invalid(child(at, 'targetMaxReplicas'), '', 'targetMinReplicas and targetMaxReplicas cannot be nil at the same time if you want to scale FederatedHPA'));
      }
      if ((min ?? 1) <= 0) errors.push(invalid(child(at, 'targetMinReplicas'), '', 'targetMinReplicas should be larger than 0'));
      if ((max ?? 1) <= 0) errors.push(invalid(child(at, 'targetMaxReplicas'), '', 'targetMaxReplicas should be larger than 0'));
      if ((min ?? 1) > (max ?? 1)) errors.push(invalid(child(at, 'targetMinReplicas'), '', 'targetMaxReplicas should be larger than or equal to targetMinReplicas'));
      return;
    }
    const target = replicasOf(rule, 'targetReplicas');
    if (target === undefined) errors.push(invalid(child(at, 'targetReplicas'), '', `targetReplicas cannot be nil if you want to scale ${kind}`));
    if ((target ?? 0) < 0) errors.push(invalid(child(at, 'targetReplicas'), '', 'targetReplicas should be larger than or equal to 0'));
  });
  return errors;
}

/** CronFederatedHPA: checks only. */
export function cronFederatedHpaAdmission(): KarmadaAdmissionRule {
  return {
    name: 'CronFederatedHPA',
    resources: ['autoscaling.karmada.io/cronfederatedhpas'],
    validate: (cron) => validateCronFederatedHpa(objectAt(cron, 'spec')),
  };
}
