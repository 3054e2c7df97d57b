import { isPlainObject } from '../../../api/object.js';
import type { LabelSelectorObject } from '../../../api/selectors/label-selector.js';
import { serviceAccountUsername } from '../user-info.js';
import { aggregatedRules, type AggregatableRole } from './aggregation.js';
import { roleRefOf, rulesOf, subjectsOf, type PolicyRule, type RoleRef, type Subject } from './types.js';

/** One binding as the authorizer sees it. */
export interface BindingEntry {
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding';
  readonly name: string;
  /** '' for ClusterRoleBindings. */
  readonly namespace: string;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
}

/** A binding found for a subject key, with the subject it matched (for allow reasons). */
export interface BindingMatch {
  readonly binding: BindingEntry;
  readonly subject: Subject;
}

/** Index keys: `u:<user name>` (users and service accounts) and `g:<group>`. */
export function userKey(name: string): string {
  return `u:${name}`;
}

export function groupKey(name: string): string {
  return `g:${name}`;
}

/** The index key a subject stands for in a binding of `namespace`, or undefined when it can match no one. */
export function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return userKey(subject.name);
    case 'Group':
      return groupKey(subject.name);
    case 'ServiceAccount': {
      // as upstream: a subject without a namespace means the binding's own namespace
      const namespace = subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
      return namespace === '' ? undefined : userKey(serviceAccountUsername(namespace, subject.name));
    }
    default:
      return undefined;
  }
}

type Resource = 'roles' | 'rolebindings' | 'clusterroles' | 'clusterrolebindings';

function labelsOf(metadata: Record<string, unknown>): Record<string, string> {
  const labels = metadata['labels'];
  if (!isPlainObject(labels)) {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v === 'string') {
      out[k] = v;
    }
  }
  return out;
}

function selectorsOf(object: Record<string, unknown>): LabelSelectorObject[] | undefined {
  const rule = object['aggregationRule'];
  if (!isPlainObject(rule)) {
    return undefined;
  }
  const selectors = rule['clusterRoleSelectors'];
  return Array.isArray(selectors) ? selectors.filter(isPlainObject).map((s) => s as LabelSelectorObject) : [];
}

/**
 * In-memory index of Roles, ClusterRoles and bindings (fed from a storage watch), with bindings
 * indexed by subject so an authorization check is a few map lookups. Aggregated ClusterRoles are
 * resolved here too, so they take effect without waiting for their stored rules to be rewritten.
 */
export class RbacIndex {
  private readonly clusterRoles = new Map<string, AggregatableRole>();
  /** `<namespace>/<name>` -> rules */
  private readonly roles = new Map<string, readonly PolicyRule[]>();
  /** storage key -> binding, to unindex on change */
  private readonly bindings = new Map<string, BindingEntry>();
  private readonly clusterBindingsBySubject = new Map<string, BindingMatch[]>();
  /** namespace -> subject key -> bindings */
  private readonly roleBindingsBySubject = new Map<string, Map<string, BindingMatch[]>>();
  private readonly effectiveClusterRoleRules = new Map<string, readonly PolicyRule[]>();

  /** Adds or replaces one stored object. `resource` is the RBAC resource, `namespace` '' when cluster-scoped. */
  put(resource: Resource, namespace: string, name: string, object: Record<string, unknown>): void {
    const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
    switch (resource) {
      case 'clusterroles': {
        const selectors = selectorsOf(object);
        this.clusterRoles.set(name, { name, labels: labelsOf(metadata), rules: rulesOf(object), ...(selectors === undefined ? {} : { selectors }) });
        this.effectiveClusterRoleRules.clear();
        return;
      }
      case 'roles':
        this.roles.set(`${namespace}/${name}`, rulesOf(object));
        return;
      case 'clusterrolebindings':
      case 'rolebindings': {
        this.remove(resource, namespace, name);
        const roleRef = roleRefOf(object);
        if (roleRef === undefined) {
          return;
        }
        const binding: BindingEntry = {
          kind: resource === 'clusterrolebindings' ? 'ClusterRoleBinding' : 'RoleBinding',
          name,
          namespace,
          roleRef,
          subjects: subjectsOf(object),
        };
        this.bindings.set(`${resource}/${namespace}/${name}`, binding);
        this.indexBinding(binding, 1);
        return;
      }
    }
  }

  /** Forgets one object. */
  remove(resource: Resource, namespace: string, name: string): void {
    switch (resource) {
      case 'clusterroles':
        this.clusterRoles.delete(name);
        this.effectiveClusterRoleRules.clear();
        return;
      case 'roles':
        this.roles.delete(`${namespace}/${name}`);
        return;
      default: {
        const key = `${resource}/${namespace}/${name}`;
        const binding = this.bindings.get(key);
        if (binding !== undefined) {
          this.bindings.delete(key);
          this.indexBinding(binding, -1);
        }
      }
    }
  }

  private indexBinding(binding: BindingEntry, direction: 1 | -1): void {
    let bySubject: Map<string, BindingMatch[]>;
    if (binding.kind === 'ClusterRoleBinding') {
      bySubject = this.clusterBindingsBySubject;
    } else {
      let namespaced = this.roleBindingsBySubject.get(binding.namespace);
      if (namespaced === undefined) {
        namespaced = new Map();
        this.roleBindingsBySubject.set(binding.namespace, namespaced);
      }
      bySubject = namespaced;
    }
    for (const subject of binding.subjects) {
      const key = subjectKey(subject, binding.namespace);
      if (key === undefined) {
        continue;
      }
      const list = bySubject.get(key) ?? [];
      if (direction === 1) {
        if (!list.some((m) => m.binding === binding)) {
          list.push({ binding, subject });
        }
        bySubject.set(key, list);
      } else {
        const kept = list.filter((m) => m.binding !== binding);
        if (kept.length === 0) {
          bySubject.delete(key);
        } else {
          bySubject.set(key, kept);
        }
      }
    }
    if (binding.kind === 'RoleBinding' && bySubject.size === 0) {
      this.roleBindingsBySubject.delete(binding.namespace);
    }
  }

  /** ClusterRoleBindings naming this subject key. */
  clusterBindingsFor(key: string): readonly BindingMatch[] {
    return this.clusterBindingsBySubject.get(key) ?? [];
  }

  /** RoleBindings of a namespace naming this subject key. */
  roleBindingsFor(namespace: string, key: string): readonly BindingMatch[] {
    return this.roleBindingsBySubject.get(namespace)?.get(key) ?? [];
  }

  /** A ClusterRole's effective rules (aggregation resolved), or undefined when it does not exist. */
  clusterRoleRules(name: string): readonly PolicyRule[] | undefined {
    const cached = this.effectiveClusterRoleRules.get(name);
    if (cached !== undefined) {
      return cached;
    }
    if (!this.clusterRoles.has(name)) {
      return undefined;
    }
    const rules = aggregatedRules(name, (n) => this.clusterRoles.get(n), () => this.clusterRoles.values());
    this.effectiveClusterRoleRules.set(name, rules);
    return rules;
  }

  /** A Role's rules, or undefined when it does not exist. */
  roleRules(namespace: string, name: string): readonly PolicyRule[] | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  /** Every ClusterRole, for the aggregation controller. */
  allClusterRoles(): Iterable<AggregatableRole> {
    return this.clusterRoles.values();
  }

  /** Forgets everything (before a relist). */
  clear(): void {
    this.clusterRoles.clear();
    this.roles.clear();
    this.bindings.clear();
    this.clusterBindingsBySubject.clear();
    this.roleBindingsBySubject.clear();
    this.effectiveClusterRoleRules.clear();
  }
}
