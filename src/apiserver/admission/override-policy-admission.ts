/** Karmada's OverridePolicy and ClusterOverridePolicy webhooks (pkg/webhook/{overridepolicy,clusteroverridepolicy}). */
import { objectAt } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { validateOverrideSpec } from './override-rules.js';
import { defaultSelectorNamespaces } from './propagation-spec-rules.js';

/** OverridePolicy: selector namespaces default to the policy's; the spec is checked. */
export function overridePolicyAdmission(): KarmadaAdmissionRule {
  return {
    name: 'OverridePolicy',
    resources: ['policy.karmada.io/overridepolicies'],
    mutate(policy, ctx) {
      defaultSelectorNamespaces(objectAt(policy, 'spec'), ctx.namespace);
    },
    validate(policy) {
      return validateOverrideSpec(objectAt(policy, 'spec'));
    },
  };
}

/** ClusterOverridePolicy: checks only (Karmada has no mutating webhook for it). */
export function clusterOverridePolicyAdmission(): KarmadaAdmissionRule {
  return {
    name: 'ClusterOverridePolicy',
    resources: ['policy.karmada.io/clusteroverridepolicies'],
    validate(policy) {
      return validateOverrideSpec(objectAt(policy, 'spec'));
    },
  };
}
