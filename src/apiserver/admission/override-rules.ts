/**
 * Karmada's OverrideSpec checks (pkg/util/validation: ValidateOverrideSpec, ValidateOverrideRules).
 * Also checks plaintext paths as JSON pointers, which Karmada only finds out when applying.
 */
import { validateAnnotations, validateLabels } from '../validation/object-meta.js';
import { child, index, invalid, type FieldError } from '../validation/field-error.js';
import { listAt, objectAt, stringAt, stringMapAt, type Json } from '../validation/json-access.js';
import { jsonPointerError } from './json-pointer.js';
import { validateClusterAffinity } from './placement-rules.js';

const OVERRIDER_LISTS = ['plaintext', 'imageOverrider', 'commandOverrider', 'argsOverrider', 'labelsOverrider', 'annotationsOverrider'] as const;

function emptyOverriders(overriders: Json | undefined): boolean {
  return OVERRIDER_LISTS.every((name) => listAt(overriders, name).length === 0);
}

function pointer(errors: FieldError[], value: string, path: string): void {
  const error = jsonPointerError(value);
  if (error !== undefined) errors.push(invalid(path, value, error));
}

/** validateOverrideOperator: add/replace need a value, remove takes none. */
function validateOperator(operation: Json, path: string): FieldError[] {
  const operator = stringAt(operation, 'operator');
  const hasValue = operation['value'] !== undefined && operation['value'] !== null;
  if ((operator === 'add' || operator === 'replace') && !hasValue) {
    return [invalid(path, operation['value'] ?? null, 'value is required for add or replace operation')];
  }
  if (operator === 'remove' && hasValue) return [invalid(path, operation['value'], 'value is not allowed for remove operation')];
  return [];
}

function validateSubPaths(operations: readonly Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  operations.forEach((operation, i) => {
    pointer(errors, stringAt(operation, 'subPath'), child(index(path, i), 'subPath'));
    errors.push(...validateOperator(operation, child(index(path, i), 'value')));
  });
  return errors;
}

/** ValidateOverrideRules, under `path` (`spec`). */
export function validateOverrideRules(rules: readonly Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  rules.forEach((rule, i) => {
    const rulePath = index(child(path, 'overrideRules'), i);
    const overriders = objectAt(rule, 'overriders');
    const overridersPath = child(rulePath, 'overriders');
    listAt(overriders, 'annotationsOverrider').forEach((o, j) => {
      errors.push(...validateAnnotations(stringMapAt(o, 'value'), child(index(child(overridersPath, 'annotationsOverrider'), j), 'value')));
    });
    listAt(overriders, 'labelsOverrider').forEach((o, j) => {
      errors.push(...validateLabels(stringMapAt(o, 'value'), child(index(child(overridersPath, 'labelsOverrider'), j), 'value')));
    });
    listAt(overriders, 'imageOverrider').forEach((o, j) => {
      const predicate = objectAt(o, 'predicate');
      if (predicate !== undefined) {
        pointer(errors, stringAt(predicate, 'path'), child(index(child(overridersPath, 'imageOverrider'), j), 'predicate', 'path'));
      }
    });
    listAt(overriders, 'plaintext').forEach((o, j) => {
      pointer(errors, stringAt(o, 'path'), child(index(child(overridersPath, 'plaintext'), j), 'path'));
    });
    listAt(overriders, 'fieldOverrider').forEach((o, j) => {
      const fieldPath = index(child(overridersPath, 'fieldOverrider'), j);
      const yaml = listAt(o, 'yaml');
      const json = listAt(o, 'json');
      if (yaml.length > 0 && json.length > 0) {
        errors.push(invalid(fieldPath, o, 'FieldOverrider has both YAML and JSON set. Only one is allowed'));
      }
      pointer(errors, stringAt(o, 'fieldPath'), child(fieldPath, 'fieldPath'));
      errors.push(...validateSubPaths(json, child(fieldPath, 'json')));
      errors.push(...validateSubPaths(yaml, child(fieldPath, 'yaml')));
    });
    errors.push(...validateClusterAffinity(objectAt(rule, 'targetCluster'), child(rulePath, 'targetCluster')));
  });
  return errors;
}

/** ValidateOverrideSpec: the deprecated targetCluster/overriders may not be mixed with overrideRules. */
export function validateOverrideSpec(spec: Json | undefined): FieldError[] {
  if (spec === undefined) return [];
  const errors: FieldError[] = [];
  const targetCluster = objectAt(spec, 'targetCluster');
  const hasRules = Array.isArray(spec['overrideRules']);
  errors.push(...validateClusterAffinity(targetCluster, 'spec.targetCluster'));
  if (targetCluster !== undefined && hasRules) {
    errors.push(invalid('spec.targetCluster', targetCluster, "overrideRules and targetCluster can't co-exist"));
  }
  const overriders = objectAt(spec, 'overriders');
  if (!emptyOverriders(overriders) && hasRules) {
    errors.push(invalid('spec.overriders', overriders, "overrideRules and overriders can't co-exist"));
  }
  errors.push(...validateOverrideRules(listAt(spec, 'overrideRules'), 'spec'));
  return errors;
}
