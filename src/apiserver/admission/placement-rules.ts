/**
 * Karmada's Placement checks (pkg/util/validation: ValidatePlacement, ValidateClusterAffinity,
 * ValidateClusterAffinities, ValidateSpreadConstraint, ValidatePolicyFieldSelector) and the
 * placement defaults its mutating webhooks fill (pkg/util/helper: SetDefaultSpreadConstraints,
 * SetReplicaDivisionPreferenceWeighted).
 */
import { isPlainObject } from '../../api/object.js';
import { isQualifiedName } from '../../api/selectors/name-rules.js';
import { child, index, invalid, type FieldError } from '../validation/field-error.js';
import { listAt, objectAt, stringAt, type Json } from '../validation/json-access.js';

const FIELD_SELECTOR_KEYS = new Set(['provider', 'region', 'zone']);
const FIELD_SELECTOR_OPERATORS = new Set(['In', 'NotIn']);

/** ValidatePolicyFieldSelector: keys provider/region/zone, operators In/NotIn. */
export function fieldSelectorError(selector: Json | undefined): string | undefined {
  for (const expression of listAt(selector, 'matchExpressions')) {
    const key = stringAt(expression, 'key');
    if (!FIELD_SELECTOR_KEYS.has(key)) return `unsupported key "${key}", must be provider, region, or zone`;
    const operator = stringAt(expression, 'operator');
    if (!FIELD_SELECTOR_OPERATORS.has(operator)) return `unsupported operator "${operator}", must be In or NotIn`;
  }
  return undefined;
}

/** ValidateClusterAffinity (a nil affinity is valid). */
export function validateClusterAffinity(affinity: Json | undefined, path: string): FieldError[] {
  if (affinity === undefined) return [];
  const selector = objectAt(affinity, 'fieldSelector');
  const error = fieldSelectorError(selector);
  return error === undefined ? [] : [invalid(child(path, 'fieldSelector'), selector, error)];
}

/** ValidateClusterAffinities: qualified, unique names; each term a valid affinity. */
export function validateClusterAffinities(terms: readonly Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  terms.forEach((term, i) => {
    const name = stringAt(term, 'affinityName');
    for (const message of isQualifiedName(name)) errors.push(invalid(index(path, i), name, message));
    if (names.has(name)) {
      errors.push(invalid(path, terms, 'each affinity term in a policy must have a unique name'));
    } else {
      names.add(name);
    }
    errors.push(...validateClusterAffinity(term, index(path, i)));
  });
  return errors;
}

function groups(constraint: Json, key: string): number {
  const value = constraint[key];
  return typeof value === 'number' ? value : 0;
}

/** ValidateSpreadConstraint, with Karmada's messages. */
export function validateSpreadConstraints(constraints: readonly Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const byField = new Map<string, boolean>();
  constraints.forEach((constraint, i) => {
    const at = index(path, i);
    const spreadByField = stringAt(constraint, 'spreadByField');
    const spreadByLabel = stringAt(constraint, 'spreadByLabel');
    const min = groups(constraint, 'minGroups');
    const max = groups(constraint, 'maxGroups');
    if (spreadByField !== '' && spreadByLabel !== '') {
      errors.push(invalid(at, constraint, 'spreadByLabel should not co-exist with spreadByField'));
    }
    if (min < 0) errors.push(invalid(at, constraint, 'minGroups lower than 0 is not allowed'));
    if (max < 0) errors.push(invalid(at, constraint, 'maxGroups lower than 0 is not allowed'));
    if (max > 0 && max < min) errors.push(invalid(at, constraint, 'maxGroups lower than minGroups is not allowed'));
    if (spreadByField !== '') {
      const reported = byField.get(spreadByField);
      if (reported === false) {
        errors.push(invalid(path, constraints, `multiple ${spreadByField} spread constraints are not allowed`));
        byField.set(spreadByField, true);
      } else if (reported === undefined) {
        byField.set(spreadByField, false);
      }
    }
  });
  if (byField.size > 0 && !byField.has('cluster')) {
    errors.push(
      invalid(path, constraints, 'the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled'),
    );
  }
  return errors;
}

/** ValidatePlacement. */
export function validatePlacement(placement: Json | undefined, path: string): FieldError[] {
  if (placement === undefined) return [];
  const errors: FieldError[] = [];
  const affinity = objectAt(placement, 'clusterAffinity');
  const hasAffinities = Array.isArray(placement['clusterAffinities']);
  if (affinity !== undefined && hasAffinities) {
    errors.push(invalid(path, placement, 'clusterAffinities cannot co-exist with clusterAffinity'));
  }
  errors.push(...validateClusterAffinity(affinity, child(path, 'clusterAffinity')));
  errors.push(...validateClusterAffinities(listAt(placement, 'clusterAffinities'), child(path, 'clusterAffinities')));
  errors.push(...validateSpreadConstraints(listAt(placement, 'spreadConstraints'), child(path, 'spreadConstraints')));
  const workloadAffinity = objectAt(placement, 'workloadAffinity');
  const affinityKey = stringAt(objectAt(workloadAffinity, 'affinity'), 'groupByLabelKey');
  if (affinityKey !== '' && affinityKey === stringAt(objectAt(workloadAffinity, 'antiAffinity'), 'groupByLabelKey')) {
    errors.push(invalid(child(path, 'workloadAffinity'), workloadAffinity, 'affinity and antiAffinity must not use the same groupByLabelKey'));
  }
  return errors;
}

/**
 * SetDefaultSpreadConstraints: a constraint with neither spreadByField nor spreadByLabel spreads
 * by `cluster`; minGroups 0 (unset) becomes 1.
 */
export function defaultSpreadConstraints(placement: Json | undefined): void {
  for (const constraint of listAt(placement, 'spreadConstraints')) {
    if (stringAt(constraint, 'spreadByLabel') === '' && stringAt(constraint, 'spreadByField') === '') {
      constraint['spreadByField'] = 'cluster';
    }
    if (groups(constraint, 'minGroups') === 0) constraint['minGroups'] = 1;
  }
}

/**
 * SetReplicaDivisionPreferenceWeighted: `Divided` scheduling without a division preference gets
 * `Weighted` (no weightPreference: the scheduler then divides equally among the selected clusters).
 */
export function defaultReplicaDivisionPreference(placement: Json | undefined): void {
  const scheduling = objectAt(placement, 'replicaScheduling');
  if (scheduling === undefined || !isPlainObject(scheduling)) return;
  if (stringAt(scheduling, 'replicaSchedulingType') !== 'Divided') return;
  if (stringAt(scheduling, 'replicaDivisionPreference') !== '') return;
  scheduling['replicaDivisionPreference'] = 'Weighted';
}
