/**
 * Karmada's PropagationPolicy and ClusterPropagationPolicy webhooks
 * (pkg/webhook/{propagationpolicy,clusterpropagationpolicy}/{mutating,validating}.go).
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import { forbidden, invalid, type FieldError } from '../validation/field-error.js';
import { objectAt, stringAt } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { defaultPropagationSpec, defaultSelectorNamespaces, validatePropagationSpec } from './propagation-spec-rules.js';

export const PP_PERMANENT_ID_LABEL = 'propagationpolicy.karmada.io/permanent-id';
export const CPP_PERMANENT_ID_LABEL = 'clusterpropagationpolicy.karmada.io/permanent-id';
export const PP_FINALIZER = 'karmada.io/propagation-policy-controller';
export const CPP_FINALIZER = 'karmada.io/cluster-propagation-policy-controller';

export interface PropagationPolicyAdmissionOptions {
  /** New permanent ids (default: random UUIDs). */
  readonly newId?: () => string;
  /**
   * Add Karmada's policy controller finalizer on create, as Karmada does. Off by default: only
   * turn it on where a controller removes it when the policy is deleted, or deletes hang.
   */
  readonly finalizers?: boolean;
}

interface Variant {
  readonly kind: string;
  readonly resource: string;
  readonly label: string;
  readonly finalizer: string;
  readonly namespaced: boolean;
}

const PP: Variant = {
  kind: 'PropagationPolicy',
  resource: 'policy.karmada.io/propagationpolicies',
  label: PP_PERMANENT_ID_LABEL,
  finalizer: PP_FINALIZER,
  namespaced: true,
};
const CPP: Variant = {
  kind: 'ClusterPropagationPolicy',
  resource: 'policy.karmada.io/clusterpropagationpolicies',
  label: CPP_PERMANENT_ID_LABEL,
  finalizer: CPP_FINALIZER,
  namespaced: false,
};

function rule(variant: Variant, options: PropagationPolicyAdmissionOptions): KarmadaAdmissionRule {
  const newId = options.newId ?? randomUUID;
  return {
    name: variant.kind,
    resources: [variant.resource],
    mutate(policy, ctx) {
      const spec = objectAt(policy, 'spec');
      if (variant.namespaced) defaultSelectorNamespaces(spec, ctx.namespace);
      defaultPropagationSpec(spec);
      if (ctx.operation === 'CREATE') {
        // util.MergeLabel: the webhook's id wins over one the user sent.
        policy.metadata.labels = { ...policy.metadata.labels, [variant.label]: newId() };
        if (options.finalizers === true) {
          const finalizers = policy.metadata.finalizers ?? [];
          if (!finalizers.includes(variant.finalizer)) policy.metadata.finalizers = [...finalizers, variant.finalizer];
        }
      }
    },
    validate(policy, ctx) {
      return validatePropagationPolicy(variant, policy, ctx.oldObject);
    },
  };
}

function validatePropagationPolicy(variant: Variant, policy: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const labelPath = `metadata.labels[${variant.label}]`;
  if (old !== undefined) {
    const schedulerName = stringAt(objectAt(policy, 'spec'), 'schedulerName');
    const oldSchedulerName = stringAt(objectAt(old, 'spec'), 'schedulerName');
    if (schedulerName !== oldSchedulerName) {
      errors.push(invalid('spec.schedulerName', schedulerName, 'the schedulerName should not be updated'));
    }
    if (policy.metadata.labels?.[variant.label] !== old.metadata.labels?.[variant.label]) {
      errors.push(forbidden(labelPath, `label ${variant.label} is immutable, it can only be set by the system during creation`));
    }
  }
  if (policy.metadata.labels?.[variant.label] === undefined) {
    errors.push(forbidden(labelPath, `label ${variant.label} is required, it should be set by the mutating admission webhook during creation`));
  }
  errors.push(...validatePropagationSpec(objectAt(policy, 'spec')));
  return errors;
}

/** The PropagationPolicy webhook: defaults (selector namespace, spread constraints, ...) and checks. */
export function propagationPolicyAdmission(options: PropagationPolicyAdmissionOptions = {}): KarmadaAdmissionRule {
  return rule(PP, options);
}

/** The ClusterPropagationPolicy webhook (no namespace defaulting). */
export function clusterPropagationPolicyAdmission(options: PropagationPolicyAdmissionOptions = {}): KarmadaAdmissionRule {
  return rule(CPP, options);
}
