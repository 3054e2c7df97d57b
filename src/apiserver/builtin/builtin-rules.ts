import type { BuiltinRules } from './strategy-resolver.js';

/**
 * Defaulting and validation of built-in kinds. Filled from the defaults and validation modules
 * once they land; until then built-ins are stored as given.
 */
export const builtinRules: BuiltinRules = {
  defaults: () => undefined,
  validate: () => [],
};
