/**
 * What one pod takes from its node, as kube-scheduler counts it (`resourcehelper.PodRequests`):
 * the sum of its containers' requests, or the largest init container when that is larger
 * (restartable "sidecar" init containers run beside the others and so add to the sum), plus the
 * pod overhead. Amounts are in the estimators' integer units (milli-CPU, base units otherwise).
 */
import { isPlainObject } from '../api/object.js';
import { resourceAmount } from '../scheduler/util/quantity.js';

/** Resource name → amount requested by one pod; shared between pods of the same shape. */
export type PodRequest = ReadonlyMap<string, number>;

function requestsOf(container: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!isPlainObject(container)) return out;
  const resources = container['resources'];
  const requests = isPlainObject(resources) ? resources['requests'] : undefined;
  if (!isPlainObject(requests)) return out;
  for (const [name, q] of Object.entries(requests)) {
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    try {
      const amount = resourceAmount(name, String(q));
      if (amount > 0) out.set(name, amount);
    } catch {
      // An unparseable quantity requests nothing (the member's apiserver would have rejected it).
    }
  }
  return out;
}

function addInto(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [name, v] of from) into.set(name, (into.get(name) ?? 0) + v);
}

function maxInto(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [name, v] of from) if (v > (into.get(name) ?? 0)) into.set(name, v);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The effective request of a pod spec (`spec` of a Pod). */
export function podRequest(spec: unknown): Map<string, number> {
  const total = new Map<string, number>();
  if (!isPlainObject(spec)) return total;
  for (const c of list(spec['containers'])) addInto(total, requestsOf(c));
  const sidecars = new Map<string, number>();
  const initPeak = new Map<string, number>();
  for (const c of list(spec['initContainers'])) {
    const req = requestsOf(c);
    if (isPlainObject(c) && c['restartPolicy'] === 'Always') {
      addInto(sidecars, req);
      continue;
    }
    // A regular init container runs beside the sidecars started before it.
    const during = new Map(sidecars);
    addInto(during, req);
    maxInto(initPeak, during);
  }
  addInto(total, sidecars);
  maxInto(total, initPeak);
  const overhead = spec['overhead'];
  if (isPlainObject(overhead)) addInto(total, requestsOf({ resources: { requests: overhead } }));
  return total;
}

/**
 * Interns pod requests: the pods of one workload share a request shape, so 10,000 pods of
 * 300 workloads keep about 300 maps instead of 10,000.
 */
export class PodRequestInterner {
  private readonly byKey = new Map<string, PodRequest>();

  /** The shared map equal to `request`. */
  intern(request: ReadonlyMap<string, number>): PodRequest {
    let key = '';
    for (const name of [...request.keys()].sort()) key += `${name}=${request.get(name) ?? 0};`;
    const hit = this.byKey.get(key);
    if (hit !== undefined) return hit;
    // Distinct shapes are few; the cap only guards against a member with endlessly varied requests.
    if (this.byKey.size >= 10_000) this.byKey.clear();
    const frozen: PodRequest = new Map(request);
    this.byKey.set(key, frozen);
    return frozen;
  }

  /** Number of distinct shapes kept. */
  get size(): number {
    return this.byKey.size;
  }
}
