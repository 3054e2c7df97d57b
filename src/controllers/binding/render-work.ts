/**
 * What the binding controller writes for one target cluster (`pkg/controllers/binding/common.go`):
 * the template with replicas revised for the cluster, overrides applied, and Karmada's labels
 * and annotations linking it back to the binding, wrapped in a Work named as Karmada names it
 * in the cluster's execution namespace.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { ClusterOverridePolicy, OverridePolicy } from '../../api/policy/override-policy.js';
import type { TargetCluster } from '../../api/work/resource-binding.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { allocateWebsterSeats } from '../../scheduler/core/webster.js';
import { appliedOverridesJson } from '../override/applied-overrides.js';
import { applyOverridePolicies } from '../override/override-manager.js';
import type { AnyBinding } from '../shared/binding-types.js';
import { executionSpaceName, generateWorkName } from '../shared/names.js';
import {
  APPLIED_CLUSTER_OVERRIDES_ANNOTATION,
  APPLIED_OVERRIDES_ANNOTATION,
  CONFLICT_RESOLUTION_ABORT,
  CONFLICT_RESOLUTION_ANNOTATION,
  CONFLICT_RESOLUTION_OVERWRITE,
  CRB_NAME_ANNOTATION,
  CRB_PERMANENT_ID_LABEL,
  MANAGED_ANNOTATIONS_ANNOTATION,
  MANAGED_BY_KARMADA_LABEL,
  MANAGED_BY_KARMADA_VALUE,
  MANAGED_LABELS_ANNOTATION,
  RB_NAME_ANNOTATION,
  RB_NAMESPACE_ANNOTATION,
  RB_PERMANENT_ID_LABEL,
  RESOURCE_TEMPLATE_GENERATION_ANNOTATION,
  RESOURCE_TEMPLATE_UID_ANNOTATION,
  WORK_NAME_ANNOTATION,
  WORK_NAMESPACE_ANNOTATION,
  WORK_PERMANENT_ID_LABEL,
} from '../shared/well-known.js';
import { removeIrrelevantFields } from './prune.js';

/** One Work to write. */
export interface RenderedWork {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly suspendDispatching: boolean;
  readonly preserveResourcesOnDeletion: boolean;
  /** The manifest, without the Work's permanent id (the writer adds it). */
  readonly manifest: KubeObject;
}

/** Policies and clusters the rendering reads. */
export interface RenderInputs {
  readonly clusters: ReadonlyMap<string, Cluster>;
  readonly overridePolicies: readonly OverridePolicy[];
  readonly clusterOverridePolicies: readonly ClusterOverridePolicy[];
  readonly interpreter: ResourceInterpreter;
}

/** Target clusters plus the clusters of the bindings that require this one (dependencies). */
export function targetClusters(binding: AnyBinding): TargetCluster[] {
  const out = [...(binding.spec.clusters ?? [])];
  const names = new Set(out.map((c) => c.name));
  for (const snapshot of binding.spec.requiredBy ?? []) {
    for (const c of snapshot.clusters ?? []) {
      if (!names.has(c.name)) {
        names.add(c.name);
        out.push(c);
      }
    }
  }
  return out;
}

/** True when dispatching to cluster is suspended (`suspension.dispatching` or `dispatchingOnClusters`). */
export function suspendedOn(binding: AnyBinding, cluster: string): boolean {
  const s = binding.spec.suspension;
  if (s === undefined) return false;
  if (s.dispatching === true) return true;
  return s.dispatchingOnClusters?.clusterNames?.includes(cluster) ?? false;
}

/** Replicas are revised per cluster only for Divided workloads (`needReviseReplicas`). */
export function needReviseReplicas(binding: AnyBinding): boolean {
  const rs = binding.spec.placement?.replicaScheduling;
  return (binding.spec.replicas ?? 0) > 0 && rs !== undefined && (rs.replicaSchedulingType ?? 'Divided') === 'Divided';
}

/** The Work's conflict-resolution annotation: the template's own annotation wins, then the binding's. */
export function conflictResolution(template: KubeObject, binding: AnyBinding): string {
  const own = template.metadata.annotations?.[CONFLICT_RESOLUTION_ANNOTATION];
  if (own === CONFLICT_RESOLUTION_OVERWRITE || own === CONFLICT_RESOLUTION_ABORT) return own;
  return binding.spec.conflictResolution === 'Overwrite' ? CONFLICT_RESOLUTION_OVERWRITE : CONFLICT_RESOLUTION_ABORT;
}

/** Job completions divided in proportion to each cluster's replicas (Karmada spreads them the same way). */
export function divideCompletions(completions: number, clusters: readonly TargetCluster[]): Map<string, number> {
  const votes = new Map(clusters.map((c) => [c.name, c.replicas ?? 0]));
  const parties = allocateWebsterSeats(completions, votes);
  return new Map(parties.map((p) => [p.name, p.seats]));
}

function sortedKeys(map: Record<string, string> | undefined): string[] {
  return Object.keys(map ?? {}).sort();
}

/**
 * Adds the labels and annotations every manifest carries (`helper.CreateOrUpdateWork` and the Work
 * webhook): managed-by, template uid, Work name/namespace, conflict resolution, the Work's
 * permanent id, and the managed label/annotation key lists.
 */
export function finishManifest(manifest: KubeObject, templateUid: string | undefined, work: { namespace: string; name: string; permanentId: string; conflictResolution?: string }): KubeObject {
  const m = removeIrrelevantFields(manifest);
  m.metadata.labels = { ...(m.metadata.labels ?? {}), [MANAGED_BY_KARMADA_LABEL]: MANAGED_BY_KARMADA_VALUE };
  m.metadata.annotations = {
    ...(m.metadata.annotations ?? {}),
    [RESOURCE_TEMPLATE_UID_ANNOTATION]: templateUid ?? '',
    [WORK_NAME_ANNOTATION]: work.name,
    [WORK_NAMESPACE_ANNOTATION]: work.namespace,
    ...(work.conflictResolution === undefined ? {} : { [CONFLICT_RESOLUTION_ANNOTATION]: work.conflictResolution }),
  };
  const annotationKeys = new Set([MANAGED_ANNOTATIONS_ANNOTATION, MANAGED_LABELS_ANNOTATION, ...sortedKeys(m.metadata.annotations)]);
  m.metadata.annotations[MANAGED_ANNOTATIONS_ANNOTATION] = [...annotationKeys].sort().join(',');
  if (work.permanentId !== '') m.metadata.labels[WORK_PERMANENT_ID_LABEL] = work.permanentId;
  m.metadata.annotations[MANAGED_LABELS_ANNOTATION] = sortedKeys(m.metadata.labels).join(',');
  return m;
}

/** Renders the Work for one target cluster. Throws (naming the policy) when an override fails. */
export async function renderWork(binding: AnyBinding, template: KubeObject, target: TargetCluster, inputs: RenderInputs, completions?: ReadonlyMap<string, number>): Promise<RenderedWork> {
  let workload: KubeObject = structuredClone(template);
  const type = { apiVersion: template.apiVersion ?? '', kind: template.kind ?? '' };
  if (needReviseReplicas(binding)) {
    if (inputs.interpreter.hookEnabled(type, 'ReviseReplica')) workload = await inputs.interpreter.reviseReplica(workload, target.replicas ?? 0);
    const c = completions?.get(target.name);
    if (c !== undefined && workload['spec'] !== undefined) (workload['spec'] as Record<string, unknown>)['completions'] = c;
  }
  const cluster = inputs.clusters.get(target.name);
  if (cluster === undefined) throw new Error(`cluster ${target.name} not found`);
  // Overrides come last: they have the final say.
  const overridden = applyOverridePolicies(workload, cluster, inputs.clusterOverridePolicies, inputs.overridePolicies);
  workload = overridden.object;
  const namespaced = (binding.metadata.namespace ?? '') !== '';
  const labels: Record<string, string> = namespaced
    ? { [RB_PERMANENT_ID_LABEL]: binding.metadata.labels?.[RB_PERMANENT_ID_LABEL] ?? '' }
    : { [CRB_PERMANENT_ID_LABEL]: binding.metadata.labels?.[CRB_PERMANENT_ID_LABEL] ?? '' };
  const annotations: Record<string, string> = namespaced
    ? { [RB_NAMESPACE_ANNOTATION]: binding.metadata.namespace ?? '', [RB_NAME_ANNOTATION]: binding.metadata.name ?? '' }
    : { [CRB_NAME_ANNOTATION]: binding.metadata.name ?? '' };
  workload.metadata.labels = { ...(workload.metadata.labels ?? {}), ...labels };
  workload.metadata.annotations = {
    ...(workload.metadata.annotations ?? {}),
    ...((template.metadata.generation ?? 0) > 0 ? { [RESOURCE_TEMPLATE_GENERATION_ANNOTATION]: String(template.metadata.generation) } : {}),
    ...annotations,
  };
  annotations[CONFLICT_RESOLUTION_ANNOTATION] = conflictResolution(template, binding);
  const cops = appliedOverridesJson(overridden.appliedClusterOverrides);
  const ops = appliedOverridesJson(overridden.appliedOverrides);
  if (cops !== undefined) annotations[APPLIED_CLUSTER_OVERRIDES_ANNOTATION] = cops;
  if (ops !== undefined) annotations[APPLIED_OVERRIDES_ANNOTATION] = ops;
  return {
    cluster: target.name,
    namespace: executionSpaceName(target.name),
    name: generateWorkName(workload.kind ?? '', workload.metadata.name ?? '', workload.metadata.namespace),
    labels,
    annotations,
    suspendDispatching: suspendedOn(binding, target.name),
    preserveResourcesOnDeletion: binding.spec.preserveResourcesOnDeletion === true,
    manifest: workload,
  };
}
