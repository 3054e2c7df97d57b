/** Resource amounts of pods and nodes as integers: cpu in millicores, the rest in units. */
import { quantityMilliValue, quantityValue } from '../../scheduler/util/quantity.js';
import type { Container, Pod, Quantities } from './types.js';

export interface ResourceAmounts {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  ephemeralStorage: number;
  /** Pod count. */
  pods: number;
}

export const RESOURCE_NAMES = { cpu: 'cpu', memory: 'memory', ephemeralStorage: 'ephemeral-storage', pods: 'pods' } as const;

export function zeroAmounts(): ResourceAmounts {
  return { cpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 };
}

function amount(list: Quantities | undefined, name: string, milli: boolean): number | undefined {
  const raw = list?.[name];
  if (raw === undefined) {
    return undefined;
  }
  try {
    return milli ? quantityMilliValue(String(raw)) : quantityValue(String(raw));
  } catch {
    return undefined;
  }
}

/** A node's allocatable (or capacity) list as amounts; missing entries are 0. */
export function amountsOf(list: Quantities | undefined): ResourceAmounts {
  return {
    cpu: amount(list, 'cpu', true) ?? 0,
    memory: amount(list, 'memory', false) ?? 0,
    ephemeralStorage: amount(list, 'ephemeral-storage', false) ?? 0,
    pods: amount(list, 'pods', false) ?? 0,
  };
}

/** A container's request for one resource: requests, else limits (the apiserver defaults requests from limits). */
function containerRequest(container: Container, name: string, milli: boolean): number {
  return amount(container.resources?.requests, name, milli) ?? amount(container.resources?.limits, name, milli) ?? 0;
}

function containerAmounts(container: Container): ResourceAmounts {
  return {
    cpu: containerRequest(container, 'cpu', true),
    memory: containerRequest(container, 'memory', false),
    ephemeralStorage: containerRequest(container, 'ephemeral-storage', false),
    pods: 0,
  };
}

function add(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory, ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage, pods: a.pods + b.pods };
}

function max(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return {
    cpu: Math.max(a.cpu, b.cpu),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
    pods: Math.max(a.pods, b.pods),
  };
}

/**
 * Requests per pod object: the scheduler sums them over every pod of a node for each placement,
 * and cached pods are frozen and replaced (never changed) on update, so the object is the key.
 */
const requestsOf = new WeakMap<Pod, ResourceAmounts>();

/**
 * What a pod requests, as the scheduler computes it: the sum over app containers (and sidecar
 * init containers), at least the largest regular init container, plus pod overhead; pods: 1.
 */
export function podRequests(pod: Pod): ResourceAmounts {
  let known = requestsOf.get(pod);
  if (known === undefined) {
    known = computePodRequests(pod);
    requestsOf.set(pod, known);
  }
  return { ...known };
}

function computePodRequests(pod: Pod): ResourceAmounts {
  let sum = zeroAmounts();
  let sidecars = zeroAmounts();
  let initMax = zeroAmounts();
  for (const c of pod.spec?.containers ?? []) {
    sum = add(sum, containerAmounts(c));
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const amounts = containerAmounts(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, amounts);
      sum = add(sum, amounts);
    } else {
      initMax = max(initMax, add(amounts, sidecars));
    }
  }
  const overhead = pod.spec?.overhead;
  const total = add(max(sum, initMax), {
    cpu: amount(overhead, 'cpu', true) ?? 0,
    memory: amount(overhead, 'memory', false) ?? 0,
    ephemeralStorage: amount(overhead, 'ephemeral-storage', false) ?? 0,
    pods: 0,
  });
  return { ...total, pods: 1 };
}

/** Formats millicores the way Kubernetes prints them: whole cores as `8`, else `500m`. */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
