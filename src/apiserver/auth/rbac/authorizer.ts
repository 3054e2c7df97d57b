import { SYSTEM_MASTERS } from '../user-info.js';
import type { AuthorizationAttributes } from './attributes.js';
import { groupKey, userKey, type BindingMatch, type RbacIndex } from './rbac-index.js';
import { ruleAllows } from './rule-match.js';
import type { PolicyRule, Subject } from './types.js';

/** An authorization decision. RBAC never denies outright: it allows or has no opinion. */
export interface Decision {
  readonly allowed: boolean;
  /** Why (allowed: the binding; not allowed: `RBAC: <errors>` when bindings named missing roles, else ''). */
  readonly reason: string;
}

/** The rules that apply to a user in a namespace, for SelfSubjectRulesReview. */
export interface RuleSet {
  readonly rules: readonly PolicyRule[];
  readonly errors: readonly string[];
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
    return `${subject.kind} ${JSON.stringify(`${subject.name}/${namespace}`)}`;
  }
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}

function describe(match: BindingMatch): string {
  const { binding, subject } = match;
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} ${JSON.stringify(name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, binding.namespace)}`;
}

/** Upstream's error aggregate: one message alone, several as `[a, b]`. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}

/**
 * kube-apiserver's authorizer chain for karmada-ts: `system:masters` first (privileged group),
 * then RBAC over the in-memory index (cluster role bindings, then role bindings of the request's
 * namespace), as rbac.RBACAuthorizer does.
 */
export class RbacAuthorizer {
  constructor(private readonly index: () => RbacIndex) {}

  authorize(attributes: AuthorizationAttributes): Decision {
    const { user } = attributes;
    if (user.groups.includes(SYSTEM_MASTERS)) {
      return { allowed: true, reason: '' };
    }
    const index = this.index();
    const errors: string[] = [];
    const keys = [userKey(user.name), ...user.groups.map(groupKey)];
    for (const key of keys) {
      for (const match of index.clusterBindingsFor(key)) {
        const rules = this.rulesOfBinding(index, match, errors);
        if (rules !== undefined && rules.some((rule) => ruleAllows(attributes, rule))) {
          return { allowed: true, reason: `RBAC: allowed by ${describe(match)}` };
        }
      }
    }
    if (attributes.namespace !== '') {
      for (const key of keys) {
        for (const match of index.roleBindingsFor(attributes.namespace, key)) {
          const rules = this.rulesOfBinding(index, match, errors);
          if (rules !== undefined && rules.some((rule) => ruleAllows(attributes, rule))) {
            return { allowed: true, reason: `RBAC: allowed by ${describe(match)}` };
          }
        }
      }
    }
    return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${aggregate(errors)}` };
  }

  /** Every rule granted to the user in `namespace` ('' : cluster-wide rules only), as rbac's RulesFor. */
  rulesFor(user: { name: string; groups: readonly string[] }, namespace: string): RuleSet {
    const index = this.index();
    const errors: string[] = [];
    const rules: PolicyRule[] = [];
    const keys = [userKey(user.name), ...user.groups.map(groupKey)];
    const seen = new Set<object>();
    const visit = (matches: readonly BindingMatch[]): void => {
      for (const match of matches) {
        if (seen.has(match.binding)) {
          continue;
        }
        seen.add(match.binding);
        rules.push(...(this.rulesOfBinding(index, match, errors) ?? []));
      }
    };
    for (const key of keys) {
      visit(index.clusterBindingsFor(key));
    }
    if (namespace !== '') {
      for (const key of keys) {
        visit(index.roleBindingsFor(namespace, key));
      }
    }
    return { rules, errors };
  }

  private rulesOfBinding(index: RbacIndex, match: BindingMatch, errors: string[]): readonly PolicyRule[] | undefined {
    const { binding } = match;
    const ref = binding.roleRef;
    if (ref.kind === 'ClusterRole') {
      const rules = index.clusterRoleRules(ref.name);
      if (rules === undefined) {
        errors.push(`clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`);
      }
      return rules;
    }
    if (ref.kind === 'Role' && binding.kind === 'RoleBinding') {
      const rules = index.roleRules(binding.namespace, ref.name);
      if (rules === undefined) {
        errors.push(`role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`);
      }
      return rules;
    }
    errors.push(`unsupported role reference kind: ${JSON.stringify(ref.kind)}`);
    return undefined;
  }
}
