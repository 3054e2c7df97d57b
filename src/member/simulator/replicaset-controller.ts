/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods (created from the template,
 * owned by the ReplicaSet; extra ones deleted, least useful first) and reports status as the
 * real controller does (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
 * observedGeneration).
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { objectKey } from '../../client/object-key.js';
import { matchesLabelSelector } from '../../api/selectors/label-selector.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import type { EventSink } from './event-recorder.js';
import { CONTROLLER_INDEX, controllerOf, controllerReference, copy, intOr, jsonEqual, omitZero, parseTime } from './object-util.js';
import { PendingObjects } from './pending-objects.js';
import { generatedName, isPodActive, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate } from './pod-util.js';
import { PODS, REPLICA_SETS } from './refs.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from './types.js';

/** Pods created per reconcile at most (upstream's burstReplicas). */
const BURST = 500;

/** Rank of a pod for deletion: lower goes first (controller.ActivePodsWithRanks, simplified). */
function deletionRank(pod: Pod): [number, number, number, number] {
  const unassigned = (pod.spec?.nodeName ?? '') === '' ? 0 : 1;
  const phase = pod.status?.phase === 'Pending' ? 0 : pod.status?.phase === 'Running' ? 2 : 1;
  const ready = isPodReady(pod) ? 1 : 0;
  // Newer pods go first: negate the creation time.
  const created = -(parseTime(pod.metadata.creationTimestamp) ?? 0);
  return [unassigned, phase, ready, created];
}

/** The `diff` pods to delete, least useful first. */
export function podsToDelete(pods: readonly Pod[], diff: number): Pod[] {
  return [...pods]
    .sort((a, b) => {
      const ra = deletionRank(a);
      const rb = deletionRank(b);
      for (let i = 0; i < ra.length; i++) {
        const d = (ra[i] ?? 0) - (rb[i] ?? 0);
        if (d !== 0) {
          return d;
        }
      }
      return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
    })
    .slice(0, diff);
}

/** calculateStatus of the ReplicaSet controller. */
export function replicaSetStatus(rs: ReplicaSet, pods: readonly Pod[], now: number): ReplicaSetStatus {
  const minReady = intOr(rs.spec?.minReadySeconds, 0);
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) {
      fullyLabeled++;
    }
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) {
        available++;
      }
    }
  }
  const status: ReplicaSetStatus = omitZero(
    {
      replicas: pods.length,
      fullyLabeledReplicas: fullyLabeled,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation ?? 0,
    },
    ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
  );
  const conditions = rs.status?.conditions;
  if (conditions !== undefined && conditions.length > 0) {
    status.conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
    if (status.conditions.length === 0) {
      delete status.conditions;
    }
  }
  return status;
}

export class ReplicaSetController {
  readonly controller: Controller;
  private readonly pending: PendingObjects;
  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('replicaset-controller');
    this.pending = new PendingObjects(() => ctx.clock.now());
    this.controller = new Controller({ name: 'replicaset', reconciler: this, clock: ctx.clock, logger: ctx.logger, workers: 2 });
    this.controller.watch(ctx.informers.replicaSets);
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        const owner = controllerOf(e.object);
        return owner?.kind === 'ReplicaSet' ? [`${e.object.metadata.namespace ?? ''}/${owner.name}`] : [];
      },
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { replicaSets, pods } = this.ctx.informers;
    const rs = replicaSets.cache.get(key);
    if (rs === undefined) {
      this.pending.forget(key);
      return;
    }
    const uid = rs.metadata.uid ?? '';
    const namespace = rs.metadata.namespace ?? '';
    const owned = pods.cache
      .byIndex(CONTROLLER_INDEX, uid)
      .filter((p) => isPodActive(p) && matchesLabelSelector(rs.spec?.selector, p.metadata.labels));
    if (rs.metadata.deletionTimestamp === undefined && this.pending.satisfied(key, (k) => pods.cache.has(k))) {
      await this.manageReplicas(key, rs, owned, namespace);
    }
    const now = this.ctx.clock.now();
    const status = replicaSetStatus(rs, owned, now);
    if (!jsonEqual(status, rs.status ?? {})) {
      const next = copy(rs);
      next.status = status;
      try {
        await this.ctx.client.updateStatus(REPLICA_SETS, next);
      } catch (err) {
        if (isNotFound(err)) {
          return;
        }
        if (isConflict(err)) {
          return { requeue: true };
        }
        throw err;
      }
    }
    const minReady = intOr(rs.spec?.minReadySeconds, 0);
    const waits = owned.map((p) => msUntilAvailable(p, minReady, now)).filter((ms): ms is number => ms !== undefined);
    return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) + 10 } : undefined;
  }

  private async manageReplicas(key: string, rs: ReplicaSet, owned: readonly Pod[], namespace: string): Promise<void> {
    const client = this.ctx.client;
    const diff = owned.length - intOr(rs.spec?.replicas, 1);
    if (diff < 0) {
      const owner = controllerReference(rs, REPLICA_SETS);
      const count = Math.min(-diff, BURST);
      const created = await Promise.allSettled(
        Array.from({ length: count }, async () => {
          const pod = podFromTemplate(rs.spec?.template, namespace, owner, { name: generatedName(`${rs.metadata.name ?? ''}-`) });
          const podKey = objectKey(pod);
          this.pending.expect(key, podKey, 'create');
          try {
            await client.create(PODS, pod, { namespace });
            this.events.event(rs, REPLICA_SETS, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
          } catch (err) {
            this.pending.cancel(key, podKey);
            if (!isAlreadyExists(err)) {
              throw err;
            }
          }
        }),
      );
      const failed = created.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) {
        throw failed.reason;
      }
      return;
    }
    if (diff > 0) {
      for (const pod of podsToDelete(owned, diff)) {
        const podKey = objectKey(pod);
        this.pending.expect(key, podKey, 'delete');
        try {
          await client.delete(PODS, pod.metadata.name ?? '', { namespace, preconditions: { uid: pod.metadata.uid ?? '' } });
          this.events.event(rs, REPLICA_SETS, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
        } catch (err) {
          this.pending.cancel(key, podKey);
          if (!isNotFound(err) && !isConflict(err)) {
            throw err;
          }
        }
      }
    }
  }
}
