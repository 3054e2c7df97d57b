import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceInfo } from '../../../api/resource-info.js';
import type { ObjectRegistry } from '../../registry/object-registry.js';
import type { ServedResources } from '../../served-resources.js';
import { StatusError } from '../../status-error.js';
import { AUTOUPDATE_ANNOTATION, bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import { RBAC_GROUP } from './types.js';

const BOOTSTRAP_USER = 'system:apiserver';

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Adds entries of `wanted` missing from `current` (deep equality). */
function union(current: unknown, wanted: unknown): { merged: unknown[]; changed: boolean } {
  const merged = [...listOf(current)];
  let changed = false;
  for (const entry of listOf(wanted)) {
    if (!merged.some((m) => isDeepStrictEqual(m, entry))) {
      merged.push(entry);
      changed = true;
    }
  }
  return { merged, changed };
}

/**
 * Reconciles a stored default with its bootstrap form the way kube's RBAC bootstrap does for
 * objects whose autoupdate annotation is not "false": missing labels, annotations, rules or
 * subjects are added, nothing the user added is removed. Returns undefined when nothing changes.
 */
export function reconcileDefault(current: KubeObject, wanted: KubeObject): KubeObject | undefined {
  if (current.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') {
    return undefined;
  }
  const next: KubeObject = structuredClone(current);
  let changed = false;
  for (const field of ['labels', 'annotations'] as const) {
    const have = { ...(next.metadata[field] ?? {}) };
    for (const [k, v] of Object.entries(wanted.metadata[field] ?? {})) {
      if (!(k in have)) {
        have[k] = v;
        changed = true;
      }
    }
    next.metadata[field] = have;
  }
  const listField = wanted.kind === 'ClusterRole' ? 'rules' : 'subjects';
  // aggregated roles get their rules from the aggregation controller, not from here
  if (!(listField === 'rules' && wanted['aggregationRule'] !== undefined)) {
    const { merged, changed: listChanged } = union(next[listField], wanted[listField]);
    if (listChanged) {
      next[listField] = merged;
      changed = true;
    }
  }
  if (wanted['aggregationRule'] !== undefined && next['aggregationRule'] === undefined) {
    next['aggregationRule'] = wanted['aggregationRule'];
    changed = true;
  }
  return changed ? next : undefined;
}

async function ensure(registry: ObjectRegistry, info: ResourceInfo, wanted: KubeObject): Promise<void> {
  const name = wanted.metadata.name ?? '';
  try {
    await registry.create(info, '', wanted, { user: BOOTSTRAP_USER });
    return;
  } catch (error) {
    if (!(error instanceof StatusError && error.code === 409)) {
      throw error;
    }
  }
  const current = await registry.get(info, '', name);
  if (reconcileDefault(current, wanted) === undefined) {
    return;
  }
  await registry.update(info, '', name, (latest) => reconcileDefault(latest, wanted) ?? latest, { user: BOOTSTRAP_USER });
}

/**
 * Writes kube's default ClusterRoles and ClusterRoleBindings into storage at start (creating the
 * missing ones, topping up the others), as kube-apiserver's RBAC post-start hook does.
 */
export async function bootstrapRbacPolicy(registry: ObjectRegistry, resources: ServedResources): Promise<void> {
  const roles = resources.get(RBAC_GROUP, 'v1', 'clusterroles');
  const bindings = resources.get(RBAC_GROUP, 'v1', 'clusterrolebindings');
  if (roles === undefined || bindings === undefined) {
    return;
  }
  for (const role of bootstrapClusterRoles()) {
    await ensure(registry, roles, role);
  }
  for (const binding of bootstrapClusterRoleBindings()) {
    await ensure(registry, bindings, binding);
  }
}
