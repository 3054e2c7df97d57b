/**
 * The ResourceBinding (or ClusterResourceBinding) a policy makes for a template
 * (`pkg/detector/detector.go` BuildResourceBinding), and how an existing binding is brought up
 * to date without touching the scheduler's result.
 */
import type { KubeObject, OwnerReference } from '../../api/object.js';
import type { PropagationSpec } from '../../api/policy/propagation-policy.js';
import type { ReplicaRequirements, ResourceBindingSpec } from '../../api/work/resource-binding.js';
import type { AnyBinding } from '../shared/binding-types.js';
import { generateBindingName } from '../shared/names.js';
import { BINDING_CONTROLLER_FINALIZER, CRB_CONTROLLER_FINALIZER } from '../shared/well-known.js';
import { addClaim, removeClaim, type Claim } from './claim.js';

/** The scheduler Karmada's policies name by default. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** What the interpreter and the PriorityClass lookup contributed. */
export interface BindingWorkloadInfo {
  readonly replicas?: number;
  readonly replicaRequirements?: ReplicaRequirements;
  /** `spec.schedulePriority.priority`, when the policy names a priority class that exists. */
  readonly schedulePriority?: number;
}


/** The controller owner reference to obj. */
export function controllerRef(obj: KubeObject): OwnerReference {
  return { apiVersion: obj.apiVersion ?? '', kind: obj.kind ?? '', name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** The binding a template gets from a policy (no permanent id yet: the writer adds it on create). */
export function buildBinding(template: KubeObject, claim: Claim, policySpec: PropagationSpec, info: BindingWorkloadInfo): AnyBinding {
  const namespace = template.metadata.namespace;
  const namespaced = namespace !== undefined && namespace !== '';
  const spec: ResourceBindingSpec = {
    resource: {
      apiVersion: template.apiVersion ?? '',
      kind: template.kind ?? '',
      ...(namespaced ? { namespace } : {}),
      name: template.metadata.name ?? '',
      ...(template.metadata.uid === undefined ? {} : { uid: template.metadata.uid }),
      ...(template.metadata.resourceVersion === undefined ? {} : { resourceVersion: template.metadata.resourceVersion }),
    },
    ...(policySpec.propagateDeps === true ? { propagateDeps: true } : {}),
    ...(info.replicas !== undefined && info.replicas !== 0 ? { replicas: info.replicas } : {}),
    ...(info.replicaRequirements === undefined ? {} : { replicaRequirements: info.replicaRequirements }),
    placement: structuredClone(policySpec.placement ?? {}),
    schedulerName: policySpec.schedulerName !== undefined && policySpec.schedulerName !== '' ? policySpec.schedulerName : DEFAULT_SCHEDULER_NAME,
    ...(policySpec.failover === undefined ? {} : { failover: structuredClone(policySpec.failover) }),
    conflictResolution: policySpec.conflictResolution ?? 'Abort',
    ...(policySpec.suspension === undefined ? {} : { suspension: structuredClone(policySpec.suspension) }),
    ...(policySpec.preserveResourcesOnDeletion === true ? { preserveResourcesOnDeletion: true } : {}),
    ...(info.schedulePriority === undefined ? {} : { schedulePriority: { priority: info.schedulePriority } }),
  };
  const binding: AnyBinding = {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: namespaced ? 'ResourceBinding' : 'ClusterResourceBinding',
    metadata: {
      name: generateBindingName(template.kind ?? '', template.metadata.name ?? ''),
      ...(namespaced ? { namespace } : {}),
      ownerReferences: [controllerRef(template)],
      finalizers: [namespaced ? BINDING_CONTROLLER_FINALIZER : CRB_CONTROLLER_FINALIZER],
    },
    spec,
  };
  addClaim(binding, claim);
  return binding;
}

/** The spec fields the detector owns; everything else (clusters, requiredBy, eviction tasks, rescheduleTriggeredAt) is kept. */
const OWNED_SPEC_FIELDS = [
  'resource',
  'replicaRequirements',
  'replicas',
  'propagateDeps',
  'schedulerName',
  'placement',
  'failover',
  'conflictResolution',
  'preserveResourcesOnDeletion',
  'suspension',
  'schedulePriority',
] as const;

/**
 * existing updated with desired's owned fields, labels, annotations, finalizers and owner
 * references (a copy; existing is not modified).
 */
export function mergeBinding(existing: AnyBinding, desired: AnyBinding, claim: Claim): AnyBinding {
  const next = structuredClone(existing) as AnyBinding;
  next.metadata.labels = { ...(existing.metadata.labels ?? {}), ...(desired.metadata.labels ?? {}) };
  next.metadata.annotations = { ...(existing.metadata.annotations ?? {}), ...(desired.metadata.annotations ?? {}) };
  next.metadata.finalizers = [...new Set([...(existing.metadata.finalizers ?? []), ...(desired.metadata.finalizers ?? [])])];
  if (desired.metadata.ownerReferences !== undefined) next.metadata.ownerReferences = structuredClone(desired.metadata.ownerReferences);
  const spec = next.spec as unknown as Record<string, unknown>;
  const wanted = desired.spec as unknown as Record<string, unknown>;
  for (const field of OWNED_SPEC_FIELDS) {
    if (wanted[field] === undefined) delete spec[field];
    else spec[field] = structuredClone(wanted[field]);
  }
  // Only one policy kind may claim a binding.
  removeClaim(next, claim.kind === 'PropagationPolicy' ? 'ClusterPropagationPolicy' : 'PropagationPolicy');
  addClaim(next, claim);
  return next;
}
