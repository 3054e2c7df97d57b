/**
 * Which webhook rules match a kind and operation (`pkg/util/interpreter/matcher.go`): the
 * operation, group, version and kind must each be listed or covered by `*`.
 */
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import type { TypeRef } from '../types.js';
import type { RuleWithOperations } from './webhook-configuration.js';

const WILDCARD = '*';

/** Splits `apps/v1` into group `apps` and version `v1` (`v1` is the core group ''). */
export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function exactOrWildcard(requested: string, items: readonly string[] | undefined): boolean {
  return (items ?? []).some((item) => item === WILDCARD || item === requested);
}

/** True when `rule` covers `operation` on `target`. */
export function ruleMatches(rule: RuleWithOperations, target: TypeRef, operation: InterpreterOperation): boolean {
  const { group, version } = groupVersionOf(target.apiVersion);
  return (
    (rule.operations ?? []).some((op) => op === WILDCARD || op === operation) &&
    exactOrWildcard(group, rule.apiGroups) &&
    exactOrWildcard(version, rule.apiVersions) &&
    exactOrWildcard(target.kind, rule.kinds)
  );
}

/** True when any of `rules` covers `operation` on `target`. */
export function anyRuleMatches(rules: readonly RuleWithOperations[] | undefined, target: TypeRef, operation: InterpreterOperation): boolean {
  return (rules ?? []).some((rule) => ruleMatches(rule, target, operation));
}
