/**
 * Karmada's webhooks for WorkloadRebalancer and ClusterTaintPolicy
 * (pkg/webhook/{workloadrebalancer,clustertaintpolicy}/validating.go).
 */
import { duplicate, forbidden, index, invalid, type FieldError } from '../validation/field-error.js';
import { jsonEqual, listAt, stringAt } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';

/** WorkloadRebalancer: the spec is immutable. */
export function workloadRebalancerAdmission(): KarmadaAdmissionRule {
  return {
    name: 'WorkloadRebalancer',
    resources: ['apps.karmada.io/workloadrebalancers'],
    validate(rebalancer, ctx) {
      if (ctx.oldObject === undefined || jsonEqual(rebalancer['spec'], ctx.oldObject['spec'])) return [];
      return [invalid('spec', rebalancer['spec'], 'the spec field should not be modified')];
    },
  };
}

/** ClusterTaintPolicy: no NoExecute taints unless allowed; one taint per key and effect. */
export function clusterTaintPolicyAdmission(options: { readonly allowNoExecute?: boolean } = {}): KarmadaAdmissionRule {
  return {
    name: 'ClusterTaintPolicy',
    resources: ['policy.karmada.io/clustertaintpolicies'],
    validate(policy) {
      const errors: FieldError[] = [];
      const taints = listAt(policy['spec'], 'taints');
      taints.forEach((taint, i) => {
        const path = index('spec.taints', i);
        if (options.allowNoExecute !== true && stringAt(taint, 'effect') === 'NoExecute') {
          errors.push(
            forbidden(
              path,
              'Configuring taint with NoExecute effect is not allowed, this capability must be explicitly enabled by administrators through command-line flags',
            ),
          );
        }
        const key = stringAt(taint, 'key');
        const effect = stringAt(taint, 'effect');
        if (taints.slice(i + 1).some((t) => stringAt(t, 'key') === key && stringAt(t, 'effect') === effect)) {
          errors.push(duplicate(path, `Duplicate taint with the same key(${key}) and effect(${effect}) is not allowed`));
        }
      });
      return errors;
    },
  };
}
