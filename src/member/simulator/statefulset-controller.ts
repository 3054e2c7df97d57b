/**
 * The StatefulSet controller: pods `<name>-<ordinal>` with stable hostnames, created in order
 * (OrderedReady waits for each to be Running and Ready; Parallel does not), removed from the
 * highest ordinal; PersistentVolumeClaims from volumeClaimTemplates (reported Bound); rolling
 * updates from the highest ordinal down to the partition, one pod at a time; status with
 * current/update revisions as the real controller reports them.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import { reconcileCached } from './reconcile-cached.js';
import type { SimulatorContext } from './context.js';
import type { EventSink } from './event-recorder.js';
import { CONTROLLER_INDEX, controllerOf, controllerReference, copy, intOr, jsonEqual, omitZero } from './object-util.js';
import { isPodActive, isPodAvailable, isPodReady, isPodTerminal, msUntilAvailable, podFromTemplate } from './pod-util.js';
import { PODS, PVCS, STATEFUL_SETS } from './refs.js';
import { computeTemplateHash, CONTROLLER_REVISION_HASH_LABEL } from './template-hash.js';
import type { Pod, StatefulSet } from './types.js';

const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** The revision name of the StatefulSet's current template: `<name>-<hash>`. */
export function statefulSetRevision(set: StatefulSet): string {
  return `${set.metadata.name ?? ''}-${computeTemplateHash(set.spec?.template, intOr(set.status?.['collisionCount'], 0) || undefined)}`;
}

function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${set.metadata.name ?? ''}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) {
    return undefined;
  }
  const n = Number(name.slice(prefix.length));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function runningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

export class StatefulSetController {
  readonly controller: Controller;
  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('statefulset-controller');
    this.controller = new Controller({ name: 'statefulset', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(ctx.informers.statefulSets);
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        const owner = controllerOf(e.object);
        return owner?.kind === 'StatefulSet' ? [`${e.object.metadata.namespace ?? ''}/${owner.name}`] : [];
      },
    });
  }

  reconcile(key: string): Promise<ReconcileResult | void> {
    return reconcileCached(this.ctx.informers.statefulSets.cache.get(key), () => {}, (set) => this.sync(set));
  }

  private async sync(set: StatefulSet): Promise<ReconcileResult | void> {
    const namespace = set.metadata.namespace ?? '';
    const replicas = intOr(set.spec?.replicas, 1);
    const start = intOr(set.spec?.ordinals?.start, 0);
    const parallel = set.spec?.podManagementPolicy === 'Parallel';
    const updateRevision = statefulSetRevision(set);
    const currentRevision = typeof set.status?.['currentRevision'] === 'string' && set.status['currentRevision'] !== '' ? set.status['currentRevision'] : updateRevision;
    const pods = this.ctx.informers.pods.cache.byIndex(CONTROLLER_INDEX, set.metadata.uid ?? '');
    const byOrdinal = new Map<number, Pod>();
    for (const pod of pods) {
      const ordinal = ordinalOf(set, pod);
      if (ordinal !== undefined) {
        byOrdinal.set(ordinal, pod);
      }
    }
    const deleting = set.metadata.deletionTimestamp !== undefined;
    if (!deleting) {
      await this.manage(set, namespace, replicas, start, parallel, byOrdinal, updateRevision);
    }
    // Status over what exists now (the cache).
    const now = this.ctx.clock.now();
    const minReady = intOr(set.spec?.minReadySeconds, 0);
    const live = this.ctx.informers.pods.cache.byIndex(CONTROLLER_INDEX, set.metadata.uid ?? '').filter((p) => p.metadata.deletionTimestamp === undefined);
    const revisionOf = (p: Pod): string => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
    let status: Record<string, unknown> = {
      observedGeneration: set.metadata.generation ?? 0,
      replicas: live.length,
      readyReplicas: live.filter(isPodReady).length,
      currentReplicas: live.filter((p) => revisionOf(p) === currentRevision).length,
      updatedReplicas: live.filter((p) => revisionOf(p) === updateRevision).length,
      availableReplicas: live.filter((p) => isPodAvailable(p, minReady, now)).length,
      currentRevision,
      updateRevision,
      collisionCount: intOr(set.status?.['collisionCount'], 0),
    };
    const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (rolling && status['updatedReplicas'] === status['replicas'] && status['readyReplicas'] === status['replicas']) {
      status['currentReplicas'] = status['updatedReplicas'];
      status['currentRevision'] = updateRevision;
    }
    status = omitZero(status, ['readyReplicas', 'currentReplicas', 'updatedReplicas']);
    if (!jsonEqual(status, set.status ?? {})) {
      const next = copy(set);
      next.status = status;
      await this.ctx.client.updateStatus(STATEFUL_SETS, next);
    }
    const waits = live.map((p) => msUntilAvailable(p, minReady, now)).filter((ms): ms is number => ms !== undefined);
    return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) + 10 } : undefined;
  }

  private async manage(
    set: StatefulSet,
    namespace: string,
    replicas: number,
    start: number,
    parallel: boolean,
    byOrdinal: Map<number, Pod>,
    updateRevision: string,
  ): Promise<void> {
    const client = this.ctx.client;
    const end = start + replicas;
    // Failed or finished pods are replaced.
    for (const [ordinal, pod] of byOrdinal) {
      if (isPodTerminal(pod)) {
        await client.delete(PODS, pod.metadata.name ?? '', { namespace });
        byOrdinal.delete(ordinal);
      }
    }
    // Create missing pods in order.
    for (let ordinal = start; ordinal < end; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (pod === undefined) {
        // Only the current template is known (no ControllerRevisions), so new pods get it.
        await this.createPod(set, namespace, ordinal, updateRevision);
        if (!parallel) {
          return;
        }
        continue;
      }
      if (!parallel && (!runningAndReady(pod) || !isPodActive(pod))) {
        return; // OrderedReady: wait for this one
      }
    }
    // Remove condemned pods, highest ordinal first (one at a time unless Parallel).
    const condemned = [...byOrdinal.keys()].filter((o) => o < start || o >= end).sort((a, b) => b - a);
    for (const ordinal of condemned) {
      const pod = byOrdinal.get(ordinal);
      if (pod === undefined) {
        continue;
      }
      await client.delete(PODS, pod.metadata.name ?? '', { namespace, preconditions: { uid: pod.metadata.uid ?? '' } });
      if (!parallel) {
        return;
      }
    }
    // Rolling update: replace the highest-ordinal outdated pod once every pod is healthy.
    if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
      return;
    }
    const inRange = [...byOrdinal.entries()].filter(([o]) => o >= start && o < end);
    if (inRange.some(([, p]) => !runningAndReady(p))) {
      return;
    }
    const partition = intOr(set.spec?.updateStrategy?.rollingUpdate?.partition, 0);
    for (const [ordinal, pod] of inRange.sort(([a], [b]) => b - a)) {
      if (ordinal < start + partition) {
        break;
      }
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== updateRevision) {
        await client.delete(PODS, pod.metadata.name ?? '', { namespace, preconditions: { uid: pod.metadata.uid ?? '' } });
        return;
      }
    }
  }

  private async createPod(set: StatefulSet, namespace: string, ordinal: number, revision: string): Promise<void> {
    const name = `${set.metadata.name ?? ''}-${ordinal}`;
    const pod = podFromTemplate(set.spec?.template, namespace, controllerReference(set, STATEFUL_SETS), { name }, {
      [CONTROLLER_REVISION_HASH_LABEL]: revision,
      [POD_NAME_LABEL]: name,
      [POD_INDEX_LABEL]: String(ordinal),
    });
    const spec = (pod.spec ??= {});
    spec.hostname = name;
    if ((set.spec?.serviceName ?? '') !== '') {
      spec.subdomain = set.spec?.serviceName ?? '';
    }
    for (const claim of set.spec?.volumeClaimTemplates ?? []) {
      const claimName = `${claim.metadata.name ?? ''}-${name}`;
      await this.ensureClaim(set, namespace, claim, claimName);
      const volumes = (spec.volumes ??= []);
      if (!volumes.some((v) => v['name'] === claim.metadata.name)) {
        volumes.push({ name: claim.metadata.name ?? '', persistentVolumeClaim: { claimName } });
      }
    }
    try {
      await this.ctx.client.create(PODS, pod, { namespace });
      this.events.event(set, STATEFUL_SETS, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata.name ?? ''} successful`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        throw err;
      }
    }
  }

  /** A claim from the template, created once and reported Bound (no storage is simulated). */
  private async ensureClaim(set: StatefulSet, namespace: string, template: KubeObject, name: string): Promise<void> {
    const spec = copy((template['spec'] as Record<string, unknown> | undefined) ?? {});
    // Bound at once to a (notional) volume, as a provisioner would; volumeName may only be set once.
    spec['volumeName'] ??= `pvc-${randomUUID()}`;
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace,
        labels: { ...(template.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      },
      spec,
    };
    let created: KubeObject;
    try {
      created = await this.ctx.client.create(PVCS, claim, { namespace });
      this.events.event(set, STATEFUL_SETS, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${name.slice((template.metadata.name ?? '').length + 1)} in StatefulSet ${set.metadata.name ?? ''} success`);
    } catch (err) {
      if (isAlreadyExists(err)) {
        return;
      }
      throw err;
    }
    const requests = (spec['resources'] as { requests?: Record<string, unknown> } | undefined)?.requests ?? {};
    const next = copy(created);
    next['status'] = { phase: 'Bound', accessModes: spec['accessModes'] ?? ['ReadWriteOnce'], capacity: { ...requests } };
    try {
      await this.ctx.client.updateStatus(PVCS, next);
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) {
        throw err;
      }
    }
  }
}
