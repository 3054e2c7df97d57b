/**
 * The objects `karmadactl promote` writes (Karmada's `pkg/karmadactl/promote`): the member's
 * object turned into a resource template (server-set fields and status removed, marked
 * `work.karmada.io/conflict-resolution: overwrite` so the member's copy is taken over) and a
 * (Cluster)PropagationPolicy that selects exactly it, targets only the cluster it came from,
 * overwrites on conflict and keeps the member's copy when the template is deleted.
 */
import type { KubeObject } from '../../api/object.js';
import { removeIrrelevantFields } from '../../controllers/binding/prune.js';
import { CONFLICT_RESOLUTION_ANNOTATION, CONFLICT_RESOLUTION_OVERWRITE } from '../../controllers/shared/well-known.js';
import { generatePolicyName, gvkString } from './apply-policy.js';

/** Go's `schema.GroupVersionResource.String()`: `apps/v1, Resource=deployments`, `/v1, Resource=secrets`. */
export function gvrString(group: string, version: string, resource: string): string {
  return `${group}/${version}, Resource=${resource}`;
}

/** The member object as a control-plane resource template. */
export function promotedTemplate(object: KubeObject): KubeObject {
  const template = removeIrrelevantFields(object);
  const annotations = { ...(template.metadata.annotations ?? {}) };
  // An existing choice (e.g. abort) is the user's and is kept, as Karmada keeps it.
  if (annotations[CONFLICT_RESOLUTION_ANNOTATION] === undefined) annotations[CONFLICT_RESOLUTION_ANNOTATION] = CONFLICT_RESOLUTION_OVERWRITE;
  return { ...template, metadata: { ...template.metadata, annotations } };
}

/** What the policy needs to know about the promoted object. */
export interface PromotedRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
}

/** The policy name promote uses unless `--policy-name` is given. */
export function promotePolicyName(ref: PromotedRef): string {
  return generatePolicyName(ref.namespace, ref.name, gvkString(ref.apiVersion, ref.kind));
}

/** The (Cluster)PropagationPolicy adopting `ref` in `cluster`. */
export function promotePolicy(ref: PromotedRef, cluster: string, options: { policyName?: string; dependencies?: boolean } = {}): KubeObject {
  const name = options.policyName === undefined || options.policyName === '' ? promotePolicyName(ref) : options.policyName;
  const spec = {
    ...(options.dependencies === true ? { propagateDeps: true } : {}),
    resourceSelectors: [{ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name }],
    placement: { clusterAffinity: { clusterNames: [cluster] } },
    conflictResolution: 'Overwrite',
    preserveResourcesOnDeletion: true,
  };
  return ref.namespace === ''
    ? { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy', metadata: { name }, spec }
    : { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name, namespace: ref.namespace }, spec };
}
