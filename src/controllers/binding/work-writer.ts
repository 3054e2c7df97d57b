/**
 * Creates or updates a Work (`helper.CreateOrUpdateWork`): the manifest gets Karmada's labels and
 * annotations, the Work keeps its permanent id across updates, and an unchanged Work is not
 * written again (no churn on restart).
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import type { Work } from '../../api/work/work.js';
import { isAlreadyExists, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import { WORK_REF } from '../shared/binding-types.js';
import { deepEqual } from '../shared/object-util.js';
import { CONFLICT_RESOLUTION_ANNOTATION, EXECUTION_CONTROLLER_FINALIZER, WORK_PERMANENT_ID_LABEL } from '../shared/well-known.js';
import { finishManifest, type RenderedWork } from './render-work.js';

/** What the writer did. */
export type WriteResult = 'created' | 'updated' | 'unchanged';

/** The Work object for rendered (permanentId goes on the Work and its manifest). */
export function buildWork(rendered: RenderedWork, permanentId: string): Work {
  const manifest = finishManifest(rendered.manifest, rendered.manifest.metadata.uid, {
    namespace: rendered.namespace,
    name: rendered.name,
    permanentId,
    ...(rendered.annotations[CONFLICT_RESOLUTION_ANNOTATION] === undefined ? {} : { conflictResolution: rendered.annotations[CONFLICT_RESOLUTION_ANNOTATION] }),
  });
  return {
    apiVersion: 'work.karmada.io/v1alpha1',
    kind: 'Work',
    metadata: {
      name: rendered.name,
      namespace: rendered.namespace,
      labels: { ...rendered.labels, [WORK_PERMANENT_ID_LABEL]: permanentId },
      annotations: { ...rendered.annotations },
      finalizers: [EXECUTION_CONTROLLER_FINALIZER],
    },
    spec: {
      workload: { manifests: [manifest] },
      suspendDispatching: rendered.suspendDispatching,
      preserveResourcesOnDeletion: rendered.preserveResourcesOnDeletion,
    },
  };
}

function unchanged(existing: Work, desired: Work): boolean {
  if (!deepEqual(existing.spec, desired.spec)) return false;
  for (const [k, v] of Object.entries(desired.metadata.labels ?? {})) if (existing.metadata.labels?.[k] !== v) return false;
  for (const [k, v] of Object.entries(desired.metadata.annotations ?? {})) if (existing.metadata.annotations?.[k] !== v) return false;
  return (desired.metadata.finalizers ?? []).every((f) => existing.metadata.finalizers?.includes(f));
}

/**
 * Writes the Work; `existing` (from a cache) saves a read when given, and `absent` (a synced
 * cache does not have it) saves the read that would only answer 404 before the create.
 */
export async function createOrUpdateWork(client: KubeClient, rendered: RenderedWork, existing?: Work, absent = false): Promise<WriteResult> {
  let current = existing;
  if (current === undefined && !absent) {
    try {
      current = await client.get<Work>(WORK_REF, rendered.name, { namespace: rendered.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (current === undefined) {
    try {
      await client.create(WORK_REF, buildWork(rendered, randomUUID()), { namespace: rendered.namespace });
      return 'created';
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      current = await client.get<Work>(WORK_REF, rendered.name, { namespace: rendered.namespace });
    }
  }
  if (current.metadata.deletionTimestamp !== undefined) {
    throw new Error(`work ${rendered.namespace}/${rendered.name} is being deleted`);
  }
  const permanentId = current.metadata.labels?.[WORK_PERMANENT_ID_LABEL] ?? randomUUID();
  const desired = buildWork(rendered, permanentId);
  if (unchanged(current, desired)) return 'unchanged';
  const next: KubeObject = {
    ...structuredClone(current),
    metadata: {
      ...structuredClone(current.metadata),
      labels: { ...(current.metadata.labels ?? {}), ...(desired.metadata.labels ?? {}) },
      annotations: { ...(current.metadata.annotations ?? {}), ...(desired.metadata.annotations ?? {}) },
      finalizers: [...new Set([...(current.metadata.finalizers ?? []), ...(desired.metadata.finalizers ?? [])])],
    },
    spec: desired.spec,
  };
  await client.update(WORK_REF, next);
  return 'updated';
}
