/**
 * `karmadactl interpret --operation OP` (`pkg/karmadactl/interpret/execute.go`): loads the
 * customizations given into a declarative layer of their own (no webhook, third-party or native
 * fallback, as Karmada's command), runs one rule and prints each result as a YAML document
 * headed `# [i/n] name:`; an error is printed as `Execute <rule> error: <message>`.
 */
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import { DeclarativeInterpreter } from '../declarative/declarative-interpreter.js';
import type { LuaRuntime } from '../declarative/lua-runtime.js';
import { goYaml } from './go-yaml.js';
import type { InterpretRule, RuleArgs, RuleResult } from './interpret-rules.js';

/** What to print on standard output and standard error. */
export interface ExecuteReport {
  readonly stdout: string;
  readonly stderr: string;
  readonly result: RuleResult;
}

/** Runs `rule` with `args` against `customizations`. */
export function executeRule(
  customizations: readonly ResourceInterpreterCustomization[],
  rule: InterpretRule,
  args: RuleArgs,
  runtime?: LuaRuntime,
): ExecuteReport {
  const layer = new DeclarativeInterpreter({ name: 'customization', ...(runtime === undefined ? {} : { runtime }) });
  layer.load(customizations);
  const result = rule.run(layer, args);
  if (result.error !== undefined) return { stdout: '', stderr: `Execute ${rule.name} error: ${result.error.message}\n`, result };
  let stdout = '';
  result.results.forEach((entry, i) => {
    stdout += `---\n# [${i + 1}/${result.results.length}] ${entry.name}:\n${goYaml(entry.value)}`;
  });
  return { stdout, stderr: '', result };
}
