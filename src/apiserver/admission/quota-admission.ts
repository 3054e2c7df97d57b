/** Karmada's FederatedResourceQuota validating webhook (pkg/webhook/federatedresourcequota/validating.go). */
import { isQualifiedName } from '../../api/selectors/name-rules.js';
import { addQuantities, ZERO_QUANTITY } from '../../interpreter/kube/quantity.js';
import { child, index, invalid, key, type FieldError } from '../validation/field-error.js';
import { listAt, objectAt, stringAt, type Json } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { clusterNameErrors } from './cluster-rules.js';
import { compareQuantities, formatQuantity, tryParseQuantityValue, type Quantity } from './quantity-helpers.js';


const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.loadbalancers', 'services.nodeports',
]);

/** IsStandardQuotaResourceName (names without a `/`). */
function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** ValidateResourceQuotaResourceName + ValidateResourceQuantityValue, for each entry. */
function validateResourceList(list: Json | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(list ?? {})) {
    const at = key(path, name);
    for (const message of isQualifiedName(name)) errors.push(invalid(at, name, message));
    if (!name.includes('/') && !isStandardQuotaResourceName(name)) {
      errors.push(invalid(at, name, 'must be a standard resource for quota'));
    }
    const q = tryParseQuantityValue(value);
    if (q === undefined) errors.push(invalid(at, value, 'must be a valid quantity'));
    else if (q.value < 0n) errors.push(invalid(at, formatQuantity(q), 'must be greater than or equal to 0'));
  }
  return errors;
}

function validateClusterEntry(entry: Json, path: string, lists: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  const clusterName = stringAt(entry, 'clusterName');
  const nameErrors = clusterNameErrors(clusterName);
  if (nameErrors.length > 0) errors.push(invalid(child(path, 'clusterName'), clusterName, nameErrors.join(',')));
  for (const list of lists) errors.push(...validateResourceList(objectAt(entry, list), child(path, list)));
  return errors;
}

/** The FederatedResourceQuota checks: resource lists, cluster names, overall covering assignments. */
export function validateFederatedResourceQuota(quota: Json): FieldError[] {
  const spec = objectAt(quota, 'spec');
  const overall = objectAt(spec, 'overall');
  const assignments = listAt(spec, 'staticAssignments');
  const errors: FieldError[] = [...validateResourceList(overall, 'spec.overall')];
  assignments.forEach((a, i) => errors.push(...validateClusterEntry(a, index('spec.staticAssignments', i), ['hard'])));
  for (const [name, value] of Object.entries(overall ?? {})) {
    const total = assignments.reduce<Quantity>((sum, a) => {
      const q = tryParseQuantityValue(objectAt(a, 'hard')?.[name]);
      return q === undefined ? sum : addQuantities(sum, q);
    }, ZERO_QUANTITY);
    const q = tryParseQuantityValue(value);
    if (q !== undefined && compareQuantities(q, total) < 0) {
      errors.push(invalid(key('spec.overall', name), formatQuantity(q), 'overall is less than assignments'));
    }
  }
  assignments.forEach((a, i) => {
    for (const name of Object.keys(objectAt(a, 'hard') ?? {})) {
      if (overall?.[name] === undefined) {
        errors.push(invalid(key(child(index('spec.staticAssignments', i), 'hard'), name), name, 'assignment resourceName is not exist in overall'));
      }
    }
  });
  const status = objectAt(quota, 'status');
  errors.push(...validateResourceList(objectAt(status, 'overall'), 'status.overall'));
  errors.push(...validateResourceList(objectAt(status, 'overallUsed'), 'status.overallUsed'));
  listAt(status, 'aggregatedStatus').forEach((s, i) => errors.push(...validateClusterEntry(s, index('status.aggregatedStatus', i), ['hard', 'used'])));
  return errors;
}

/** FederatedResourceQuota. */
export function federatedResourceQuotaAdmission(): KarmadaAdmissionRule {
  return {
    name: 'FederatedResourceQuota',
    resources: ['policy.karmada.io/federatedresourcequotas'],
    validate: (quota) => validateFederatedResourceQuota(quota),
  };
}
