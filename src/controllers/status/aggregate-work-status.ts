/**
 * Collecting Work statuses into a binding (`pkg/util/helper/workstatus.go`): one item per
 * cluster (sorted by name) with applied/appliedMessage, and the status and health the work
 * status controller recorded for the template's manifest; and the `FullyApplied` condition.
 */
import type { Condition } from '../../api/policy/kube-core.js';
import type { AggregatedStatusItem, ObjectReference, ResourceBindingSpec } from '../../api/work/resource-binding.js';
import type { Work } from '../../api/work/work.js';
import { findCondition } from '../shared/conditions.js';
import { clusterOfExecutionSpace } from '../shared/names.js';
import { groupOf, versionOf } from '../shared/object-util.js';

export const FULLY_APPLIED_SUCCESS_REASON = 'FullyAppliedSuccess';
export const FULLY_APPLIED_FAILED_REASON = 'FullyAppliedFailed';
export const FULLY_APPLIED_SUCCESS_MESSAGE = 'All works have been successfully applied';
export const FULLY_APPLIED_FAILED_MESSAGE = 'Failed to apply all works, see status.aggregatedStatus for details';

/** The index of the manifest for ref in the Work, or -1. */
export function manifestIndex(work: Work, ref: Pick<ObjectReference, 'apiVersion' | 'kind' | 'namespace' | 'name'>): number {
  return (work.spec.workload?.manifests ?? []).findIndex(
    (m) => m.apiVersion === ref.apiVersion && m.kind === ref.kind && (m.metadata.namespace ?? '') === (ref.namespace ?? '') && m.metadata.name === ref.name,
  );
}

/** The per-cluster items for a binding's resource, from its Works (deleting Works are skipped). */
export function assembleWorkStatus(works: readonly Work[], ref: ObjectReference): AggregatedStatusItem[] {
  const items: AggregatedStatusItem[] = [];
  for (const work of works) {
    if (work.metadata.deletionTimestamp !== undefined) continue;
    const index = manifestIndex(work, ref);
    if (index < 0) continue;
    const clusterName = clusterOfExecutionSpace(work.metadata.namespace ?? '') ?? '';
    const applied = findCondition(work.status?.conditions, 'Applied');
    if (applied?.status !== 'True') {
      items.push({
        clusterName,
        applied: false,
        ...(applied?.message === undefined || applied.message === '' ? {} : { appliedMessage: applied.message }),
        health: 'Unknown',
      });
      continue;
    }
    const item: AggregatedStatusItem = { clusterName, applied: true, health: 'Unknown' };
    const manifestStatus = work.status?.manifestStatuses?.find(
      (s) =>
        s.identifier.ordinal === index &&
        s.identifier.group === groupOf(ref.apiVersion) &&
        s.identifier.version === versionOf(ref.apiVersion) &&
        s.identifier.kind === ref.kind &&
        (s.identifier.namespace ?? '') === (ref.namespace ?? '') &&
        s.identifier.name === ref.name,
    );
    if (manifestStatus !== undefined) {
      if (manifestStatus.status !== undefined) item.status = manifestStatus.status;
      item.health = manifestStatus.health ?? 'Unknown';
    }
    items.push(item);
  }
  return items.sort((a, b) => (a.clusterName < b.clusterName ? -1 : a.clusterName > b.clusterName ? 1 : 0));
}

/** Clusters the binding should have Works in: its schedule, its dependents', and evicting ones. */
export function bindingClusters(spec: ResourceBindingSpec): Set<string> {
  const names = new Set<string>();
  for (const c of spec.clusters ?? []) names.add(c.name);
  for (const s of spec.requiredBy ?? []) for (const c of s.clusters ?? []) names.add(c.name);
  for (const t of spec.gracefulEvictionTasks ?? []) names.add(t.fromCluster);
  return names;
}

/** `FullyApplied`: True when every target cluster reported an applied Work. */
export function fullyAppliedCondition(spec: ResourceBindingSpec, items: readonly AggregatedStatusItem[]): Condition {
  const targets = bindingClusters(spec);
  const ok = targets.size > 0 && targets.size === items.length && items.every((i) => i.applied === true && targets.has(i.clusterName));
  return ok
    ? { type: 'FullyApplied', status: 'True', reason: FULLY_APPLIED_SUCCESS_REASON, message: FULLY_APPLIED_SUCCESS_MESSAGE }
    : { type: 'FullyApplied', status: 'False', reason: FULLY_APPLIED_FAILED_REASON, message: FULLY_APPLIED_FAILED_MESSAGE };
}
