/** The pod statuses a kubelet reports through a pod's life: starting, running, finished. Pure. */
import { createHash } from 'node:crypto';
import { timestamp } from './object-util.js';
import type { Condition, Container, ContainerStatus, Pod, PodStatus } from './types.js';

/** Where and when the pod runs. */
export interface PodPlacement {
  readonly hostIP: string;
  readonly podIP?: string;
  /** ms */
  readonly startTime: number;
}

/** `nginx` -> `docker.io/library/nginx:latest`, as containerd reports images. */
export function normalizeImage(image: string | undefined): string {
  let name = image ?? '';
  if (name === '') {
    return '';
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0) {
    name = `docker.io/library/${name}`;
  } else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') {
    name = `docker.io/${name}`;
  }
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !name.includes('@')) {
    name = `${name}:latest`;
  }
  return name;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function imageId(image: string | undefined): string {
  const normalized = normalizeImage(image);
  const repo = normalized.replace(/[:@][^/]*$/, '');
  return `${repo}@sha256:${sha256(normalized)}`;
}

function containerId(pod: Pod, container: Container): string {
  return `containerd://${sha256(`${pod.metadata.uid ?? ''}/${container.name}`)}`;
}

function hasAny(list: Record<string, unknown> | undefined): boolean {
  return list !== undefined && Object.keys(list).length > 0;
}

/** The pod's QoS class (BestEffort, Burstable, Guaranteed) from its containers' resources. */
export function qosClass(pod: Pod): string {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  if (containers.every((c) => !hasAny(c.resources?.requests) && !hasAny(c.resources?.limits))) {
    return 'BestEffort';
  }
  const guaranteed = containers.every((c) => {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && (requests[r] === undefined || String(requests[r]) === String(limits[r])));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function cond(type: string, status: Condition['status'], at: string, previous: readonly Condition[], reason?: string, message?: string): Condition {
  const old = previous.find((c) => c.type === type);
  const transition = old?.status === status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : at;
  return { type, status, lastProbeTime: null, lastTransitionTime: transition, ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) };
}

function placementFields(placement: PodPlacement): Partial<PodStatus> {
  return {
    hostIP: placement.hostIP,
    hostIPs: [{ ip: placement.hostIP }],
    ...(placement.podIP === undefined ? {} : { podIP: placement.podIP, podIPs: [{ ip: placement.podIP }] }),
    startTime: timestamp(placement.startTime),
  };
}

function appContainers(pod: Pod): Container[] {
  return pod.spec?.containers ?? [];
}

/** Init containers that ran to completion (sidecars, restartPolicy Always, keep running). */
function initStatuses(pod: Pod, at: string, running: boolean): ContainerStatus[] | undefined {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) {
    return undefined;
  }
  return inits.map((c): ContainerStatus => {
    const sidecar = c.restartPolicy === 'Always';
    const base = { name: c.name, image: normalizeImage(c.image), imageID: imageId(c.image), containerID: containerId(pod, c), restartCount: 0, lastState: {} };
    if (sidecar && running) {
      return { ...base, ready: true, started: true, state: { running: { startedAt: at } } };
    }
    return { ...base, ready: !sidecar, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at, containerID: containerId(pod, c) } } };
  });
}

/** Bound and starting: Pending, containers waiting in ContainerCreating. */
export function startingPodStatus(pod: Pod, placement: PodPlacement, now: number): PodStatus {
  const at = timestamp(now);
  const previous = pod.status?.conditions ?? [];
  const names = appContainers(pod).map((c) => c.name);
  const notReady = `containers with unready status: [${names.join(' ')}]`;
  return {
    phase: 'Pending',
    conditions: [
      cond('PodReadyToStartContainers', 'False', at, previous),
      cond('Initialized', 'True', at, previous),
      cond('Ready', 'False', at, previous, 'ContainersNotReady', notReady),
      cond('ContainersReady', 'False', at, previous, 'ContainersNotReady', notReady),
      cond('PodScheduled', 'True', at, previous),
    ],
    ...placementFields(placement),
    containerStatuses: appContainers(pod).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    })),
    qosClass: qosClass(pod),
  };
}

/** Running and Ready: every container running since `now`. */
export function runningPodStatus(pod: Pod, placement: PodPlacement, now: number): PodStatus {
  const at = timestamp(now);
  const previous = pod.status?.conditions ?? [];
  const inits = initStatuses(pod, at, true);
  return {
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers', 'True', at, previous),
      cond('Initialized', 'True', at, previous),
      cond('Ready', 'True', at, previous),
      cond('ContainersReady', 'True', at, previous),
      cond('PodScheduled', 'True', at, previous),
    ],
    ...placementFields(placement),
    ...(inits === undefined ? {} : { initContainerStatuses: inits }),
    containerStatuses: appContainers(pod).map((c) => ({
      name: c.name,
      image: normalizeImage(c.image),
      imageID: imageId(c.image),
      containerID: containerId(pod, c),
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: at } },
      lastState: {},
    })),
    qosClass: qosClass(pod),
  };
}

/** Finished: Succeeded (exit 0, Completed) or Failed (exit code, Error). */
export function finishedPodStatus(pod: Pod, placement: PodPlacement, startedAt: number, now: number, exitCode: number): PodStatus {
  const at = timestamp(now);
  const started = timestamp(startedAt);
  const previous = pod.status?.conditions ?? [];
  const succeeded = exitCode === 0;
  const reason = succeeded ? 'PodCompleted' : 'PodFailed';
  const inits = initStatuses(pod, started, false);
  return {
    phase: succeeded ? 'Succeeded' : 'Failed',
    conditions: [
      cond('PodReadyToStartContainers', 'False', at, previous),
      cond('Initialized', 'True', at, previous, 'PodCompleted'),
      cond('Ready', 'False', at, previous, reason),
      cond('ContainersReady', 'False', at, previous, reason),
      cond('PodScheduled', 'True', at, previous),
    ],
    ...placementFields(placement),
    ...(inits === undefined ? {} : { initContainerStatuses: inits }),
    containerStatuses: appContainers(pod).map((c) => ({
      name: c.name,
      image: normalizeImage(c.image),
      imageID: imageId(c.image),
      containerID: containerId(pod, c),
      ready: false,
      started: false,
      restartCount: 0,
      state: {
        terminated: { exitCode, reason: succeeded ? 'Completed' : 'Error', startedAt: started, finishedAt: at, containerID: containerId(pod, c) },
      },
      lastState: {},
    })),
    qosClass: qosClass(pod),
  };
}

/** PodScheduled=False with the scheduler's reason and message (the rest of the status kept). */
export function unschedulableStatus(pod: Pod, message: string, now: number, reason = 'Unschedulable'): PodStatus {
  const previous = pod.status?.conditions ?? [];
  const scheduled: Condition = { ...cond('PodScheduled', 'False', timestamp(now), previous, reason, message) };
  return {
    ...(pod.status ?? {}),
    phase: 'Pending',
    conditions: [...previous.filter((c) => c.type !== 'PodScheduled'), scheduled],
    qosClass: qosClass(pod),
  };
}
