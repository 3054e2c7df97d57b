/**
 * What one replica of a pod template needs, as Karmada's `helper.GenerateReplicaRequirements`
 * computes it: the node claim (node selector, required node affinity, tolerations) and the
 * effective resource request (containers summed, the largest init container, plus overhead).
 */
import type { NodeClaim, ReplicaRequirements } from '../../api/work/resource-binding.js';
import type { NodeSelector, ResourceList, Toleration } from '../../api/policy/kube-core.js';
import { getArray, getObject, getString } from './json-path.js';
import {
  formatQuantity,
  newMilliQuantity,
  newQuantity,
  quantityFromJson,
  quantityMilliValue,
  quantityValue,
} from './quantity.js';

/** Options for {@link generateReplicaRequirements}. */
export interface ReplicaRequirementsOptions {
  /** Karmada's ResourceQuotaEstimate feature gate (off by default): also report namespace and priority class. */
  readonly resourceQuotaEstimate?: boolean;
}

/**
 * The requirements of one replica of `podTemplate` (`{metadata, spec}`), or undefined when it
 * claims no nodes and requests no resources. Throws on a malformed quantity.
 */
export function generateReplicaRequirements(podTemplate: unknown, options: ReplicaRequirementsOptions = {}): ReplicaRequirements | undefined {
  const spec = getObject(podTemplate, 'spec') ?? {};
  const nodeClaim = nodeClaimOf(spec);
  const resourceRequest = podResourceRequest(spec);
  if (nodeClaim === undefined && resourceRequest === undefined) return undefined;
  const requirements: ReplicaRequirements = {};
  if (nodeClaim !== undefined) requirements.nodeClaim = nodeClaim;
  if (resourceRequest !== undefined) requirements.resourceRequest = resourceRequest;
  if (options.resourceQuotaEstimate === true) {
    const namespace = getString(podTemplate, 'metadata', 'namespace');
    if (namespace) requirements.namespace = namespace;
    const priorityClassName = getString(spec, 'priorityClassName');
    if (priorityClassName) requirements.priorityClassName = priorityClassName;
  }
  return requirements;
}

function nodeClaimOf(spec: Record<string, unknown>): NodeClaim | undefined {
  const claim: NodeClaim = {};
  const nodeSelector = getObject(spec, 'nodeSelector');
  if (nodeSelector !== undefined && Object.keys(nodeSelector).length > 0) claim.nodeSelector = nodeSelector as Record<string, string>;
  const tolerations = getArray(spec, 'tolerations');
  if (tolerations.length > 0) claim.tolerations = tolerations as Toleration[];
  const affinity = getObject(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution');
  if (affinity !== undefined) claim.hardNodeAffinity = affinity as unknown as NodeSelector;
  return Object.keys(claim).length > 0 ? claim : undefined;
}

/** Karmada's `util.Resource`: CPU in milli units, everything else in units. */
interface ResourceTotals {
  milliCPU: bigint;
  memory: bigint;
  ephemeralStorage: bigint;
  pods: bigint;
  scalars: Map<string, bigint>;
}

/** `EmptyResource().AddPodTemplateRequest(spec).ResourceList()`: undefined when every total is zero. */
export function podResourceRequest(spec: Record<string, unknown>): ResourceList | undefined {
  const totals: ResourceTotals = { milliCPU: 0n, memory: 0n, ephemeralStorage: 0n, pods: 0n, scalars: new Map() };
  for (const container of getArray(spec, 'containers')) addResources(totals, effectiveRequests(container), 'add');
  for (const container of getArray(spec, 'initContainers')) addResources(totals, effectiveRequests(container), 'max');
  const overhead = getObject(spec, 'overhead');
  if (overhead !== undefined) addResources(totals, overhead, 'add');
  return resourceList(totals);
}

/** A container's requests, with its limits filling in requests that are missing. */
function effectiveRequests(container: unknown): Record<string, unknown> {
  const requests = getObject(container, 'resources', 'requests') ?? {};
  const limits = getObject(container, 'resources', 'limits');
  if (limits === undefined) return requests;
  return { ...limits, ...requests };
}

function addResources(totals: ResourceTotals, list: Record<string, unknown>, mode: 'add' | 'max'): void {
  const combine = mode === 'add' ? (a: bigint, b: bigint) => a + b : (a: bigint, b: bigint) => (b > a ? b : a);
  for (const [name, raw] of Object.entries(list)) {
    if (raw === null || raw === undefined) continue;
    const quantity = quantityFromJson(raw);
    switch (name) {
      case 'cpu':
        totals.milliCPU = combine(totals.milliCPU, quantityMilliValue(quantity));
        break;
      case 'memory':
        totals.memory = combine(totals.memory, quantityValue(quantity));
        break;
      case 'ephemeral-storage':
        totals.ephemeralStorage = combine(totals.ephemeralStorage, quantityValue(quantity));
        break;
      case 'pods':
        totals.pods = combine(totals.pods, quantityValue(quantity));
        break;
      default:
        if (isScalarResourceName(name)) totals.scalars.set(name, combine(totals.scalars.get(name) ?? 0n, quantityValue(quantity)));
    }
  }
}

function resourceList(totals: ResourceTotals): ResourceList | undefined {
  const result: ResourceList = {};
  if (totals.milliCPU > 0n) result['cpu'] = formatQuantity(newMilliQuantity(totals.milliCPU, 'DecimalSI'));
  if (totals.memory > 0n) result['memory'] = formatQuantity(newQuantity(totals.memory, 'BinarySI'));
  if (totals.ephemeralStorage > 0n) result['ephemeral-storage'] = formatQuantity(newQuantity(totals.ephemeralStorage, 'BinarySI'));
  if (totals.pods > 0n) result['pods'] = formatQuantity(newQuantity(totals.pods, 'DecimalSI'));
  for (const [name, amount] of totals.scalars) {
    if (amount > 0n) result[name] = formatQuantity(newQuantity(amount, isHugePageResourceName(name) ? 'BinarySI' : 'DecimalSI'));
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Extended resources (`vendor.com/gpu`), huge pages and attachable volumes, as Kubernetes' `IsScalarResourceName`. */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || isHugePageResourceName(name) || name.startsWith('attachable-volumes-');
}

function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isExtendedResourceName(name: string): boolean {
  // Native resources have no domain or live under kubernetes.io; "requests." names are quota names.
  if (!name.includes('/') || name.includes('kubernetes.io/') || name.startsWith('requests.')) return false;
  return QUALIFIED_NAME_RE.test(`requests.${name}`);
}

const QUALIFIED_NAME_RE = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
