/**
 * Cluster resource models (`pkg/modeling`, `getAllocatableModelings`): each node's free
 * resources (allocatable minus the requests of its pods) fall into the highest grade whose
 * `min` every modelled resource reaches; the result counts nodes per grade.
 */
import type { AllocatableModeling, ResourceModel } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { Quantity } from '../../interpreter/kube/quantity.js';
import { ZERO_QUANTITY, addQuantities, compareQuantities, quantityFromJson, quantityValue, tryParseQuantity } from '../../interpreter/kube/quantity.js';
import { ResourceAccumulator } from './resource-accumulator.js';
import { podFinished, podNodeName } from './resource-summary.js';

/** Resources a model may range over (`ConvertToResourceList` keeps only these). */
const MODELLED = new Set(['cpu', 'memory', 'storage', 'ephemeral-storage']);
const MAX_INT64 = '9223372036854775807';

/**
 * The 9 default grades Karmada's webhook sets on a Cluster when the
 * CustomizedClusterResourceModeling gate is on (`SetDefaultClusterResourceModels`).
 */
export function defaultClusterResourceModels(): ResourceModel[] {
  const cpu = [0, 1, 2, 4, 8, 16, 32, 64, 128];
  const memGi = [0n, 4n, 16n, 32n, 64n, 128n, 256n, 512n, 1024n];
  const memory = (gi: bigint): string => (gi === 0n ? '0' : gi >= 1024n && gi % 1024n === 0n ? `${gi / 1024n}Ti` : `${gi}Gi`);
  return cpu.map((min, grade) => {
    const last = grade === cpu.length - 1;
    const nextCpu = cpu[grade + 1];
    const nextMem = memGi[grade + 1];
    return {
      grade,
      ranges: [
        { name: 'cpu', min: String(min), max: last || nextCpu === undefined ? MAX_INT64 : String(nextCpu) },
        { name: 'memory', min: memory(memGi[grade] ?? 0n), max: last || nextMem === undefined ? MAX_INT64 : memory(nextMem) },
      ],
    };
  });
}

/** Index of the last element <= target in ascending nums, or -1 (`searchLastLessElement`). */
function searchLastLessElement(nums: readonly Quantity[], target: Quantity): number {
  let low = 0;
  let high = nums.length - 1;
  while (low <= high) {
    const mid = low + ((high - low) >> 1);
    const here = nums[mid];
    if (here === undefined) {
      return -1;
    }
    if (compareQuantities(here, target) < 1) {
      const next = nums[mid + 1];
      if (next === undefined || compareQuantities(next, target) === 1) {
        return mid;
      }
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return -1;
}

function parseOr(value: string | undefined): Quantity {
  return (value === undefined ? undefined : tryParseQuantity(value)) ?? ZERO_QUANTITY;
}

function negate(q: Quantity): Quantity {
  return { value: -q.value, scale: q.scale, format: q.format };
}

/** A node's allocatable minus its pods' requests (`getNodeAvailable`); undefined when no pod fits any more. */
function nodeAvailable(node: KubeObject, used: ResourceAccumulator | undefined): Map<string, Quantity> | undefined {
  const status = node['status'];
  const raw = isPlainObject(status) && isPlainObject(status['allocatable']) ? status['allocatable'] : {};
  const available = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(raw)) {
    try {
      available.set(name, quantityFromJson(value));
    } catch {
      // skip malformed quantities
    }
  }
  const usedList = used?.toResourceList();
  if (usedList === undefined) {
    return available;
  }
  const allocatablePods = available.get('pods');
  const podsLeft = (allocatablePods === undefined ? 0n : quantityValue(allocatablePods)) - (used?.pods ?? 0n);
  if (podsLeft <= 0n) {
    return undefined;
  }
  for (const [name, usedValue] of Object.entries(usedList)) {
    const have = available.get(name);
    const q = tryParseQuantity(usedValue);
    if (have !== undefined && q !== undefined) {
      available.set(name, addQuantities(have, negate(q)));
    }
  }
  return available;
}

/**
 * `getAllocatableModelings`: nodes counted per grade of `models` (the cluster's
 * spec.resourceModels). Undefined when there are no models or they are inconsistent.
 */
export function allocatableModelings(models: readonly ResourceModel[] | undefined, nodes: readonly KubeObject[], pods: readonly KubeObject[]): AllocatableModeling[] | undefined {
  if (models === undefined || models.length === 0) {
    return undefined;
  }
  // InitSummary: resource names from the ranges (in order), and each grade's minimums.
  const names: string[] = [];
  const mins: Map<string, Quantity>[] = [];
  for (const model of models) {
    const m = new Map<string, Quantity>();
    for (const range of model.ranges) {
      if (names.length !== model.ranges.length) {
        names.push(range.name);
      }
      m.set(range.name, parseOr(range.min));
    }
    mins.push(m);
  }
  if (names.length !== 0 && (mins[0]?.size ?? 0) !== names.length) {
    return undefined;
  }
  const sortings = names.map((name) => mins.map((m) => m.get(name) ?? ZERO_QUANTITY));

  const usedByNode = new Map<string, ResourceAccumulator>();
  for (const pod of pods) {
    const nodeName = podNodeName(pod);
    if (nodeName !== '' && !podFinished(pod)) {
      let acc = usedByNode.get(nodeName);
      if (acc === undefined) {
        acc = new ResourceAccumulator();
        usedByNode.set(nodeName, acc);
      }
      acc.addPodRequest(pod['spec']);
      acc.addPods(1);
    }
  }

  const counts = new Array<number>(models.length).fill(0);
  for (const node of nodes) {
    const available = nodeAvailable(node, usedByNode.get(node.metadata.name ?? ''));
    if (available === undefined) {
      // Karmada stops counting at the first full node (a `break`, kept for parity).
      break;
    }
    let index = Number.MAX_SAFE_INTEGER;
    names.forEach((name, i) => {
      const value = MODELLED.has(name) ? (available.get(name) ?? ZERO_QUANTITY) : ZERO_QUANTITY;
      index = Math.min(index, searchLastLessElement(sortings[i] ?? [], value));
    });
    // Negative free resources (overcommitted node) would index -1 in Go; count them in the lowest grade.
    const grade = index === Number.MAX_SAFE_INTEGER ? 0 : Math.max(0, index);
    counts[grade] = (counts[grade] ?? 0) + 1;
  }
  return models.map((model, i) => ({ grade: model.grade, count: counts[i] ?? 0 }));
}

/**
 * `StandardizeClusterResourceModels`: grades sorted, the first grade's minimums 0 and the last
 * grade's maximums MaxInt64 (what the apiserver does to user-given models on create).
 */
export function standardizeClusterResourceModels(models: readonly ResourceModel[]): ResourceModel[] {
  const sorted = [...models].sort((a, b) => a.grade - b.grade).map((m) => ({ grade: m.grade, ranges: m.ranges.map((r) => ({ ...r })) }));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  for (const range of first?.ranges ?? []) {
    range.min = '0';
  }
  for (const range of last?.ranges ?? []) {
    range.max = MAX_INT64;
  }
  return sorted;
}
