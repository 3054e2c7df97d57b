/**
 * When the scheduler schedules a binding (`pkg/scheduler/scheduler.go` doScheduleBinding): the
 * placement differs from the one last applied, the replica count no longer adds up, a fresh
 * reschedule was requested, or the binding is non-workload/Duplicated (always re-evaluated,
 * which changes nothing unless clusters changed). Otherwise nothing happens: no churn.
 */
import type { Placement } from '../../api/policy/placement.js';
import type { ResourceBindingSpec } from '../../api/work/resource-binding.js';
import { rescheduleRequired } from '../../scheduler/util/binding.js';
import type { AnyBinding } from '../shared/binding-types.js';
import { deepEqual } from '../shared/object-util.js';
import { CPP_PERMANENT_ID_LABEL, POLICY_PLACEMENT_ANNOTATION, PP_PERMANENT_ID_LABEL } from '../shared/well-known.js';

/** Why a binding is scheduled (Karmada's metric label values). */
export type ScheduleType = 'ReconcileSchedule' | 'ScaleSchedule' | 'FreshSchedule';

/** The replica scheduling type with Karmada's defaults (nil strategy: Duplicated; type default Divided). */
export function replicaSchedulingType(placement: Placement | undefined): 'Duplicated' | 'Divided' {
  const rs = placement?.replicaScheduling;
  if (rs === undefined || rs === null) return 'Duplicated';
  return rs.replicaSchedulingType ?? 'Divided';
}

/** True when the placement differs from the annotation the last successful scheduling wrote. */
export function placementChanged(placement: Placement, applied: string | undefined): boolean {
  if (applied === undefined || applied === '') return true;
  try {
    return !deepEqual(JSON.parse(applied), JSON.parse(JSON.stringify(placement)));
  } catch {
    return true;
  }
}

/** `util.IsBindingReplicasChanged`. */
export function replicasChanged(spec: ResourceBindingSpec): boolean {
  const rs = spec.placement?.replicaScheduling;
  if (rs === undefined || rs === null) return false;
  const replicas = spec.replicas ?? 0;
  const clusters = spec.clusters ?? [];
  if ((rs.replicaSchedulingType ?? 'Divided') === 'Duplicated') return clusters.some((c) => (c.replicas ?? 0) !== replicas);
  return clusters.reduce((sum, c) => sum + (c.replicas ?? 0), 0) !== replicas;
}

/**
 * The scheduling to do for a binding, or undefined when it is up to date. `clusterUsable` tells
 * whether a cluster still exists and is not being deleted: a binding scheduled onto one that is
 * going is rescheduled.
 */
export function scheduleType(binding: AnyBinding, clusterUsable: (name: string) => boolean = () => true): ScheduleType | undefined {
  const spec = binding.spec;
  const placement = spec.placement;
  if (placement === undefined) return undefined;
  if ((spec.clusters ?? []).some((c) => !clusterUsable(c.name))) return 'ReconcileSchedule';
  if (placementChanged(placement, binding.metadata.annotations?.[POLICY_PLACEMENT_ANNOTATION])) return 'ReconcileSchedule';
  if (replicasChanged(spec)) return 'ScaleSchedule';
  if (rescheduleRequired(spec.rescheduleTriggeredAt, binding.status?.lastScheduledTime)) return 'FreshSchedule';
  if ((spec.replicas ?? 0) === 0 || replicaSchedulingType(placement) === 'Duplicated') return 'ReconcileSchedule';
  return undefined;
}

/**
 * Whether this scheduler handles the binding at all: it names this scheduler, is claimed by a
 * policy (attached dependency bindings are not scheduled), has a placement, is not being deleted
 * and its scheduling is not suspended.
 */
export function isSchedulable(binding: AnyBinding, schedulerName: string): boolean {
  if (binding.metadata.deletionTimestamp !== undefined) return false;
  if ((binding.spec.schedulerName ?? 'default-scheduler') !== schedulerName) return false;
  const labels = binding.metadata.labels ?? {};
  if (!labels[PP_PERMANENT_ID_LABEL] && !labels[CPP_PERMANENT_ID_LABEL]) return false;
  if (binding.spec.placement === undefined) return false;
  return binding.spec.suspension?.scheduling !== true;
}
