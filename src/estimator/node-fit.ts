/**
 * One member node as the accurate estimator sees it, and how many replicas of a shape fit on it
 * (Karmada's scheduler-estimator: the node must satisfy the replicas' node claim — nodeSelector,
 * required node affinity, tolerations of its NoSchedule/NoExecute taints — and then takes
 * min over requested resources of (allocatable - requested) / request, capped by its free pod slots).
 */
import type { NodeClaim } from '../api/work/resource-binding.js';
import type { NodeSelectorTerm, Taint } from '../api/policy/kube-core.js';
import { isPlainObject, type KubeObject } from '../api/object.js';
import type { ParsedRequest } from '../scheduler/estimator/resource-request.js';
import { matchNodeSelectorRequirements } from '../scheduler/util/selector.js';
import { findUntoleratedTaint } from '../scheduler/util/taints.js';
import { resourceAmount } from '../scheduler/util/quantity.js';

/** The taint kube-scheduler's NodeUnschedulable plugin checks against tolerations. */
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** What the estimator keeps of a Node. */
export interface NodeSnapshot {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** NoSchedule and NoExecute taints only (PreferNoSchedule never blocks). */
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** `status.allocatable` without `pods`. */
  readonly allocatable: ReadonlyMap<string, number>;
  /** `status.allocatable.pods` (Kubernetes' default 110 when absent). */
  readonly allocatablePods: number;
}

/** The sum of the requests of the pods bound to a node, and their count. */
export interface NodeUsage {
  readonly requested: ReadonlyMap<string, number>;
  readonly pods: number;
}

const DEFAULT_MAX_PODS = 110;

function amount(name: string, q: unknown): number {
  if (typeof q !== 'string' && typeof q !== 'number') return 0;
  try {
    return resourceAmount(name, String(q));
  } catch {
    return 0;
  }
}

/** Extracts the snapshot from a Node object. */
export function nodeSnapshot(node: KubeObject): NodeSnapshot {
  const spec = isPlainObject(node['spec']) ? node['spec'] : {};
  const status = isPlainObject(node['status']) ? node['status'] : {};
  const alloc = isPlainObject(status['allocatable']) ? status['allocatable'] : {};
  const allocatable = new Map<string, number>();
  for (const [name, q] of Object.entries(alloc)) if (name !== 'pods') allocatable.set(name, amount(name, q));
  const taints: Taint[] = [];
  for (const t of Array.isArray(spec['taints']) ? spec['taints'] : []) {
    if (!isPlainObject(t) || typeof t['key'] !== 'string') continue;
    const effect = t['effect'];
    if (effect !== 'NoSchedule' && effect !== 'NoExecute') continue;
    taints.push({ key: t['key'], effect, ...(typeof t['value'] === 'string' ? { value: t['value'] } : {}) });
  }
  return {
    name: node.metadata.name ?? '',
    labels: node.metadata.labels ?? {},
    taints,
    unschedulable: spec['unschedulable'] === true,
    allocatable,
    allocatablePods: alloc['pods'] === undefined ? DEFAULT_MAX_PODS : amount('pods', alloc['pods']),
  };
}

function termMatches(term: NodeSelectorTerm, node: NodeSnapshot): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term matches nothing (Kubernetes semantics).
  if (exprs.length === 0 && fields.length === 0) return false;
  if (!matchNodeSelectorRequirements(exprs, node.labels)) return false;
  return fields.length === 0 || matchNodeSelectorRequirements(fields, { 'metadata.name': node.name });
}

/** True when the node satisfies the claim's nodeSelector, required affinity and tolerations. */
export function nodeMatchesClaim(node: NodeSnapshot, claim: NodeClaim | undefined): boolean {
  const tolerations = claim?.tolerations;
  if (node.unschedulable && findUntoleratedTaint([UNSCHEDULABLE_TAINT], tolerations, () => true) !== undefined) return false;
  if (node.taints.length > 0 && findUntoleratedTaint(node.taints, tolerations, () => true) !== undefined) return false;
  if (claim === undefined) return true;
  const selector = claim.nodeSelector;
  if (selector !== undefined) {
    for (const key in selector) if (node.labels[key] !== selector[key]) return false;
  }
  const terms = claim.hardNodeAffinity?.nodeSelectorTerms;
  if (terms !== undefined && !terms.some((t) => termMatches(t, node))) return false;
  return true;
}

/** Replicas of `request` that still fit on the node given its usage (node claim not checked here). */
export function replicasOnNode(node: NodeSnapshot, usage: NodeUsage | undefined, request: ParsedRequest): number {
  let max = node.allocatablePods - (usage?.pods ?? 0);
  if (max <= 0) return 0;
  for (const r of request) {
    const allocatable = node.allocatable.get(r.name);
    if (allocatable === undefined) return 0;
    const free = allocatable - (usage?.requested.get(r.name) ?? 0);
    if (free < r.amount) return 0;
    const n = Math.floor(free / r.amount);
    if (n < max) max = n;
  }
  return max;
}
