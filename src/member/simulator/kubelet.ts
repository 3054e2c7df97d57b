/**
 * The simulated kubelets' pod side: a pod bound to one of the member's nodes is reported
 * starting (Pending, ContainerCreating, host IP, start time), then Running and Ready after the
 * configured delay (pod IP from the node's pod CIDR). Pods of Jobs (and pods asking for it by
 * annotation) finish after their run time: Succeeded, or Failed with the annotated exit code.
 */
import { isConflict, isNotFound } from '../../client/api-error.js';
import { objectKey } from '../../client/object-key.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import { controllerOf, copy, NODE_NAME_INDEX, parseTime } from './object-util.js';
import { isPodTerminal } from './pod-util.js';
import { finishedPodStatus, runningPodStatus, startingPodStatus, type PodPlacement } from './pod-status.js';
import { PODS } from './refs.js';
import type { Node, Pod } from './types.js';

/** Annotation: seconds the pod's containers run before exiting (any pod). */
export const RUN_SECONDS_ANNOTATION = 'simulator.karmada.io/run-seconds';
/** Annotation: the exit code of a finishing pod (non-zero: Failed). */
export const EXIT_CODE_ANNOTATION = 'simulator.karmada.io/exit-code';

function nodeInternalIp(node: Node): string {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
}

/** How long the pod runs before it finishes, or undefined for long-running pods. */
export function podRunMs(pod: Pod, jobPodRunMs: number): number | undefined {
  const annotated = pod.metadata.annotations?.[RUN_SECONDS_ANNOTATION];
  if (annotated !== undefined && Number.isFinite(Number(annotated))) {
    return Math.max(0, Number(annotated) * 1000);
  }
  return controllerOf(pod)?.kind === 'Job' ? jobPodRunMs : undefined;
}

function exitCode(pod: Pod): number {
  const code = Number(pod.metadata.annotations?.[EXIT_CODE_ANNOTATION] ?? '0');
  return Number.isInteger(code) ? code : 1;
}

export class Kubelet {
  readonly controller: Controller;
  /** ms-precision start/run times by pod uid (status times have second precision). */
  private readonly started = new Map<string, number>();
  private readonly running = new Map<string, number>();
  /** Next pod IP host number per node. */
  private readonly nextIp = new Map<string, number>();

  constructor(private readonly ctx: SimulatorContext) {
    this.controller = new Controller({ name: 'kubelet', reconciler: this, clock: ctx.clock, logger: ctx.logger, workers: 2 });
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        if (e.type === 'delete') {
          const uid = e.object.metadata.uid ?? '';
          this.started.delete(uid);
          this.running.delete(uid);
          return [];
        }
        return (e.object.spec?.nodeName ?? '') !== '' && !isPodTerminal(e.object) ? [objectKey(e.object)] : [];
      },
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const pod = this.ctx.informers.pods.cache.get(key);
    const nodeName = pod?.spec?.nodeName ?? '';
    if (pod === undefined || nodeName === '' || isPodTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) {
      return;
    }
    const node = this.ctx.informers.nodes.cache.get(nodeName);
    if (node === undefined) {
      return; // not one of ours (or not registered yet; the node's add does not requeue pods, the next pod event will)
    }
    const uid = pod.metadata.uid ?? '';
    const now = this.ctx.clock.now();
    const config = this.ctx.config;
    const status = pod.status ?? {};
    const startTime = this.started.get(uid) ?? parseTime(status.startTime);
    if (startTime === undefined || status.hostIP === undefined) {
      this.started.set(uid, now);
      if (!(await this.write(pod, startingPodStatus(pod, { hostIP: nodeInternalIp(node), startTime: now }, now)))) {
        return { requeue: true };
      }
      return { requeueAfterMs: Math.max(1, config.podReadyDelayMs) };
    }
    if (status.phase !== 'Running') {
      const left = startTime + config.podReadyDelayMs - now;
      if (left > 0) {
        return { requeueAfterMs: left };
      }
      const placement: PodPlacement = { hostIP: nodeInternalIp(node), podIP: status.podIP ?? this.allocateIp(node, pod), startTime };
      this.running.set(uid, now);
      if (!(await this.write(pod, runningPodStatus(pod, placement, now)))) {
        return { requeue: true };
      }
      const run = podRunMs(pod, config.jobPodRunMs);
      return run === undefined ? undefined : { requeueAfterMs: Math.max(1, run) };
    }
    const run = podRunMs(pod, config.jobPodRunMs);
    if (run === undefined) {
      return;
    }
    const runningSince = this.running.get(uid) ?? parseTime(status.containerStatuses?.[0]?.state?.['running']?.['startedAt']) ?? startTime;
    const left = runningSince + run - now;
    if (left > 0) {
      return { requeueAfterMs: left };
    }
    const placement: PodPlacement = { hostIP: status.hostIP, ...(status.podIP === undefined ? {} : { podIP: status.podIP }), startTime };
    if (!(await this.write(pod, finishedPodStatus(pod, placement, runningSince, now, exitCode(pod))))) {
      return { requeue: true };
    }
  }

  /** Writes the status; false on a conflict (a newer pod is on its way through the informer). */
  private async write(pod: Pod, status: Pod['status']): Promise<boolean> {
    const next = copy(pod);
    next.status = status;
    try {
      await this.ctx.client.updateStatus(PODS, next);
      return true;
    } catch (err) {
      if (isNotFound(err)) {
        return true;
      }
      if (isConflict(err)) {
        return false;
      }
      throw err;
    }
  }

  /** The next free address of the node's pod CIDR (10.244.N.2 .. .254); hostNetwork pods use the node's. */
  private allocateIp(node: Node, pod: Pod): string {
    if (pod.spec?.hostNetwork === true) {
      return nodeInternalIp(node);
    }
    const name = node.metadata.name ?? '';
    const cidr = node.spec?.podCIDR ?? '10.244.0.0/24';
    const base = cidr.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.244.0';
    const used = new Set(this.ctx.informers.pods.cache.byIndex(NODE_NAME_INDEX, name).map((p) => p.status?.podIP));
    let host = this.nextIp.get(name) ?? 2;
    for (let i = 0; i < 253; i++) {
      const candidate = `${base}.${host}`;
      host = host >= 254 ? 2 : host + 1;
      if (!used.has(candidate)) {
        this.nextIp.set(name, host);
        return candidate;
      }
    }
    this.nextIp.set(name, host);
    return `${base}.${host}`;
  }
}
