import { isPlainObject } from '../../../api/object.js';

/** rbac.authorization.k8s.io/v1 PolicyRule. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** rbac.authorization.k8s.io/v1 Subject. */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiGroup?: string;
}

/** rbac.authorization.k8s.io/v1 RoleRef. */
export interface RoleRef {
  readonly kind: string;
  readonly name: string;
  readonly apiGroup?: string;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The rules of a stored Role or ClusterRole (malformed entries are skipped). */
export function rulesOf(object: Record<string, unknown>): PolicyRule[] {
  const rules = object['rules'];
  if (!Array.isArray(rules)) {
    return [];
  }
  const result: PolicyRule[] = [];
  for (const rule of rules) {
    if (!isPlainObject(rule)) {
      continue;
    }
    const out: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] } = { verbs: strings(rule['verbs']) };
    for (const key of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) {
      if (Array.isArray(rule[key])) {
        out[key] = strings(rule[key]);
      }
    }
    result.push(out);
  }
  return result;
}

/** The subjects of a stored binding. */
export function subjectsOf(object: Record<string, unknown>): Subject[] {
  const subjects = object['subjects'];
  if (!Array.isArray(subjects)) {
    return [];
  }
  const result: Subject[] = [];
  for (const s of subjects) {
    if (isPlainObject(s) && typeof s['kind'] === 'string' && typeof s['name'] === 'string') {
      result.push({
        kind: s['kind'],
        name: s['name'],
        ...(typeof s['namespace'] === 'string' ? { namespace: s['namespace'] } : {}),
        ...(typeof s['apiGroup'] === 'string' ? { apiGroup: s['apiGroup'] } : {}),
      });
    }
  }
  return result;
}

/** The roleRef of a stored binding, or undefined when malformed. */
export function roleRefOf(object: Record<string, unknown>): RoleRef | undefined {
  const ref = object['roleRef'];
  if (!isPlainObject(ref) || typeof ref['kind'] !== 'string' || typeof ref['name'] !== 'string') {
    return undefined;
  }
  return { kind: ref['kind'], name: ref['name'], ...(typeof ref['apiGroup'] === 'string' ? { apiGroup: ref['apiGroup'] } : {}) };
}
