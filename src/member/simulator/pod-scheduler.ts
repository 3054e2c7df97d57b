/**
 * The member's kube-scheduler: binds each pending pod to a node that fits its requests (sum of
 * container requests against allocatable minus the pods already bound there), or marks it
 * PodScheduled=False/Unschedulable with the scheduler's message. Unschedulable pods are retried
 * when nodes change or pods go away.
 */
import { isConflict, isNotFound } from '../../client/api-error.js';
import { objectKey } from '../../client/object-key.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import type { EventSink } from './event-recorder.js';
import { copy, findCondition, NODE_NAME_INDEX } from './object-util.js';
import { isPodTerminal } from './pod-util.js';
import { unschedulableStatus } from './pod-status.js';
import { PODS } from './refs.js';
import { amountsOf, podRequests, type ResourceAmounts } from './resources.js';
import { selectNode, type SchedulingNode } from './scheduler-fit.js';
import type { Node, Pod } from './types.js';

const DEFAULT_SCHEDULER = 'default-scheduler';

/** A pod this scheduler should place. */
export function needsScheduling(pod: Pod): boolean {
  const spec = pod.spec;
  return (
    (spec?.nodeName ?? '') === '' &&
    pod.metadata.deletionTimestamp === undefined &&
    !isPodTerminal(pod) &&
    (spec?.schedulerName ?? DEFAULT_SCHEDULER) === DEFAULT_SCHEDULER
  );
}

function addAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory, ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage, pods: a.pods + b.pods };
}

export class PodScheduler {
  readonly controller: Controller;
  /** Pods bound by us that the cache does not show bound yet: key -> uid, node and requests. */
  private readonly assumed = new Map<string, { uid: string; node: string; request: ResourceAmounts }>();
  /** Pods marked unschedulable, retried on cluster changes. */
  private readonly unschedulable = new Set<string>();

  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('default-scheduler');
    this.controller = new Controller({ name: 'scheduler', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        const key = objectKey(e.object);
        if (e.type === 'delete' || !needsScheduling(e.object)) {
          this.unschedulable.delete(key);
          if (this.assumed.get(key)?.uid === e.object.metadata.uid) {
            this.assumed.delete(key); // bound in the cache now, or gone
          }
          // Resources may have been freed (deleted, finished): retry what did not fit.
          const freed = e.type === 'delete' || (e.oldObject !== undefined && !isPodTerminal(e.oldObject) && isPodTerminal(e.object));
          return freed ? [...this.unschedulable] : [];
        }
        return [key];
      },
    });
    this.controller.watch(ctx.informers.nodes, { map: () => [...this.unschedulable] });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const pod = this.ctx.informers.pods.cache.get(key);
    if (pod === undefined || !needsScheduling(pod)) {
      this.assumed.delete(key);
      this.unschedulable.delete(key);
      return;
    }
    const assumed = this.assumed.get(key);
    if (assumed !== undefined) {
      if (assumed.uid === pod.metadata.uid) {
        return; // bound already; the cache has not caught up
      }
      this.assumed.delete(key); // a new pod of the same name (StatefulSets)
    }
    const spec = pod.spec ?? {};
    const gates = spec['schedulingGates'];
    if (Array.isArray(gates) && gates.length > 0) {
      return this.markUnschedulable(key, pod, 'Scheduling is blocked due to non-empty scheduling gates', 'SchedulingGated');
    }
    const request = podRequests(pod);
    const result = selectNode(spec, request, this.schedulingNodes());
    if (result.node === undefined) {
      return this.markUnschedulable(key, pod, result.message);
    }
    try {
      await this.ctx.bindPod(pod, result.node);
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) {
        return; // gone, or bound/deleted meanwhile: its next event tells
      }
      throw err;
    }
    this.unschedulable.delete(key);
    this.assumed.set(key, { uid: pod.metadata.uid ?? '', node: result.node, request });
    this.events.event(pod, PODS, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} to ${result.node}`);
  }

  private async markUnschedulable(key: string, pod: Pod, message: string, reason = 'Unschedulable'): Promise<ReconcileResult | void> {
    this.unschedulable.add(key);
    const current = findCondition(pod.status?.conditions, 'PodScheduled');
    if (current?.status === 'False' && current.reason === reason && current.message === message) {
      return;
    }
    if (reason === 'Unschedulable') {
      this.events.event(pod, PODS, 'Warning', 'FailedScheduling', message);
    }
    const next = copy(pod);
    next.status = unschedulableStatus(pod, message, this.ctx.clock.now(), reason);
    try {
      await this.ctx.client.updateStatus(PODS, next);
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

  /** Nodes with what is bound to them (cache plus our not-yet-visible bindings). */
  private schedulingNodes(): SchedulingNode[] {
    const { nodes, pods } = this.ctx.informers;
    const extra = new Map<string, ResourceAmounts>();
    for (const [key, a] of this.assumed) {
      const cached = pods.cache.get(key);
      if (cached === undefined || cached.metadata.uid !== a.uid || (cached.spec?.nodeName ?? '') !== '' || isPodTerminal(cached)) {
        this.assumed.delete(key); // visible now (or gone)
        continue;
      }
      extra.set(a.node, addAmounts(extra.get(a.node) ?? { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 }, a.request));
    }
    return nodes.cache.list().map((node: Node) => {
      const name = node.metadata.name ?? '';
      let requested = extra.get(name) ?? { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 };
      for (const p of pods.cache.byIndex(NODE_NAME_INDEX, name)) {
        if (!isPodTerminal(p)) {
          requested = addAmounts(requested, podRequests(p));
        }
      }
      return {
        name,
        labels: node.metadata.labels ?? {},
        unschedulable: node.spec?.unschedulable === true,
        taints: node.spec?.taints ?? [],
        allocatable: amountsOf(node.status?.allocatable),
        requested,
      };
    });
  }
}
