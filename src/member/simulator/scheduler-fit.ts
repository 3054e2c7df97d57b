/**
 * kube-scheduler's default filters for one pod against the nodes (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit, in that order, the first failing plugin
 * giving a node's reasons) and a least-allocated choice among the nodes that fit. Pure.
 */
import type { ResourceAmounts } from './resources.js';
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from './types.js';

/** One node as the scheduler sees it. */
export interface SchedulingNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: ResourceAmounts;
  /** Sum of the requests of the pods bound to it (pods: their count). */
  readonly requested: ResourceAmounts;
}

export type FitResult = { readonly node: string } | { readonly node?: undefined; readonly message: string };

/** Whether one toleration tolerates the taint (v1helper.ToleratesTaint). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect) {
    return false;
  }
  if ((toleration.key ?? '') !== '' && toleration.key !== taint.key) {
    return false;
  }
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') {
    return true;
  }
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = Number(value);
      const want = Number(values[0]);
      if (value === undefined || !Number.isInteger(have) || !Number.isInteger(want)) {
        return false;
      }
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: SchedulingNode): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) {
    return false;
  }
  return (
    expressions.every((r) => requirementMatches(r, node.labels[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.name))
  );
}

/** nodeSelector and required node affinity (terms ORed, requirements ANDed). */
export function matchesNodeAffinity(spec: PodSpec, node: SchedulingNode): boolean {
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) {
    if (node.labels[key] !== value) {
      return false;
    }
  }
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) {
    return true;
  }
  return (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
}

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Why the pod does not fit the node ([] when it fits), as the failing plugin words it. */
export function fitFailures(spec: PodSpec, request: ResourceAmounts, node: SchedulingNode): string[] {
  const tolerations = spec.tolerations ?? [];
  if (node.unschedulable && !tolerated(tolerations, UNSCHEDULABLE_TAINT)) {
    return ['node(s) were unschedulable'];
  }
  const untolerated = node.taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(tolerations, t));
  if (untolerated !== undefined) {
    return [`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`];
  }
  if (!matchesNodeAffinity(spec, node)) {
    return ["node(s) didn't match Pod's node affinity/selector"];
  }
  const reasons: string[] = [];
  if (node.requested.pods + 1 > node.allocatable.pods) {
    reasons.push('Too many pods');
  }
  const free = (k: keyof ResourceAmounts): number => node.allocatable[k] - node.requested[k];
  if (request.cpu > 0 && request.cpu > free('cpu')) {
    reasons.push('Insufficient cpu');
  }
  if (request.memory > 0 && request.memory > free('memory')) {
    reasons.push('Insufficient memory');
  }
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > free('ephemeralStorage')) {
    reasons.push('Insufficient ephemeral-storage');
  }
  return reasons;
}

/** The scheduler's FitError message: `0/3 nodes are available: 1 Too many pods, 3 Insufficient cpu.` */
export function unschedulableMessage(nodeCount: number, failures: readonly (readonly string[])[]): string {
  if (nodeCount === 0) {
    return 'no nodes available to schedule pods';
  }
  const counts = new Map<string, number>();
  for (const reasons of failures) {
    for (const reason of reasons) {
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  }
  const parts = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}

/** Scoring treats request-less pods as 100m cpu and 200Mi memory (the scheduler's non-zero defaults). */
const DEFAULT_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

function leastAllocatedScore(request: ResourceAmounts, node: SchedulingNode): number {
  const cpu = request.cpu > 0 ? request.cpu : DEFAULT_CPU;
  const memory = request.memory > 0 ? request.memory : DEFAULT_MEMORY;
  const share = (used: number, total: number): number => (total <= 0 ? 0 : Math.max(0, total - used) / total);
  return (share(node.requested.cpu + cpu, node.allocatable.cpu) + share(node.requested.memory + memory, node.allocatable.memory)) / 2;
}

/** Picks the node with the most room left (ties: fewer pods, then name), or explains why none fits. */
export function selectNode(spec: PodSpec, request: ResourceAmounts, nodes: readonly SchedulingNode[]): FitResult {
  const failures: string[][] = [];
  let best: { node: SchedulingNode; score: number } | undefined;
  for (const node of nodes) {
    const reasons = fitFailures(spec, request, node);
    if (reasons.length > 0) {
      failures.push(reasons);
      continue;
    }
    const score = leastAllocatedScore(request, node);
    if (
      best === undefined ||
      score > best.score ||
      (score === best.score && (node.requested.pods < best.node.requested.pods || (node.requested.pods === best.node.requested.pods && node.name < best.node.name)))
    ) {
      best = { node, score };
    }
  }
  if (best !== undefined) {
    return { node: best.node.name };
  }
  return { message: unschedulableMessage(nodes.length, failures) };
}
