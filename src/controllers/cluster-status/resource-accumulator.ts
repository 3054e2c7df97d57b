/**
 * Karmada's `util.Resource`: integer totals of cpu (milli), memory, ephemeral storage, pods
 * and scalar resources, with `AddPodRequest` (containers summed, init containers max'ed,
 * overhead added) and the `ResourceList` it prints (zeros left out).
 */
import type { ResourceList } from '../../api/policy/kube-core.js';
import { isPlainObject } from '../../api/object.js';
import { isScalarResourceName } from '../../interpreter/kube/pod-requirements.js';
import { formatQuantity, newMilliQuantity, newQuantity, quantityFromJson, quantityMilliValue, quantityValue } from '../../interpreter/kube/quantity.js';

/** Reads a ResourceList-shaped JSON value, skipping entries that are not quantities. */
function entries(list: unknown): [string, bigint, bigint][] {
  if (!isPlainObject(list)) {
    return [];
  }
  const out: [string, bigint, bigint][] = [];
  for (const [name, raw] of Object.entries(list)) {
    try {
      const q = quantityFromJson(raw);
      out.push([name, quantityValue(q), quantityMilliValue(q)]);
    } catch {
      // A malformed quantity counts as absent (the apiserver would not have stored it).
    }
  }
  return out;
}

export class ResourceAccumulator {
  milliCpu = 0n;
  memory = 0n;
  ephemeralStorage = 0n;
  pods = 0n;
  readonly scalars = new Map<string, bigint>();

  /** `Resource.Add`. */
  add(list: unknown): void {
    for (const [name, value, milli] of entries(list)) {
      switch (name) {
        case 'cpu':
          this.milliCpu += milli;
          break;
        case 'memory':
          this.memory += value;
          break;
        case 'pods':
          this.pods += value;
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage += value;
          break;
        default:
          if (isScalarResourceName(name)) {
            this.scalars.set(name, (this.scalars.get(name) ?? 0n) + value);
          }
      }
    }
  }

  /** `Resource.SetMaxResource`. */
  setMax(list: unknown): void {
    for (const [name, value, milli] of entries(list)) {
      switch (name) {
        case 'cpu':
          this.milliCpu = milli > this.milliCpu ? milli : this.milliCpu;
          break;
        case 'memory':
          this.memory = value > this.memory ? value : this.memory;
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage = value > this.ephemeralStorage ? value : this.ephemeralStorage;
          break;
        case 'pods':
          this.pods = value > this.pods ? value : this.pods;
          break;
        default:
          if (isScalarResourceName(name) && value > (this.scalars.get(name) ?? 0n)) {
            this.scalars.set(name, value);
          }
      }
    }
  }

  /**
   * `Resource.AddPodRequest(&pod.Spec)`. As in Karmada, init containers are max'ed against the
   * running total (not against this pod alone).
   */
  addPodRequest(podSpec: unknown): void {
    const spec = isPlainObject(podSpec) ? podSpec : {};
    for (const container of containerList(spec['containers'])) {
      this.add(requestsOf(container));
    }
    for (const container of containerList(spec['initContainers'])) {
      this.setMax(requestsOf(container));
    }
    if (spec['overhead'] !== undefined) {
      this.add(spec['overhead']);
    }
  }

  /** `Resource.AddResourcePods`. */
  addPods(count: number): void {
    this.pods += BigInt(count);
  }

  /** `Resource.ResourceList()`: zero amounts left out; undefined when everything is zero. Keys sorted. */
  toResourceList(): ResourceList | undefined {
    const out: ResourceList = {};
    if (this.milliCpu > 0n) out['cpu'] = formatQuantity(newMilliQuantity(this.milliCpu, 'DecimalSI'));
    if (this.memory > 0n) out['memory'] = formatQuantity(newQuantity(this.memory, 'BinarySI'));
    if (this.ephemeralStorage > 0n) out['ephemeral-storage'] = formatQuantity(newQuantity(this.ephemeralStorage, 'BinarySI'));
    if (this.pods > 0n) out['pods'] = formatQuantity(newQuantity(this.pods, 'DecimalSI'));
    for (const [name, amount] of this.scalars) {
      if (amount > 0n) out[name] = formatQuantity(newQuantity(amount, name.startsWith('hugepages-') ? 'BinarySI' : 'DecimalSI'));
    }
    return sortedResourceList(out);
  }
}

/** The list with keys sorted (Go marshals maps sorted), or undefined when empty. */
export function sortedResourceList(list: ResourceList): ResourceList | undefined {
  const keys = Object.keys(list).sort();
  if (keys.length === 0) {
    return undefined;
  }
  const out: ResourceList = {};
  for (const key of keys) {
    out[key] = list[key] ?? '';
  }
  return out;
}

function containerList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

function requestsOf(container: Record<string, unknown>): unknown {
  const resources = container['resources'];
  return isPlainObject(resources) ? resources['requests'] : undefined;
}
