/**
 * The DaemonSet controller: one pod per node the DaemonSet should run on (node selector, node
 * affinity, taints it does not tolerate), pinned to its node by node affinity on
 * `metadata.name` as the real controller does; rolling updates within maxUnavailable; status
 * (desired/current/ready/updated/available/misscheduled) as the real controller reports it.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import { reconcileCached } from './reconcile-cached.js';
import type { SimulatorContext } from './context.js';
import { scaledValue } from './deployment-rollout.js';
import type { EventSink } from './event-recorder.js';
import { CONTROLLER_INDEX, controllerOf, controllerReference, copy, intOr, jsonEqual, omitZero } from './object-util.js';
import { PendingObjects } from './pending-objects.js';
import { generatedName, isPodActive, isPodAvailable, isPodReady, isPodTerminal, msUntilAvailable, podFromTemplate } from './pod-util.js';
import { DAEMON_SETS, PODS } from './refs.js';
import { fitFailures, type SchedulingNode } from './scheduler-fit.js';
import { computeTemplateHash, CONTROLLER_REVISION_HASH_LABEL } from './template-hash.js';
import type { DaemonSet, Node, Pod, PodSpec, Toleration } from './types.js';

/** Tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function withDaemonTolerations(spec: PodSpec): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  for (const t of DAEMON_TOLERATIONS) {
    if (!out.some((o) => o.key === t.key && o.effect === t.effect)) {
      out.push({ ...t });
    }
  }
  return out;
}

/** Whether a daemon pod should run on the node (selector, affinity, untolerated taints). */
export function shouldRunOn(spec: PodSpec, node: Node): boolean {
  const view: SchedulingNode = {
    name: node.metadata.name ?? '',
    labels: node.metadata.labels ?? {},
    unschedulable: false,
    taints: node.spec?.taints ?? [],
    allocatable: { cpu: Number.MAX_SAFE_INTEGER, memory: Number.MAX_SAFE_INTEGER, ephemeralStorage: Number.MAX_SAFE_INTEGER, pods: Number.MAX_SAFE_INTEGER },
    requested: { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 },
  };
  return fitFailures({ ...spec, tolerations: withDaemonTolerations(spec) }, { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 1 }, view).length === 0;
}

/** The node a daemon pod is pinned to (its matchFields affinity), or its nodeName. */
function targetNode(pod: Pod): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const field of term.matchFields ?? []) {
      if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.[0] !== undefined) {
        return field.values[0];
      }
    }
  }
  return pod.spec?.nodeName;
}

export class DaemonSetController {
  readonly controller: Controller;
  private readonly pending: PendingObjects;
  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('daemonset-controller');
    this.pending = new PendingObjects(() => ctx.clock.now());
    this.controller = new Controller({ name: 'daemonset', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(ctx.informers.daemonSets);
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        const owner = controllerOf(e.object);
        return owner?.kind === 'DaemonSet' ? [`${e.object.metadata.namespace ?? ''}/${owner.name}`] : [];
      },
    });
    // Node changes (added, relabelled, tainted) change where daemons run.
    this.controller.watch(ctx.informers.nodes, {
      map: (e) => (e.type === 'update' && jsonEqual(e.oldObject?.metadata.labels, e.object.metadata.labels) && jsonEqual(e.oldObject?.spec, e.object.spec) ? [] : ctx.informers.daemonSets.cache.keys()),
    });
  }

  reconcile(key: string): Promise<ReconcileResult | void> {
    return reconcileCached(this.ctx.informers.daemonSets.cache.get(key), () => { this.pending.forget(key); }, (ds) => this.sync(key, ds));
  }

  private async sync(key: string, ds: DaemonSet): Promise<ReconcileResult | void> {
    const namespace = ds.metadata.namespace ?? '';
    const spec = ds.spec?.template?.spec ?? {};
    const hash = computeTemplateHash(ds.spec?.template);
    const nodes = this.ctx.informers.nodes.cache.list();
    const pods = this.ctx.informers.pods.cache.byIndex(CONTROLLER_INDEX, ds.metadata.uid ?? '').filter((p) => p.metadata.deletionTimestamp === undefined);
    const byNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const node = targetNode(pod) ?? '';
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const eligible = new Set(nodes.filter((n) => shouldRunOn(spec, n)).map((n) => n.metadata.name ?? ''));
    const podCache = this.ctx.informers.pods.cache;
    if (ds.metadata.deletionTimestamp === undefined && this.pending.satisfied(key, (k) => podCache.has(k))) {
      // Delete pods on nodes that should not run one, failed pods, and duplicates.
      for (const [node, list] of byNode) {
        const active = list.filter(isPodActive);
        const doomed = eligible.has(node) ? [...list.filter(isPodTerminal), ...active.slice(1)] : list;
        for (const pod of doomed) {
          await this.deletePod(key, namespace, pod);
        }
      }
      for (const node of eligible) {
        if (!(byNode.get(node) ?? []).some(isPodActive)) {
          await this.createPod(key, ds, namespace, node, hash);
        }
      }
      await this.rollingUpdate(key, ds, namespace, eligible, byNode, hash);
    }
    return this.updateStatus(ds, eligible, byNode, hash);
  }

  /** Deletes outdated pods while the number of unavailable daemons stays within maxUnavailable. */
  private async rollingUpdate(key: string, ds: DaemonSet, namespace: string, eligible: Set<string>, byNode: Map<string, Pod[]>, hash: string): Promise<void> {
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
      return;
    }
    const now = this.ctx.clock.now();
    const minReady = intOr(ds.spec?.minReadySeconds, 0);
    const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, eligible.size, true));
    let unavailable = 0;
    const outdated: Pod[] = [];
    for (const node of eligible) {
      const pod = (byNode.get(node) ?? []).find(isPodActive);
      if (pod === undefined || !isPodAvailable(pod, minReady, now)) {
        unavailable++;
        continue;
      }
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash) {
        outdated.push(pod);
      }
    }
    // Outdated and unavailable pods go first (they cost nothing).
    for (const node of eligible) {
      const pod = (byNode.get(node) ?? []).find(isPodActive);
      if (pod !== undefined && !isPodAvailable(pod, minReady, now) && pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash) {
        await this.deletePod(key, namespace, pod);
      }
    }
    for (const pod of outdated) {
      if (unavailable >= maxUnavailable) {
        break;
      }
      await this.deletePod(key, namespace, pod);
      unavailable++;
    }
  }

  private async updateStatus(ds: DaemonSet, eligible: Set<string>, byNode: Map<string, Pod[]>, hash: string): Promise<ReconcileResult | void> {
    const now = this.ctx.clock.now();
    const minReady = intOr(ds.spec?.minReadySeconds, 0);
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    const waits: number[] = [];
    for (const [node, list] of byNode) {
      const pod = list.find(isPodActive);
      if (pod === undefined) {
        continue;
      }
      if (!eligible.has(node)) {
        misscheduled++;
        continue;
      }
      current++;
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
        updated++;
      }
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) {
          available++;
        } else {
          const wait = msUntilAvailable(pod, minReady, now);
          if (wait !== undefined) {
            waits.push(wait);
          }
        }
      }
    }
    const status = omitZero(
      {
        currentNumberScheduled: current,
        numberMisscheduled: misscheduled,
        desiredNumberScheduled: eligible.size,
        numberReady: ready,
        observedGeneration: ds.metadata.generation ?? 0,
        updatedNumberScheduled: updated,
        numberAvailable: available,
        numberUnavailable: eligible.size - available,
      } as Record<string, unknown>,
      ['observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'],
    );
    if (!jsonEqual(status, ds.status ?? {})) {
      const next = copy(ds);
      next.status = status;
      await this.ctx.client.updateStatus(DAEMON_SETS, next);
    }
    return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) + 10 } : undefined;
  }

  private async createPod(key: string, ds: DaemonSet, namespace: string, node: string, hash: string): Promise<void> {
    const pod = podFromTemplate(ds.spec?.template, namespace, controllerReference(ds, DAEMON_SETS), { name: generatedName(`${ds.metadata.name ?? ''}-`) }, {
      [CONTROLLER_REVISION_HASH_LABEL]: hash,
      'pod-template-generation': String(ds.metadata.generation ?? 1),
    });
    const spec = (pod.spec ??= {});
    spec.tolerations = withDaemonTolerations(spec);
    const affinity = (spec.affinity ??= {});
    affinity.nodeAffinity = {
      ...(affinity.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] },
    };
    const podKey = `${namespace}/${pod.metadata.name ?? ''}`;
    this.pending.expect(key, podKey, 'create');
    try {
      await this.ctx.client.create(PODS, pod, { namespace });
      this.events.event(ds, DAEMON_SETS, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
    } catch (err) {
      this.pending.cancel(key, podKey);
      if (!isAlreadyExists(err)) {
        throw err;
      }
    }
  }

  private async deletePod(key: string, namespace: string, pod: Pod): Promise<void> {
    const podKey = `${namespace}/${pod.metadata.name ?? ''}`;
    this.pending.expect(key, podKey, 'delete');
    try {
      await this.ctx.client.delete(PODS, pod.metadata.name ?? '', { namespace, preconditions: { uid: pod.metadata.uid ?? '' } });
    } catch (err) {
      this.pending.cancel(key, podKey);
      if (!isNotFound(err) && !isConflict(err)) {
        throw err;
      }
    }
  }
}
