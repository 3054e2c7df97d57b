/**
 * config.karmada.io/v1alpha1 ResourceInterpreterCustomization
 * (`pkg/apis/config/v1alpha1/resourceinterpretercustomization_types.go`): Lua scripts that teach
 * Karmada how to read and write one resource kind. Cluster-scoped.
 */
import type { KubeObject } from '../object.js';

/** API version of the config.karmada.io kinds served here. */
export const CONFIG_API_VERSION = 'config.karmada.io/v1alpha1';

/** The kind a customization applies to. */
export interface CustomizationTarget {
  apiVersion: string;
  kind: string;
}

/** One rule: a Lua script defining the function named by its field (see {@link CUSTOMIZATION_RULES}). */
export interface LuaScriptRule {
  luaScript: string;
}

/** `CustomizationRules`: every field is optional; a set field replaces the built-in behaviour. */
export interface CustomizationRules {
  /** `function Retain(desiredObj, observedObj)` returning the object to apply. */
  retention?: LuaScriptRule;
  /** `function GetReplicas(desiredObj)` returning `replica, requirement`. */
  replicaResource?: LuaScriptRule;
  /** `function GetComponents(desiredObj)` returning a list of `{name, replicas, replicaRequirements}`. */
  componentResource?: LuaScriptRule;
  /** `function ReviseReplica(desiredObj, desiredReplica)` returning the object. */
  replicaRevision?: LuaScriptRule;
  /** `function ReflectStatus(observedObj)` returning the status to record. */
  statusReflection?: LuaScriptRule;
  /** `function AggregateStatus(desiredObj, statusItems)` returning the object. */
  statusAggregation?: LuaScriptRule;
  /** `function InterpretHealth(observedObj)` returning a boolean. */
  healthInterpretation?: LuaScriptRule;
  /** `function GetDependencies(desiredObj)` returning a list of DependentObjectReference. */
  dependencyInterpretation?: LuaScriptRule;
}

/** `ResourceInterpreterCustomizationSpec`. */
export interface ResourceInterpreterCustomizationSpec {
  target: CustomizationTarget;
  customizations: CustomizationRules;
}

/** config.karmada.io/v1alpha1 ResourceInterpreterCustomization (cluster-scoped). */
export interface ResourceInterpreterCustomization extends KubeObject {
  apiVersion?: 'config.karmada.io/v1alpha1';
  kind?: 'ResourceInterpreterCustomization';
  spec: ResourceInterpreterCustomizationSpec;
}

/** The field names of {@link CustomizationRules}. */
export type CustomizationRuleName = keyof CustomizationRules;

/** For each rule: the Lua function it must define and the interpreter operation it serves. */
export const CUSTOMIZATION_RULES = {
  retention: { functionName: 'Retain', operation: 'Retain' },
  replicaResource: { functionName: 'GetReplicas', operation: 'InterpretReplica' },
  componentResource: { functionName: 'GetComponents', operation: 'InterpretComponent' },
  replicaRevision: { functionName: 'ReviseReplica', operation: 'ReviseReplica' },
  statusReflection: { functionName: 'ReflectStatus', operation: 'InterpretStatus' },
  statusAggregation: { functionName: 'AggregateStatus', operation: 'AggregateStatus' },
  healthInterpretation: { functionName: 'InterpretHealth', operation: 'InterpretHealth' },
  dependencyInterpretation: { functionName: 'GetDependencies', operation: 'InterpretDependency' },
} as const satisfies Record<CustomizationRuleName, { functionName: string; operation: string }>;

/** Rule names in a stable order. */
export const CUSTOMIZATION_RULE_NAMES = Object.keys(CUSTOMIZATION_RULES) as CustomizationRuleName[];
