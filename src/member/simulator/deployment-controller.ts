/**
 * The Deployment controller: Deployment -> ReplicaSets (named `<name>-<pod-template-hash>`,
 * revision annotations) with RollingUpdate (maxSurge/maxUnavailable) and Recreate rollouts,
 * proportional scaling, pause, revision history cleanup, and status exactly as the real
 * controller computes it, so `kubectl rollout status` follows along.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import {
  activeReplicaSets,
  byCreation,
  DESIRED_REPLICAS_ANNOTATION,
  isScalingEvent,
  MAX_REPLICAS_ANNOTATION,
  maxRevision,
  maxSurge,
  newRSNewReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  revisionOf,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  scaleForResize,
  type RsView,
  type ScaleAction,
} from './deployment-rollout.js';
import { calculateStatus, deploymentComplete, msUntilDeadline, newReplicaSetCondition, rolloutStatus, type DeploymentFacts } from './deployment-status.js';
import type { EventSink } from './event-recorder.js';
import { CONTROLLER_INDEX, controllerOf, controllerReference, copy, findCondition, intOr, jsonEqual, parseTime, setCondition, timestamp } from './object-util.js';
import { isPodTerminal } from './pod-util.js';
import { DEPLOYMENTS, REPLICA_SETS } from './refs.js';
import { computeTemplateHash, POD_TEMPLATE_HASH_LABEL, templatesEqualIgnoringHash } from './template-hash.js';
import type { Deployment, DeploymentStatus, LabelSelectorSpec, ReplicaSet } from './types.js';

/** Annotations not copied from a Deployment to its ReplicaSets (skipCopyAnnotation). */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

/** maxRevHistoryLengthInChars */
const MAX_REVISION_HISTORY_CHARS = 2000;
const DEFAULT_PROGRESS_DEADLINE = 600;
const NO_PROGRESS_DEADLINE = 2147483647;

/** The Deployment's spec with the apiserver's defaults filled in where absent. */
export function deploymentFacts(d: Deployment): DeploymentFacts {
  const spec = d.spec ?? {};
  const strategy = spec.strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
  const deadline = intOr(spec.progressDeadlineSeconds, DEFAULT_PROGRESS_DEADLINE);
  return {
    replicas: intOr(spec.replicas, 1),
    strategy,
    maxSurge: spec.strategy?.rollingUpdate?.maxSurge ?? '25%',
    maxUnavailable: spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%',
    statusReplicas: intOr(d.status?.replicas, 0),
    generation: d.metadata.generation ?? 0,
    progressDeadlineSeconds: deadline === NO_PROGRESS_DEADLINE ? undefined : deadline,
    paused: spec.paused === true,
  };
}

export function rsView(rs: ReplicaSet): RsView {
  return {
    name: rs.metadata.name ?? '',
    replicas: intOr(rs.spec?.replicas, 1),
    statusReplicas: intOr(rs.status?.replicas, 0),
    readyReplicas: intOr(rs.status?.readyReplicas, 0),
    availableReplicas: intOr(rs.status?.availableReplicas, 0),
    created: parseTime(rs.metadata.creationTimestamp) ?? 0,
    annotations: rs.metadata.annotations ?? {},
  };
}

function withHashSelector(selector: LabelSelectorSpec | undefined, hash: string): LabelSelectorSpec {
  const out = copy(selector ?? {});
  out.matchLabels = { ...(out.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  return out;
}

/** Copies the Deployment's annotations onto the ReplicaSet; true when something changed. */
function copyAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const annotations = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || annotations[k] === v) {
      continue;
    }
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** SetNewReplicaSetAnnotations: copy annotations, raise the revision (keeping history on rollback). */
function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, facts: DeploymentFacts): boolean {
  let changed = copyAnnotations(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldText = annotations[REVISION_ANNOTATION];
  const old = Number(oldText ?? '0') || 0;
  if (old < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
      let revisions = history === '' ? [] : history.split(',');
      revisions.push(oldText);
      while (revisions.join(',').length > MAX_REVISION_HISTORY_CHARS && revisions.length > 1) {
        revisions = revisions.slice(1);
      }
      annotations[REVISION_HISTORY_ANNOTATION] = revisions.join(',');
    }
  }
  if (!exists) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(facts.replicas);
    annotations[MAX_REPLICAS_ANNOTATION] = String(facts.replicas + maxSurge(facts));
    changed = true;
  }
  return changed;
}

/** One sync's working state: the latest version of every object it wrote. */
interface SyncState {
  d: Deployment;
  facts: DeploymentFacts;
  readonly rss: Map<string, ReplicaSet>;
}

/** Raised to requeue quietly (a conflict: the cache is behind). */
class RequeueError extends Error {}

export class DeploymentController {
  readonly controller: Controller;
  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('deployment-controller');
    this.controller = new Controller({ name: 'deployment', reconciler: this, clock: ctx.clock, logger: ctx.logger, workers: 2 });
    const { deployments, replicaSets, pods } = ctx.informers;
    this.controller.watch(deployments);
    this.controller.watch(replicaSets, {
      map: (e) => {
        const owner = controllerOf(e.object);
        return owner?.kind === 'Deployment' ? [`${e.object.metadata.namespace ?? ''}/${owner.name}`] : [];
      },
    });
    // Recreate waits for old pods to go away.
    this.controller.watch(pods, {
      map: (e) => {
        if (e.type !== 'delete' && !(e.type === 'update' && isPodTerminal(e.object))) {
          return [];
        }
        const rsRef = controllerOf(e.object);
        if (rsRef?.kind !== 'ReplicaSet') {
          return [];
        }
        const rs = replicaSets.cache.getByName(e.object.metadata.namespace, rsRef.name);
        const dRef = rs === undefined ? undefined : controllerOf(rs);
        return dRef?.kind === 'Deployment' ? [`${e.object.metadata.namespace ?? ''}/${dRef.name}`] : [];
      },
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.ctx.informers.deployments.cache.get(key);
    if (cached === undefined) {
      return;
    }
    const owned = this.ctx.informers.replicaSets.cache.byIndex(CONTROLLER_INDEX, cached.metadata.uid ?? '');
    const state: SyncState = { d: copy(cached), facts: deploymentFacts(cached), rss: new Map(owned.map((rs) => [rs.metadata.name ?? '', copy(rs)])) };
    try {
      return await this.sync(state);
    } catch (err) {
      if (err instanceof RequeueError || isConflict(err)) {
        return { requeue: true };
      }
      if (isNotFound(err)) {
        return;
      }
      throw err;
    }
  }

  private async sync(s: SyncState): Promise<ReconcileResult | void> {
    if (s.d.metadata.deletionTimestamp !== undefined) {
      const { newRS, oldRSs } = await this.replicaSetsAndRevision(s, false);
      await this.writeStatus(s, calculateStatus(s.facts, s.d.status ?? {}, [...oldRSs, newRS].filter(isDefined).map(rsView), newRS && rsView(newRS), this.now()));
      return;
    }
    await this.checkPausedConditions(s);
    if (s.facts.paused || isScalingEvent(s.facts, [...s.rss.values()].map(rsView))) {
      const { newRS, oldRSs } = await this.replicaSetsAndRevision(s, false);
      await this.apply(s, scaleForResize(s.facts, newRS && rsView(newRS), oldRSs.map(rsView)), 'scale');
      if (s.facts.paused) {
        await this.cleanup(s, this.oldReplicaSets(s));
      }
      const all = [...s.rss.values()].map(rsView);
      const current = this.newReplicaSet(s);
      await this.writeStatus(s, calculateStatus(s.facts, s.d.status ?? {}, all, current && rsView(current), this.now()));
      return;
    }
    return s.facts.strategy === 'Recreate' ? this.rolloutRecreate(s) : this.rolloutRolling(s);
  }

  private async rolloutRolling(s: SyncState): Promise<ReconcileResult | void> {
    const { newRS } = await this.replicaSetsAndRevision(s, true);
    if (newRS === undefined) {
      return;
    }
    const all = (): RsView[] => [...s.rss.values()].map(rsView);
    const target = reconcileNewReplicaSet(s.facts, all(), rsView(newRS));
    if (target !== undefined) {
      await this.apply(s, [{ name: newRS.metadata.name ?? '', replicas: target }], 'event');
      return this.syncRolloutStatus(s);
    }
    const oldRSs = this.oldReplicaSets(s);
    const current = this.newReplicaSet(s);
    const downs = reconcileOldReplicaSets(s.facts, all(), activeReplicaSets(oldRSs.map(rsView)), current && rsView(current));
    if (downs.length > 0) {
      await this.apply(s, downs, 'event');
      return this.syncRolloutStatus(s);
    }
    if (deploymentComplete(s.facts, s.d.status ?? {})) {
      await this.cleanup(s, oldRSs);
    }
    return this.syncRolloutStatus(s);
  }

  private async rolloutRecreate(s: SyncState): Promise<ReconcileResult | void> {
    await this.replicaSetsAndRevision(s, false);
    const activeOld = activeReplicaSets(this.oldReplicaSets(s).map(rsView));
    if (activeOld.length > 0) {
      await this.apply(s, activeOld.map((rs) => ({ name: rs.name, replicas: 0 })), 'event');
      return this.syncRolloutStatus(s);
    }
    if (this.oldPodsRunning(s)) {
      return this.syncRolloutStatus(s);
    }
    let newRS = this.newReplicaSet(s);
    if (newRS === undefined) {
      newRS = (await this.replicaSetsAndRevision(s, true)).newRS;
    }
    if (newRS !== undefined && intOr(newRS.spec?.replicas, 1) !== s.facts.replicas) {
      await this.apply(s, [{ name: newRS.metadata.name ?? '', replicas: s.facts.replicas }], 'event');
    }
    if (deploymentComplete(s.facts, s.d.status ?? {})) {
      await this.cleanup(s, this.oldReplicaSets(s));
    }
    return this.syncRolloutStatus(s);
  }

  /** Old ReplicaSets still report pods, or their pods are not finished. */
  private oldPodsRunning(s: SyncState): boolean {
    const olds = this.oldReplicaSets(s);
    if (olds.some((rs) => intOr(rs.status?.replicas, 0) > 0)) {
      return true;
    }
    return olds.some((rs) => this.ctx.informers.pods.cache.byIndex(CONTROLLER_INDEX, rs.metadata.uid ?? '').some((p) => !isPodTerminal(p)));
  }

  private async syncRolloutStatus(s: SyncState): Promise<ReconcileResult | void> {
    const newRS = this.newReplicaSet(s);
    const now = this.now();
    const status = rolloutStatus(s.facts, s.d.status ?? {}, [...s.rss.values()].map(rsView), newRS && rsView(newRS), now);
    await this.writeStatus(s, status);
    const wait = msUntilDeadline(s.facts, status, now);
    return wait === undefined ? undefined : { requeueAfterMs: wait };
  }

  /** The Deployment's current-template ReplicaSet (the oldest if several match). */
  private newReplicaSet(s: SyncState): ReplicaSet | undefined {
    return [...s.rss.values()]
      .filter((rs) => templatesEqualIgnoringHash(rs.spec?.template, s.d.spec?.template))
      .sort((a, b) => byCreation(rsView(a), rsView(b)))[0];
  }

  private oldReplicaSets(s: SyncState): ReplicaSet[] {
    const current = this.newReplicaSet(s);
    return [...s.rss.values()].filter((rs) => rs !== current);
  }

  /** getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet and syncs revisions. */
  private async replicaSetsAndRevision(s: SyncState, create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const oldRSs = this.oldReplicaSets(s);
    const newRevision = maxRevision(oldRSs.map(rsView)) + 1;
    const existing = this.newReplicaSet(s);
    const now = this.now();
    if (existing !== undefined) {
      const rs = copy(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(s.d, rs, newRevision, true, s.facts);
      const minReady = intOr(s.d.spec?.minReadySeconds, 0);
      if (annotationsUpdated || intOr(rs.spec?.minReadySeconds, 0) !== minReady) {
        rs.spec = { ...(rs.spec ?? {}), minReadySeconds: minReady };
        const updated = await this.ctx.client.update<ReplicaSet>(REPLICA_SETS, rs);
        s.rss.set(updated.metadata.name ?? '', updated);
        return { newRS: updated, oldRSs };
      }
      let needsStatus = await this.setDeploymentRevision(s, rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
      const status = copy(s.d.status ?? {});
      if (s.facts.progressDeadlineSeconds !== undefined && findCondition(status.conditions, 'Progressing') === undefined) {
        status.conditions = setCondition(status.conditions ?? [], newReplicaSetCondition(false, rs.metadata.name ?? '', now));
        needsStatus = true;
      }
      if (needsStatus) {
        await this.writeStatus(s, status);
      }
      return { newRS: existing, oldRSs };
    }
    if (!create) {
      return { newRS: undefined, oldRSs };
    }
    const template = copy(s.d.spec?.template ?? {});
    const hash = computeTemplateHash(template, s.d.status?.collisionCount);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const name = `${s.d.metadata.name ?? ''}-${hash}`;
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: s.d.metadata.namespace ?? '',
        labels: { ...(template.metadata.labels ?? {}) },
        ownerReferences: [controllerReference(s.d, DEPLOYMENTS)],
      },
      spec: {
        replicas: 0,
        minReadySeconds: intOr(s.d.spec?.minReadySeconds, 0),
        selector: withHashSelector(s.d.spec?.selector, hash),
        template,
      },
    };
    const view = rsView(rs);
    const replicas = newRSNewReplicas(s.facts, [...oldRSs.map(rsView), view], view);
    rs.spec = { ...(rs.spec ?? {}), replicas };
    setNewReplicaSetAnnotations(s.d, rs, newRevision, false, s.facts);
    let created: ReplicaSet;
    let alreadyExisted = false;
    try {
      created = await this.ctx.client.create<ReplicaSet>(REPLICA_SETS, rs, { namespace: rs.metadata.namespace ?? '' });
    } catch (err) {
      if (!isAlreadyExists(err)) {
        throw err;
      }
      alreadyExisted = true;
      const found = await this.ctx.client.get<ReplicaSet>(REPLICA_SETS, name, { namespace: rs.metadata.namespace ?? '' });
      if (controllerOf(found)?.uid !== s.d.metadata.uid || !templatesEqualIgnoringHash(found.spec?.template, s.d.spec?.template)) {
        // A hash collision: bump collisionCount and try again with a different name.
        const status = copy(s.d.status ?? {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await this.writeStatus(s, status);
        throw new RequeueError('ReplicaSet hash collision');
      }
      created = found;
    }
    s.rss.set(name, created);
    if (!alreadyExisted && replicas > 0) {
      this.events.event(s.d, DEPLOYMENTS, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
    }
    let needsStatus = await this.setDeploymentRevision(s, String(newRevision));
    const status = copy(s.d.status ?? {});
    if (!alreadyExisted && s.facts.progressDeadlineSeconds !== undefined) {
      status.conditions = setCondition(status.conditions ?? [], newReplicaSetCondition(true, name, now));
      needsStatus = true;
    }
    if (needsStatus) {
      await this.writeStatus(s, status);
    }
    return { newRS: created, oldRSs };
  }

  /** SetDeploymentRevision: the Deployment's revision annotation follows its new ReplicaSet's. */
  private async setDeploymentRevision(s: SyncState, revision: string): Promise<boolean> {
    if (revision === '' || s.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) {
      return false;
    }
    const next = copy(s.d);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
    s.d = await this.ctx.client.update<Deployment>(DEPLOYMENTS, next);
    return true;
  }

  /**
   * Resizes ReplicaSets (and refreshes their desired/max-replicas annotations). 'event' mode is
   * scaleReplicaSetAndRecordEvent (nothing when the size is unchanged); 'scale' mode also
   * refreshes annotations of unchanged ones, as scale() does.
   */
  private async apply(s: SyncState, actions: readonly ScaleAction[], mode: 'event' | 'scale'): Promise<void> {
    const desired = String(s.facts.replicas);
    const max = String(s.facts.replicas + maxSurge(s.facts));
    for (const action of actions) {
      const rs = s.rss.get(action.name);
      if (rs === undefined) {
        continue;
      }
      const sizeChanged = intOr(rs.spec?.replicas, 1) !== action.replicas;
      const annotations = rs.metadata.annotations ?? {};
      const annotationsChanged = annotations[DESIRED_REPLICAS_ANNOTATION] !== desired || annotations[MAX_REPLICAS_ANNOTATION] !== max;
      if (!sizeChanged && (mode === 'event' || !annotationsChanged)) {
        continue;
      }
      const next = copy(rs);
      next.spec = { ...(next.spec ?? {}), replicas: action.replicas };
      next.metadata.annotations = { ...annotations, [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max };
      const updated = await this.ctx.client.update<ReplicaSet>(REPLICA_SETS, next);
      s.rss.set(action.name, updated);
      if (sizeChanged) {
        const from = intOr(rs.spec?.replicas, 1);
        this.events.event(s.d, DEPLOYMENTS, 'Normal', 'ScalingReplicaSet', `Scaled ${action.replicas > from ? 'up' : 'down'} replica set ${action.name} from ${from} to ${action.replicas}`);
      }
    }
  }

  /** cleanupDeployment: deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private async cleanup(s: SyncState, oldRSs: readonly ReplicaSet[]): Promise<void> {
    const limit = intOr(s.d.spec?.revisionHistoryLimit, 10);
    const alive = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
    const diff = alive.length - limit;
    if (diff <= 0) {
      return;
    }
    const sorted = [...alive].sort((a, b) => revisionOf(rsView(a)) - revisionOf(rsView(b)) || byCreation(rsView(a), rsView(b)));
    for (const rs of sorted.slice(0, diff)) {
      if (intOr(rs.status?.replicas, 0) !== 0 || intOr(rs.spec?.replicas, 1) !== 0 || (rs.metadata.generation ?? 0) > intOr(rs.status?.observedGeneration, 0)) {
        continue;
      }
      try {
        await this.ctx.client.delete(REPLICA_SETS, rs.metadata.name ?? '', { namespace: rs.metadata.namespace ?? '', preconditions: { uid: rs.metadata.uid ?? '' } });
        s.rss.delete(rs.metadata.name ?? '');
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) {
          throw err;
        }
      }
    }
  }

  /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
  private async checkPausedConditions(s: SyncState): Promise<void> {
    if (s.facts.progressDeadlineSeconds === undefined) {
      return;
    }
    const current = findCondition(s.d.status?.conditions, 'Progressing');
    if (current?.reason === 'ProgressDeadlineExceeded') {
      return;
    }
    const pausedExists = current?.reason === 'DeploymentPaused';
    const at = timestamp(this.now());
    let condition;
    if (s.facts.paused && !pausedExists) {
      condition = { type: 'Progressing', status: 'Unknown' as const, lastUpdateTime: at, lastTransitionTime: at, reason: 'DeploymentPaused', message: 'Deployment is paused' };
    } else if (!s.facts.paused && pausedExists) {
      condition = { type: 'Progressing', status: 'Unknown' as const, lastUpdateTime: at, lastTransitionTime: at, reason: 'DeploymentResumed', message: 'Deployment is resumed' };
    } else {
      return;
    }
    const status = copy(s.d.status ?? {});
    status.conditions = setCondition(status.conditions ?? [], condition);
    await this.writeStatus(s, status);
  }

  private async writeStatus(s: SyncState, status: DeploymentStatus): Promise<void> {
    if (jsonEqual(status, s.d.status ?? {})) {
      return;
    }
    const next = copy(s.d);
    next.status = status;
    s.d = await this.ctx.client.updateStatus<Deployment>(DEPLOYMENTS, next);
  }

  private now(): number {
    return this.ctx.clock.now();
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
