/**
 * Applying a Work's manifests to a member cluster and removing them (`objectwatcher` and the
 * execution controller), shared by the push-mode execution controller and the pull-mode agent.
 *
 * - Create when absent; otherwise update, keeping member-owned metadata and what the interpreter's
 *   Retain keeps (e.g. Service clusterIP, replicas owned by a member HPA), skipping no-op updates.
 * - An object that exists but was not created by Karmada (no `karmada.io/managed=true`) is taken
 *   over only when the manifest says `work.karmada.io/conflict-resolution: overwrite`; otherwise the
 *   apply fails with Karmada's message (conflictResolution Abort).
 * - Deleting removes only objects Karmada manages; with `preserveResourcesOnDeletion` the object
 *   stays and only Karmada's labels and annotations are removed.
 */
import type { KubeObject } from '../../api/object.js';
import type { Work } from '../../api/work/work.js';
import { isAlreadyExists, isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { removeIrrelevantFields } from '../binding/prune.js';
import { CLAIM_ANNOTATIONS, CLAIM_LABELS } from '../detector/claim.js';
import { deepEqual, errorMessage, removeAnnotations, removeLabels } from '../shared/object-util.js';
import {
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
import { retainClusterFields } from './retain-metadata.js';
import { VersionRecord } from './version-record.js';

/** Labels Karmada puts on member objects (removed when resources are preserved on deletion). */
export const MANAGED_RESOURCE_LABELS = [MANAGED_BY_KARMADA_LABEL, WORK_PERMANENT_ID_LABEL, RB_PERMANENT_ID_LABEL, CRB_PERMANENT_ID_LABEL, ...CLAIM_LABELS];
/** Annotations Karmada puts on member objects. */
export const MANAGED_RESOURCE_ANNOTATIONS = [
  MANAGED_ANNOTATIONS_ANNOTATION,
  MANAGED_LABELS_ANNOTATION,
  RESOURCE_TEMPLATE_UID_ANNOTATION,
  RESOURCE_TEMPLATE_GENERATION_ANNOTATION,
  WORK_NAME_ANNOTATION,
  WORK_NAMESPACE_ANNOTATION,
  RB_NAMESPACE_ANNOTATION,
  RB_NAME_ANNOTATION,
  CRB_NAME_ANNOTATION,
  CONFLICT_RESOLUTION_ANNOTATION,
  ...CLAIM_ANNOTATIONS,
];

/** What happened to one manifest. */
export type ManifestResult = 'created' | 'updated' | 'unchanged';

/** Options of applyWork/applyManifest. */
export interface ApplyOptions {
  /** For messages (default `member`). */
  readonly clusterName?: string;
  /** Where written versions are recorded (for self-healing); a private record when absent. */
  readonly versions?: VersionRecord;
}

/** The outcome of applying a Work. */
export interface ApplyWorkResult {
  /** True when every manifest was applied. */
  readonly applied: boolean;
  readonly succeeded: number;
  readonly total: number;
  /** Per manifest, in order: the result or the error message. */
  readonly manifests: readonly ({ readonly result: ManifestResult } | { readonly error: string })[];
  /** The Applied condition message. */
  readonly message: string;
}

/** True when the member object carries Karmada's managed-by label. */
export function isManagedByKarmada(obj: KubeObject): boolean {
  return obj.metadata.labels?.[MANAGED_BY_KARMADA_LABEL] === MANAGED_BY_KARMADA_VALUE;
}

function namespaceOf(obj: KubeObject): { namespace?: string } {
  const ns = obj.metadata.namespace;
  return ns === undefined || ns === '' ? {} : { namespace: ns };
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata.namespace ?? '';
  return `resource(kind=${obj.kind ?? ''}, ${ns === '' ? '' : `${ns}/`}${obj.metadata.name ?? ''})`;
}

async function resolve(member: KubeClient, obj: KubeObject): Promise<ResourceRef> {
  return member.resolve({ apiVersion: obj.apiVersion ?? '', kind: obj.kind ?? '' });
}

/** Creates or updates one manifest in the member. Throws with Karmada's messages. */
export async function applyManifest(manifest: KubeObject, member: KubeClient, interpreter: ResourceInterpreter, options: ApplyOptions = {}): Promise<ManifestResult> {
  const cluster = options.clusterName ?? 'member';
  const versions = options.versions ?? new VersionRecord();
  const ref = await resolve(member, manifest);
  const name = manifest.metadata.name ?? '';
  let observed: KubeObject | undefined;
  try {
    observed = await member.get(ref, name, namespaceOf(manifest));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (observed === undefined) {
    try {
      const created = await member.create(ref, structuredClone(manifest), namespaceOf(manifest));
      versions.record(cluster, created);
      return 'created';
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      observed = await member.get(ref, name, namespaceOf(manifest));
    }
  }
  if (!isManagedByKarmada(observed) && manifest.metadata.annotations?.[CONFLICT_RESOLUTION_ANNOTATION] !== CONFLICT_RESOLUTION_OVERWRITE) {
    throw new Error(
      `${describe(manifest)} already exists in the cluster ${cluster} and the ${CONFLICT_RESOLUTION_ANNOTATION} strategy value is empty, Karmada will not manage this resource`,
    );
  }
  let desired = retainClusterFields(manifest, observed);
  const type = { apiVersion: manifest.apiVersion ?? '', kind: manifest.kind ?? '' };
  if (interpreter.hookEnabled(type, 'Retain')) desired = await interpreter.retain(desired, observed);
  // Compare with the member's copy seen through the same pruning and retention.
  const comparable = retainClusterFields(removeIrrelevantFields(observed), observed);
  if (deepEqual(desired, comparable)) {
    versions.record(cluster, observed);
    return 'unchanged';
  }
  const updated = await member.update(ref, desired, namespaceOf(manifest));
  versions.record(cluster, updated);
  return updated.metadata.resourceVersion === observed.metadata.resourceVersion ? 'unchanged' : 'updated';
}

/** Applies every manifest of the Work; never throws for per-manifest failures (see the result). */
export async function applyWork(work: Work, member: KubeClient, interpreter: ResourceInterpreter, options: ApplyOptions = {}): Promise<ApplyWorkResult> {
  const manifests = work.spec.workload?.manifests ?? [];
  const results: ({ result: ManifestResult } | { error: string })[] = [];
  const errors: string[] = [];
  for (const manifest of manifests) {
    try {
      results.push({ result: await applyManifest(manifest, member, interpreter, options) });
    } catch (err) {
      const message = errorMessage(err);
      results.push({ error: message });
      errors.push(message);
    }
  }
  const succeeded = manifests.length - errors.length;
  return {
    applied: errors.length === 0,
    succeeded,
    total: manifests.length,
    manifests: results,
    message: errors.length === 0 ? 'Manifest has been successfully applied' : `Failed to apply all manifests (${succeeded}/${manifests.length}): ${errors.join(', ')}`,
  };
}

/**
 * Removes the Work's manifests from the member (only objects Karmada manages), or with
 * `preserveResourcesOnDeletion` strips Karmada's metadata and leaves them.
 */
export async function deleteWorkResources(work: Work, member: KubeClient, options: ApplyOptions = {}): Promise<void> {
  const cluster = options.clusterName ?? 'member';
  const preserve = work.spec.preserveResourcesOnDeletion === true;
  for (const manifest of work.spec.workload?.manifests ?? []) {
    let ref: ResourceRef;
    try {
      ref = await resolve(member, manifest);
    } catch {
      continue; // The member does not serve the kind: nothing to delete.
    }
    let observed: KubeObject;
    try {
      observed = await member.get(ref, manifest.metadata.name ?? '', namespaceOf(manifest));
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    if (!isManagedByKarmada(observed)) continue;
    if (preserve) {
      const copy = structuredClone(observed);
      const a = removeLabels(copy, MANAGED_RESOURCE_LABELS);
      const b = removeAnnotations(copy, MANAGED_RESOURCE_ANNOTATIONS);
      if (a || b) await member.update(ref, copy, namespaceOf(manifest));
      options.versions?.forget(cluster, manifest);
      continue;
    }
    try {
      // Background: a Job's pods go with it (kube's default for Jobs is to orphan them).
      await member.delete(ref, manifest.metadata.name ?? '', { ...namespaceOf(manifest), propagationPolicy: 'Background' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    options.versions?.forget(cluster, manifest);
  }
}
