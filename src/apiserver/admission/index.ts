/**
 * Admission for Karmada kinds, as karmada-webhook (and, for Cluster, karmada-aggregated-apiserver)
 * does it. `karmadaAdmissionPlugins` gives the plugins to register with the strategy resolver.
 */
import type { KubeObject } from '../../api/object.js';
import type { LuaRuntime } from '../../interpreter/declarative/lua-runtime.js';
import type { JsonSchema } from '../crd/structural-schema.js';
import type { AdmissionPlugin } from '../registry/strategy.js';
import { admissionPlugin, type KarmadaAdmissionRule } from './admission-plugin.js';
import { clusterResourceBindingAdmission, resourceBindingAdmission, workAdmission } from './binding-work-admission.js';
import { clusterAdmission } from './cluster-admission.js';
import { cronFederatedHpaAdmission, federatedHpaAdmission } from './hpa-admission.js';
import { interpreterCustomizationAdmission, interpreterWebhookConfigurationAdmission } from './interpreter-admission.js';
import { multiClusterIngressAdmission, multiClusterServiceAdmission } from './networking-admission.js';
import { clusterOverridePolicyAdmission, overridePolicyAdmission } from './override-policy-admission.js';
import { clusterPropagationPolicyAdmission, propagationPolicyAdmission } from './propagation-policy-admission.js';
import { federatedResourceQuotaAdmission } from './quota-admission.js';
import { clusterTaintPolicyAdmission, workloadRebalancerAdmission } from './small-kinds-admission.js';

export { admissionPlugin, toStatusFieldErrors, type KarmadaAdmissionRule } from './admission-plugin.js';

export interface KarmadaAdmissionOptions {
  /** Lists stored ResourceInterpreterCustomizations (duplicate-operation checks); none when absent. */
  readonly listCustomizations?: () => Promise<readonly KubeObject[]>;
  /** Compiles customization scripts; default: a private runtime. */
  readonly luaRuntime?: LuaRuntime;
  /** Karmada's policy controller finalizers on (Cluster)PropagationPolicies (default off; see propagation-policy-admission.ts). */
  readonly policyFinalizers?: boolean;
  /** karmada-webhook's --allow-no-execute-taint-policy. */
  readonly allowNoExecuteTaintPolicy?: boolean;
  /** The Cluster schema, so Cluster objects get the structural check CRD kinds get from their CRD. */
  readonly clusterSchema?: () => JsonSchema | undefined;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/** Every Karmada webhook rule. */
export function karmadaAdmissionRules(options: KarmadaAdmissionOptions = {}): KarmadaAdmissionRule[] {
  const policyOptions = {
    ...(options.newId === undefined ? {} : { newId: options.newId }),
    ...(options.policyFinalizers === undefined ? {} : { finalizers: options.policyFinalizers }),
  };
  const list = options.listCustomizations ?? (async () => []);
  return [
    propagationPolicyAdmission(policyOptions),
    clusterPropagationPolicyAdmission(policyOptions),
    overridePolicyAdmission(),
    clusterOverridePolicyAdmission(),
    federatedResourceQuotaAdmission(),
    clusterTaintPolicyAdmission(options.allowNoExecuteTaintPolicy === undefined ? {} : { allowNoExecute: options.allowNoExecuteTaintPolicy }),
    resourceBindingAdmission(options.newId),
    clusterResourceBindingAdmission(options.newId),
    workAdmission(options.newId),
    interpreterCustomizationAdmission({ list, ...(options.luaRuntime === undefined ? {} : { runtime: options.luaRuntime }) }),
    interpreterWebhookConfigurationAdmission(),
    federatedHpaAdmission(),
    cronFederatedHpaAdmission(),
    multiClusterServiceAdmission(options.newId),
    multiClusterIngressAdmission(),
    workloadRebalancerAdmission(),
    clusterAdmission({
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.clusterSchema === undefined ? {} : { schema: options.clusterSchema }),
    }),
  ];
}

/** Every Karmada webhook rule as an admission plugin, for `BuiltinStrategyResolver.addAdmission`. */
export function karmadaAdmissionPlugins(options: KarmadaAdmissionOptions = {}): AdmissionPlugin[] {
  return karmadaAdmissionRules(options).map(admissionPlugin);
}
