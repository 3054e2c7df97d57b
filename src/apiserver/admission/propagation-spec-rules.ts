/**
 * Karmada's PropagationSpec checks (pkg/util/validation.ValidatePropagationSpec) and the spec
 * defaults of its PropagationPolicy/ClusterPropagationPolicy mutating webhooks.
 */
import { child, index, invalid, type FieldError } from '../validation/field-error.js';
import { listAt, objectAt, stringAt, type Json } from '../validation/json-access.js';
import { defaultReplicaDivisionPreference, defaultSpreadConstraints, validatePlacement } from './placement-rules.js';

const SERVICE_IMPORT_KIND = 'ServiceImport';
/** Karmada's default `gracePeriodSeconds` for `purgeMode: Graciously`. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 600;

/** `Graciously`, or its newer name `Gracefully`. */
function isGraceful(purgeMode: string): boolean {
  return purgeMode === 'Graciously' || purgeMode === 'Gracefully';
}

function numberOrUndefined(parent: Json | undefined, key: string): number | undefined {
  const value = parent?.[key];
  return typeof value === 'number' ? value : undefined;
}

/** ValidateApplicationFailover. */
function validateApplicationFailover(application: Json | undefined, path: string): FieldError[] {
  if (application === undefined) return [];
  const errors: FieldError[] = [];
  const toleration = numberOrUndefined(objectAt(application, 'decisionConditions'), 'tolerationSeconds');
  if (toleration !== undefined && toleration < 0) {
    errors.push(invalid(child(path, 'decisionConditions', 'tolerationSeconds'), toleration, 'must be greater than or equal to 0'));
  }
  const graceful = isGraceful(stringAt(application, 'purgeMode'));
  const grace = numberOrUndefined(application, 'gracePeriodSeconds');
  const gracePath = child(path, 'gracePeriodSeconds');
  if (!graceful && grace !== undefined) {
    errors.push(invalid(gracePath, grace, 'only takes effect when purgeMode is graciously'));
  }
  if (graceful && grace === undefined) {
    errors.push(invalid(gracePath, null, 'should not be empty when purgeMode is graciously'));
  }
  if (grace !== undefined && grace <= 0) errors.push(invalid(gracePath, grace, 'must be greater than 0'));
  return errors;
}

/** ValidatePropagationSpec: placement, failover, preemption and suspension rules. */
export function validatePropagationSpec(spec: Json | undefined): FieldError[] {
  if (spec === undefined) return [];
  const errors: FieldError[] = [...validatePlacement(objectAt(spec, 'placement'), 'spec.placement')];
  const failover = objectAt(spec, 'failover');
  const application = objectAt(failover, 'application');
  const propagateDeps = spec['propagateDeps'] === true;
  if (application !== undefined && !propagateDeps) {
    errors.push(invalid('spec.propagateDeps', propagateDeps, 'application failover is set, propagateDeps must be true'));
  }
  errors.push(...validateApplicationFailover(application, 'spec.failover.application'));
  if (stringAt(spec, 'preemption') === 'Always') {
    listAt(spec, 'resourceSelectors').forEach((selector, i) => {
      const name = stringAt(selector, 'name');
      if (name === '') {
        errors.push(
          invalid(
            child(index('spec.resourceSelectors', i), 'name'),
            name,
            'name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption',
          ),
        );
      }
    });
  }
  const suspension = objectAt(spec, 'suspension');
  const clusterNames = objectAt(suspension, 'dispatchingOnClusters')?.['clusterNames'];
  if (suspension?.['dispatching'] === true && Array.isArray(clusterNames) && clusterNames.length > 0) {
    errors.push(invalid('spec.suspension.suspension', suspension, 'suspension dispatching cannot co-exist with dispatchingOnClusters.clusterNames'));
  }
  return errors;
}

/**
 * The spec defaults both propagation policy webhooks fill: spread constraints, `propagateDeps`
 * for ServiceImport selectors, `Weighted` for `Divided` without a preference, and the grace
 * period of graceful application failover.
 */
export function defaultPropagationSpec(spec: Json | undefined): void {
  if (spec === undefined) return;
  const placement = objectAt(spec, 'placement');
  defaultSpreadConstraints(placement);
  if (listAt(spec, 'resourceSelectors').some((s) => stringAt(s, 'kind') === SERVICE_IMPORT_KIND)) {
    spec['propagateDeps'] = true;
  }
  defaultReplicaDivisionPreference(placement);
  const application = objectAt(objectAt(spec, 'failover'), 'application');
  if (application !== undefined && isGraceful(stringAt(application, 'purgeMode')) && application['gracePeriodSeconds'] === undefined) {
    application['gracePeriodSeconds'] = DEFAULT_GRACE_PERIOD_SECONDS;
  }
}

/** Resource selectors without a namespace select in the policy's namespace (PropagationPolicy, OverridePolicy). */
export function defaultSelectorNamespaces(spec: Json | undefined, namespace: string): void {
  for (const selector of listAt(spec, 'resourceSelectors')) {
    if (stringAt(selector, 'namespace') === '') selector['namespace'] = namespace;
  }
}
