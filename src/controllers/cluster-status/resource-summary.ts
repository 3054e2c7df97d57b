/**
 * A member's node summary and resource summary as Karmada computes them
 * (`getNodeSummary`, `getResourceSummary`): allocatable summed over nodes, allocated from
 * pods bound to a node and not finished, allocating from pods not yet bound.
 */
import type { NodeSummary, ResourceSummary } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceList } from '../../api/policy/kube-core.js';
import type { Quantity } from '../../interpreter/kube/quantity.js';
import { addQuantities, formatQuantity, quantityFromJson } from '../../interpreter/kube/quantity.js';
import { ResourceAccumulator, sortedResourceList } from './resource-accumulator.js';

/** `helper.NodeReady`: the node's Ready condition is True. */
export function nodeReady(node: KubeObject): boolean {
  const conditions = statusField(node, 'conditions');
  return Array.isArray(conditions) && conditions.some((c) => isPlainObject(c) && c['type'] === 'Ready' && c['status'] === 'True');
}

export function nodeSummary(nodes: readonly KubeObject[]): NodeSummary {
  return { totalNum: nodes.length, readyNum: nodes.filter(nodeReady).length };
}

/** spec.nodeName, '' when unbound. */
export function podNodeName(pod: KubeObject): string {
  const spec = pod['spec'];
  return isPlainObject(spec) && typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
}

/** Succeeded and Failed pods no longer hold resources (kube-scheduler ignores them). */
export function podFinished(pod: KubeObject): boolean {
  const phase = statusField(pod, 'phase');
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The sum of every node's status.allocatable, keeping each quantity's format (`getClusterAllocatable`). */
export function clusterAllocatable(nodes: readonly KubeObject[]): ResourceList {
  const sums = new Map<string, Quantity>();
  for (const node of nodes) {
    const allocatable = statusField(node, 'allocatable');
    if (!isPlainObject(allocatable)) {
      continue;
    }
    for (const [name, raw] of Object.entries(allocatable)) {
      let q: Quantity;
      try {
        q = quantityFromJson(raw);
      } catch {
        continue;
      }
      const prev = sums.get(name);
      sums.set(name, prev === undefined ? q : addQuantities(prev, q));
    }
  }
  const out: ResourceList = {};
  for (const [name, q] of sums) {
    out[name] = formatQuantity(q);
  }
  // Karmada reports an empty (not absent) map when there are no nodes.
  return sortedResourceList(out) ?? {};
}

/** Requests of pods with no node yet, plus their count (`getAllocatingResource`). */
export function allocatingResources(pods: readonly KubeObject[]): ResourceList | undefined {
  const acc = new ResourceAccumulator();
  let count = 0;
  for (const pod of pods) {
    if (podNodeName(pod) === '') {
      acc.addPodRequest(pod['spec']);
      count++;
    }
  }
  acc.addPods(count);
  return acc.toResourceList();
}

/** Requests of bound, unfinished pods, plus their count (`getAllocatedResource`). */
export function allocatedResources(pods: readonly KubeObject[]): ResourceList | undefined {
  const acc = new ResourceAccumulator();
  let count = 0;
  for (const pod of pods) {
    if (podNodeName(pod) !== '' && !podFinished(pod)) {
      acc.addPodRequest(pod['spec']);
      count++;
    }
  }
  acc.addPods(count);
  return acc.toResourceList();
}

/** `getResourceSummary` (allocatableModelings are added separately). */
export function resourceSummary(nodes: readonly KubeObject[], pods: readonly KubeObject[]): ResourceSummary {
  const summary: ResourceSummary = { allocatable: clusterAllocatable(nodes) };
  const allocating = allocatingResources(pods);
  const allocated = allocatedResources(pods);
  if (allocating !== undefined) summary.allocating = allocating;
  if (allocated !== undefined) summary.allocated = allocated;
  return summary;
}

function statusField(obj: KubeObject, key: string): unknown {
  const status = obj['status'];
  return isPlainObject(status) ? status[key] : undefined;
}
