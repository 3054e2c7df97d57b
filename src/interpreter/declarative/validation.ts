/**
 * Checks a ResourceInterpreterCustomization before it is stored (Karmada's validating webhook
 * for `config.karmada.io`): a target is named, every script compiles, and no other
 * customization for the same kind already defines the same rule.
 */
import {
  CUSTOMIZATION_RULE_NAMES,
  type ResourceInterpreterCustomization,
} from '../../api/config/resource-interpreter-customization.js';
import { isPlainObject } from '../../api/object.js';
import { LuaScriptError, type LuaRuntime } from './lua-runtime.js';

/** One problem, with the JSON path of the field at fault (for a 422 response). */
export interface CustomizationFieldError {
  readonly field: string;
  readonly message: string;
}

/** Validates `customization` against the others already stored (itself, by name, is ignored among them). */
export function validateCustomization(
  customization: ResourceInterpreterCustomization,
  existing: readonly ResourceInterpreterCustomization[],
  runtime: LuaRuntime,
): CustomizationFieldError[] {
  const errors: CustomizationFieldError[] = [];
  const spec: unknown = customization.spec;
  if (!isPlainObject(spec)) return [{ field: 'spec', message: 'Required value' }];
  const target = spec['target'];
  const apiVersion = isPlainObject(target) ? target['apiVersion'] : undefined;
  const kind = isPlainObject(target) ? target['kind'] : undefined;
  if (typeof apiVersion !== 'string' || apiVersion === '') errors.push({ field: 'spec.target.apiVersion', message: 'Required value' });
  if (typeof kind !== 'string' || kind === '') errors.push({ field: 'spec.target.kind', message: 'Required value' });
  const rules = spec['customizations'];
  if (!isPlainObject(rules)) {
    errors.push({ field: 'spec.customizations', message: 'Required value' });
    return errors;
  }
  const name = customization.metadata.name ?? '';
  for (const rule of CUSTOMIZATION_RULE_NAMES) {
    const value = rules[rule];
    if (value === undefined || value === null) continue;
    const field = `spec.customizations.${rule}.luaScript`;
    const script = isPlainObject(value) ? value['luaScript'] : undefined;
    if (typeof script !== 'string' || script.trim() === '') {
      errors.push({ field, message: 'Required value: a Lua script' });
      continue;
    }
    try {
      runtime.compile(script, `${name}/${rule}`);
    } catch (e) {
      errors.push({ field, message: e instanceof LuaScriptError ? `Invalid value: ${e.message}` : String(e) });
    }
    const other = existing.find(
      (c) =>
        c.metadata.name !== name &&
        c.spec?.target?.apiVersion === apiVersion &&
        c.spec?.target?.kind === kind &&
        c.spec?.customizations?.[rule] !== undefined &&
        c.spec?.customizations?.[rule] !== null,
    );
    if (other !== undefined) {
      errors.push({
        field: `spec.customizations.${rule}`,
        message: `Duplicate value: ${rule} for ${apiVersion}, Kind=${kind} is already defined by ResourceInterpreterCustomization ${other.metadata.name ?? ''}`,
      });
    }
  }
  return errors;
}
