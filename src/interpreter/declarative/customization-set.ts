/**
 * The rules in force for each kind, merged from every ResourceInterpreterCustomization as
 * Karmada's config manager does (`declarative/configmanager`): customizations are taken in name
 * order; for each rule the first customization that sets it wins (a later one only fills in an
 * empty script); dependency scripts from all customizations are kept and their results merged.
 */
import {
  CUSTOMIZATION_RULE_NAMES,
  type CustomizationRuleName,
  type ResourceInterpreterCustomization,
} from '../../api/config/resource-interpreter-customization.js';
import { typeKey } from '../types.js';

/** One rule's script and where it came from. */
export interface RuleScript {
  readonly script: string;
  /** Name of the customization that supplied it. */
  readonly customization: string;
  /** Chunk name for Lua error messages: `<customization>/<rule>`. */
  readonly chunkName: string;
}

/** Rules that have one script per kind (all but dependencyInterpretation). */
export type SingleRuleName = Exclude<CustomizationRuleName, 'dependencyInterpretation'>;

/** The merged rules of one kind. */
export interface MergedRules {
  readonly single: Partial<Record<SingleRuleName, RuleScript>>;
  /** Every non-empty dependency script, in customization name order. */
  readonly dependencies: readonly RuleScript[];
}

/** Merges customizations into rules per kind (keys from `typeKey`). */
export function mergeCustomizations(customizations: readonly ResourceInterpreterCustomization[]): Map<string, MergedRules> {
  const sorted = [...customizations].sort((a, b) => compare(a.metadata.name ?? '', b.metadata.name ?? ''));
  const merged = new Map<string, { single: Partial<Record<SingleRuleName, RuleScript>>; dependencies: RuleScript[] }>();
  for (const customization of sorted) {
    const target = customization.spec?.target;
    if (target === undefined) continue;
    const key = typeKey(target);
    let rules = merged.get(key);
    if (rules === undefined) {
      rules = { single: {}, dependencies: [] };
      merged.set(key, rules);
    }
    const name = customization.metadata.name ?? '';
    for (const ruleName of CUSTOMIZATION_RULE_NAMES) {
      const rule = customization.spec.customizations?.[ruleName];
      if (rule === undefined || rule === null) continue;
      const script: RuleScript = { script: rule.luaScript ?? '', customization: name, chunkName: `${name}/${ruleName}` };
      if (ruleName === 'dependencyInterpretation') {
        if (script.script !== '') rules.dependencies.push(script);
        continue;
      }
      const existing = rules.single[ruleName];
      if (existing === undefined || (existing.script === '' && script.script !== '')) rules.single[ruleName] = script;
    }
  }
  return merged;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
