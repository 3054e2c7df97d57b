/**
 * Turning what a script returned (JSON read from Lua) into the typed values Karmada decodes it
 * into: unknown fields are dropped, quantities are printed canonically, wrong types are errors.
 */
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { DependentObjectReference } from '../../api/config/dependent-object-reference.js';
import type { LabelSelector, NodeSelector, ResourceList, Toleration } from '../../api/policy/kube-core.js';
import type { Component, NodeClaim, ReplicaRequirements } from '../../api/work/resource-binding.js';
import { formatQuantity, quantityFromJson } from '../kube/quantity.js';

/** A script result that does not decode into the expected type. */
export class ResultDecodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultDecodingError';
  }
}

function fail(message: string): never {
  throw new ResultDecodingError(message);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${field}: expected a string, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** An int32 as Go's JSON decoder accepts it: a whole number in range. */
export function decodeInt32(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) {
    fail(`${field}: expected a 32-bit integer, got ${describe(value)}`);
  }
  return value;
}

/**
 * A whole object result (Retain, ReviseReplica, AggregateStatus): must name its kind, as Go's
 * Unstructured requires. Like Karmada, a result without `metadata` is accepted as it is.
 */
export function decodeObject(value: unknown, what: string): KubeObject {
  if (!isPlainObject(value)) fail(`${what}: expected an object, got ${describe(value)}`);
  if (typeof value['kind'] !== 'string' || value['kind'] === '') fail(`${what}: Object 'Kind' is missing`);
  if (value['metadata'] !== undefined && !isPlainObject(value['metadata'])) fail(`${what}: metadata: expected an object`);
  return value as KubeObject;
}

function decodeResourceList(value: unknown, field: string): ResourceList | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (!isPlainObject(value)) fail(`${field}: expected an object, got ${describe(value)}`);
  const list: ResourceList = {};
  for (const [name, raw] of Object.entries(value)) {
    try {
      list[name] = formatQuantity(quantityFromJson(raw));
    } catch (e) {
      fail(`${field}.${name}: ${(e as Error).message}`);
    }
  }
  return Object.keys(list).length > 0 ? list : undefined;
}

function decodeNodeClaim(value: unknown, field: string): NodeClaim | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(`${field}: expected an object, got ${describe(value)}`);
  const claim: NodeClaim = {};
  const { nodeSelector, tolerations, hardNodeAffinity } = value;
  if (nodeSelector !== undefined) {
    if (!isPlainObject(nodeSelector)) fail(`${field}.nodeSelector: expected an object`);
    for (const [key, v] of Object.entries(nodeSelector)) optionalString(v, `${field}.nodeSelector.${key}`);
    if (Object.keys(nodeSelector).length > 0) claim.nodeSelector = nodeSelector as Record<string, string>;
  }
  if (tolerations !== undefined) {
    if (!Array.isArray(tolerations)) fail(`${field}.tolerations: expected a list`);
    if (tolerations.length > 0) claim.tolerations = tolerations as Toleration[];
  }
  if (hardNodeAffinity !== undefined) {
    if (!isPlainObject(hardNodeAffinity)) fail(`${field}.hardNodeAffinity: expected an object`);
    claim.hardNodeAffinity = hardNodeAffinity as unknown as NodeSelector;
  }
  return Object.keys(claim).length > 0 ? claim : undefined;
}

/** ReplicaRequirements (also a component's requirements). */
export function decodeReplicaRequirements(value: unknown, field = 'requires'): ReplicaRequirements {
  if (Array.isArray(value) && value.length === 0) return {};
  if (!isPlainObject(value)) fail(`${field}: expected an object, got ${describe(value)}`);
  const requirements: ReplicaRequirements = {};
  const nodeClaim = decodeNodeClaim(value['nodeClaim'], `${field}.nodeClaim`);
  if (nodeClaim !== undefined) requirements.nodeClaim = nodeClaim;
  const resourceRequest = decodeResourceList(value['resourceRequest'], `${field}.resourceRequest`);
  if (resourceRequest !== undefined) requirements.resourceRequest = resourceRequest;
  const namespace = optionalString(value['namespace'], `${field}.namespace`);
  if (namespace) requirements.namespace = namespace;
  const priorityClassName = optionalString(value['priorityClassName'], `${field}.priorityClassName`);
  if (priorityClassName) requirements.priorityClassName = priorityClassName;
  return requirements;
}

function decodeLabelSelector(value: unknown, field: string): LabelSelector | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(`${field}: expected an object, got ${describe(value)}`);
  return value as LabelSelector;
}

/** A list of DependentObjectReference. */
export function decodeDependencies(value: unknown): DependentObjectReference[] {
  if (!Array.isArray(value)) fail(`dependencies: expected a list, got ${describe(value)}`);
  return value.map((item, i) => {
    const field = `dependencies[${i}]`;
    if (!isPlainObject(item)) fail(`${field}: expected an object, got ${describe(item)}`);
    const ref: DependentObjectReference = {
      apiVersion: optionalString(item['apiVersion'], `${field}.apiVersion`) ?? '',
      kind: optionalString(item['kind'], `${field}.kind`) ?? '',
    };
    const namespace = optionalString(item['namespace'], `${field}.namespace`);
    if (namespace) ref.namespace = namespace;
    const name = optionalString(item['name'], `${field}.name`);
    if (name) ref.name = name;
    const labelSelector = decodeLabelSelector(item['labelSelector'], `${field}.labelSelector`);
    if (labelSelector !== undefined) ref.labelSelector = labelSelector;
    return ref;
  });
}

/** A list of Component. */
export function decodeComponents(value: unknown): Component[] {
  if (!Array.isArray(value)) fail(`components: expected a list, got ${describe(value)}`);
  return value.map((item, i) => {
    const field = `components[${i}]`;
    if (!isPlainObject(item)) fail(`${field}: expected an object, got ${describe(item)}`);
    const component: Component = {
      name: optionalString(item['name'], `${field}.name`) ?? '',
      replicas: item['replicas'] === undefined ? 0 : decodeInt32(item['replicas'], `${field}.replicas`),
    };
    if (item['replicaRequirements'] !== undefined) {
      const requirements = decodeReplicaRequirements(item['replicaRequirements'], `${field}.replicaRequirements`);
      if (Object.keys(requirements).length > 0) component.replicaRequirements = requirements;
    }
    return component;
  });
}
