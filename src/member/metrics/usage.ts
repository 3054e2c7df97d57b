/**
 * Simulated resource usage for metrics.k8s.io: a container uses a stable fraction of what it
 * requests (30-60% of cpu, 40-70% of memory, chosen by a hash of the pod and container so the
 * numbers do not jump between scrapes), a little when it requests nothing; a node uses the sum
 * of its running pods plus a fixed system share.
 */
import { fnv1a32 } from '../../scheduler/util/fnv.js';
import type { Container, Pod } from '../simulator/types.js';
import { quantityMilliValue, quantityValue } from '../../scheduler/util/quantity.js';

export interface Usage {
  /** Nanocores. */
  readonly cpuNanos: number;
  /** Bytes. */
  readonly memoryBytes: number;
}

const MI = 1024 * 1024;
/** What the node's own daemons use (kubelet, runtime, system). */
export const SYSTEM_USAGE: Usage = { cpuNanos: 120_000_000, memoryBytes: 640 * MI };

function request(container: Container, name: string, milli: boolean): number {
  const raw = container.resources?.requests?.[name] ?? container.resources?.limits?.[name];
  if (raw === undefined) {
    return 0;
  }
  try {
    return milli ? quantityMilliValue(String(raw)) : quantityValue(String(raw));
  } catch {
    return 0;
  }
}

/** A stable number in [0, 1) for a key. */
function unit(key: string): number {
  return fnv1a32(key) / 0x1_0000_0000;
}

/** The simulated usage of one container of a pod. */
export function containerUsage(pod: Pod, container: Container): Usage {
  const key = `${pod.metadata.uid ?? pod.metadata.name ?? ''}/${container.name}`;
  const cpuMilli = request(container, 'cpu', true);
  const memory = request(container, 'memory', false);
  const cpuNanos = cpuMilli > 0 ? Math.round(cpuMilli * 1_000_000 * (0.3 + 0.3 * unit(`${key}/cpu`))) : Math.round(1_000_000 + 4_000_000 * unit(`${key}/cpu`));
  const memoryBytes = memory > 0 ? Math.round(memory * (0.4 + 0.3 * unit(`${key}/memory`))) : Math.round(8 * MI + 32 * MI * unit(`${key}/memory`));
  return { cpuNanos, memoryBytes };
}

/** Sum of usages. */
export function addUsage(a: Usage, b: Usage): Usage {
  return { cpuNanos: a.cpuNanos + b.cpuNanos, memoryBytes: a.memoryBytes + b.memoryBytes };
}

/** metrics-server's formats: cpu in nanocores (`12345678n`), memory in KiB (`20480Ki`). */
export function usageQuantities(usage: Usage): { cpu: string; memory: string } {
  return { cpu: `${usage.cpuNanos}n`, memory: `${Math.ceil(usage.memoryBytes / 1024)}Ki` };
}
