/**
 * The arithmetic of the Deployment controller (pkg/controller/deployment and its util), pure:
 * surge and unavailability fenceposts, how far to scale the new ReplicaSet up and the old ones
 * down in a rolling update, and proportional scaling when a Deployment is resized mid-rollout.
 * Each function answers one step; the controller applies it and re-runs on the next event.
 */

/** What the rollout arithmetic needs of a ReplicaSet. */
export interface RsView {
  readonly name: string;
  /** spec.replicas */
  readonly replicas: number;
  /** status.replicas */
  readonly statusReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  /** creationTimestamp, ms */
  readonly created: number;
  readonly annotations: Readonly<Record<string, string>>;
}

/** What it needs of the Deployment. */
export interface DeploymentView {
  /** spec.replicas */
  readonly replicas: number;
  readonly strategy: 'RollingUpdate' | 'Recreate';
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  /** status.replicas (for proportional scaling without a max-replicas annotation). */
  readonly statusReplicas: number;
}

/** One ReplicaSet resized. */
export interface ScaleAction {
  readonly name: string;
  readonly replicas: number;
}

export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';

/** intstr.GetScaledValueFromIntOrPercent: an int, or `N%` of total rounded up or down. */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    return value;
  }
  const m = /^(\d+)%$/.exec(value);
  if (m === null) {
    const n = Number(value);
    return Number.isInteger(n) ? n : 0;
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** ResolveFenceposts: surge rounds up, unavailable down; both zero means unavailable 1. */
export function resolveFenceposts(maxSurge: number | string, maxUnavailable: number | string, desired: number): [number, number] {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) {
    unavailable = 1;
  }
  return [surge, unavailable];
}

export function maxSurge(d: DeploymentView): number {
  if (d.strategy !== 'RollingUpdate') {
    return 0;
  }
  return resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas)[0];
}

export function maxUnavailable(d: DeploymentView): number {
  if (d.strategy !== 'RollingUpdate' || d.replicas === 0) {
    return 0;
  }
  const unavailable = resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas)[1];
  return Math.min(unavailable, d.replicas);
}

function sumReplicas(rss: readonly (RsView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.replicas ?? 0), 0);
}

export function sumStatusReplicas(rss: readonly (RsView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.statusReplicas ?? 0), 0);
}

export function sumAvailable(rss: readonly (RsView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.availableReplicas ?? 0), 0);
}

export function sumReady(rss: readonly (RsView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.readyReplicas ?? 0), 0);
}

/** ReplicaSets with any replicas wanted (FilterActiveReplicaSets). */
export function activeReplicaSets(rss: readonly (RsView | undefined)[]): RsView[] {
  return rss.filter((rs): rs is RsView => rs !== undefined && rs.replicas > 0);
}

/** Oldest first, ties by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: RsView, b: RsView): number {
  return a.created !== b.created ? a.created - b.created : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** NewRSNewReplicas: the new ReplicaSet's size for this step. */
export function newRSNewReplicas(d: DeploymentView, all: readonly RsView[], newRS: RsView): number {
  if (d.strategy === 'Recreate') {
    return d.replicas;
  }
  const maxTotal = d.replicas + maxSurge(d);
  const current = sumReplicas(all);
  if (current >= maxTotal) {
    return newRS.replicas;
  }
  const up = Math.min(maxTotal - current, Math.max(0, d.replicas - newRS.replicas));
  return newRS.replicas + up;
}

/** reconcileNewReplicaSet: the new ReplicaSet's target size, or undefined when it stays. */
export function reconcileNewReplicaSet(d: DeploymentView, all: readonly RsView[], newRS: RsView): number | undefined {
  if (newRS.replicas === d.replicas) {
    return undefined;
  }
  if (newRS.replicas > d.replicas) {
    return d.replicas;
  }
  const target = newRSNewReplicas(d, all, newRS);
  return target === newRS.replicas ? undefined : target;
}

/**
 * reconcileOldReplicaSets: scale old ReplicaSets down as far as availability allows, first
 * the replicas that are not available anyway (cleanupUnhealthyReplicas), then available ones
 * oldest first (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function reconcileOldReplicaSets(d: DeploymentView, all: readonly RsView[], oldRSs: readonly RsView[], newRS: RsView | undefined): ScaleAction[] {
  const oldPods = sumReplicas(oldRSs);
  if (oldPods === 0) {
    return [];
  }
  const allPods = sumReplicas(all);
  const minAvailable = d.replicas - maxUnavailable(d);
  const newUnavailable = newRS === undefined ? 0 : newRS.replicas - newRS.availableReplicas;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) {
    return [];
  }
  const sizes = new Map(oldRSs.map((rs) => [rs.name, rs.replicas]));
  // cleanupUnhealthyReplicas
  let cleaned = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (cleaned >= maxScaledDown) {
      break;
    }
    if (rs.replicas === 0 || rs.replicas === rs.availableReplicas) {
      continue;
    }
    const down = Math.min(maxScaledDown - cleaned, rs.replicas - rs.availableReplicas);
    sizes.set(rs.name, rs.replicas - down);
    cleaned += down;
  }
  // scaleDownOldReplicaSetsForRollingUpdate (availability counted from status, unchanged by the cleanup)
  const available = sumAvailable(all);
  if (available > minAvailable) {
    const total = available - minAvailable;
    let scaled = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (scaled >= total) {
        break;
      }
      const size = sizes.get(rs.name) ?? 0;
      if (size === 0) {
        continue;
      }
      const down = Math.min(size, total - scaled);
      sizes.set(rs.name, size - down);
      scaled += down;
    }
  }
  return oldRSs.filter((rs) => sizes.get(rs.name) !== rs.replicas).map((rs) => ({ name: rs.name, replicas: sizes.get(rs.name) ?? 0 }));
}

/** isScalingEvent: some active ReplicaSet was sized for a different spec.replicas. */
export function isScalingEvent(d: DeploymentView, all: readonly RsView[]): boolean {
  return activeReplicaSets(all).some((rs) => {
    const desired = rs.annotations[DESIRED_REPLICAS_ANNOTATION];
    return desired !== undefined && Number(desired) !== d.replicas;
  });
}

/** IsSaturated: the new ReplicaSet alone runs every replica, all available. */
export function isSaturated(d: DeploymentView, rs: RsView | undefined): boolean {
  if (rs === undefined) {
    return false;
  }
  const desired = Number(rs.annotations[DESIRED_REPLICAS_ANNOTATION]);
  return desired === d.replicas && rs.replicas === d.replicas && rs.availableReplicas === d.replicas;
}

/** FindActiveOrLatest: the single active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(newRS: RsView | undefined, oldRSs: readonly RsView[]): RsView | undefined {
  if (newRS === undefined && oldRSs.length === 0) {
    return undefined;
  }
  const olds = [...oldRSs].sort(byCreation).reverse();
  const active = activeReplicaSets([...olds, newRS]);
  if (active.length === 0) {
    return newRS ?? olds[0];
  }
  return active.length === 1 ? active[0] : undefined;
}

function replicaSetFraction(rs: RsView, d: DeploymentView): number {
  if (d.replicas === 0) {
    return -rs.replicas;
  }
  const deploymentReplicas = d.replicas + maxSurge(d);
  const annotated = rs.annotations[MAX_REPLICAS_ANNOTATION];
  const annotatedReplicas = annotated !== undefined && Number.isInteger(Number(annotated)) ? Number(annotated) : d.statusReplicas;
  if (annotatedReplicas === 0) {
    return 0;
  }
  const newSize = (rs.replicas * deploymentReplicas) / annotatedReplicas;
  return Math.floor(newSize + 0.5) - rs.replicas;
}

function proportion(rs: RsView, d: DeploymentView, toAdd: number, added: number): number {
  if (rs.replicas === 0 || toAdd === 0 || toAdd === added) {
    return 0;
  }
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The controller's scale(): resize when spec.replicas changed. One active ReplicaSet takes the
 * new size; a saturated new ReplicaSet lets old ones go to zero; mid-rollout the difference is
 * spread over the active ReplicaSets in proportion (largest first), leftovers to the first.
 */
export function scaleForResize(d: DeploymentView, newRS: RsView | undefined, oldRSs: readonly RsView[]): ScaleAction[] {
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single !== undefined) {
    return single.replicas === d.replicas ? [] : [{ name: single.name, replicas: d.replicas }];
  }
  if (isSaturated(d, newRS)) {
    return activeReplicaSets(oldRSs).map((rs) => ({ name: rs.name, replicas: 0 }));
  }
  if (d.strategy !== 'RollingUpdate') {
    return [];
  }
  const active = activeReplicaSets([...oldRSs, newRS]);
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumReplicas(active);
  if (toAdd > 0) {
    // ReplicaSetsBySizeNewer: larger first, then newer first.
    active.sort((a, b) => b.replicas - a.replicas || b.created - a.created || (a.name < b.name ? -1 : 1));
  } else if (toAdd < 0) {
    // ReplicaSetsBySizeOlder: larger first, then older first.
    active.sort((a, b) => b.replicas - a.replicas || a.created - b.created || (a.name < b.name ? -1 : 1));
  }
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of active) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs.name, rs.replicas + p);
      added += p;
    } else {
      sizes.set(rs.name, rs.replicas);
    }
  }
  const actions: ScaleAction[] = [];
  active.forEach((rs, i) => {
    let size = sizes.get(rs.name) ?? rs.replicas;
    if (i === 0 && toAdd !== 0) {
      size = Math.max(0, size + toAdd - added);
    }
    actions.push({ name: rs.name, replicas: size });
  });
  return actions;
}

/** The revision number of a ReplicaSet (0 when unset). */
export function revisionOf(rs: RsView): number {
  const n = Number(rs.annotations[REVISION_ANNOTATION] ?? '0');
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The largest revision among ReplicaSets. */
export function maxRevision(rss: readonly RsView[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}
