/**
 * One member's nodes and the pods bound to them, reduced to what the estimate needs: per node
 * its snapshot and the running sum of its pods' requests; per pod only its node and (interned)
 * request. Terminated pods (Succeeded, Failed) and pods not bound to a node are not kept.
 * Answers are cached per replica shape until the member changes.
 */
import type { NodeClaim } from '../api/work/resource-binding.js';
import type { ParsedRequest } from '../scheduler/estimator/resource-request.js';
import { nodeMatchesClaim, replicasOnNode, type NodeSnapshot, type NodeUsage } from './node-fit.js';
import type { PodRequest } from './pod-requests.js';

/** What is kept of one pod. */
export interface PodSlot {
  readonly node: string;
  readonly request: PodRequest;
}

interface MutableUsage {
  requested: Map<string, number>;
  pods: number;
}

/** The shape of replicas to estimate. */
export interface ReplicaShape {
  readonly request: ParsedRequest;
  readonly nodeClaim?: NodeClaim;
  /** A string identifying request + claim (the cache key). */
  readonly key: string;
}

interface ShapeFit {
  readonly replicas: number;
  readonly slots: number;
}

/** At most this many shapes are cached per member between changes. */
const CACHE_LIMIT = 512;

/** Nodes and pod usage of one member cluster. */
export class MemberCapacity {
  private readonly nodes = new Map<string, NodeSnapshot>();
  private readonly pods = new Map<string, PodSlot>();
  private readonly usage = new Map<string, MutableUsage>();
  private readonly cache = new Map<string, ShapeFit>();

  /** Adds or replaces a node. */
  setNode(node: NodeSnapshot): void {
    this.nodes.set(node.name, node);
    this.cache.clear();
  }

  deleteNode(name: string): void {
    if (this.nodes.delete(name)) this.cache.clear();
  }

  /** Adds, moves or (with `slot` undefined: terminated, unbound) removes a pod. */
  setPod(key: string, slot: PodSlot | undefined): void {
    const old = this.pods.get(key);
    if (old !== undefined && slot !== undefined && old.node === slot.node && old.request === slot.request) return;
    if (old !== undefined) {
      this.account(old, -1);
      this.pods.delete(key);
    }
    if (slot !== undefined) {
      this.pods.set(key, slot);
      this.account(slot, 1);
    }
    if (old !== undefined || slot !== undefined) this.cache.clear();
  }

  deletePod(key: string): void {
    this.setPod(key, undefined);
  }

  /** Forgets everything (before a relist). */
  clearNodes(): void {
    this.nodes.clear();
    this.cache.clear();
  }

  clearPods(): void {
    this.pods.clear();
    this.usage.clear();
    this.cache.clear();
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  get podCount(): number {
    return this.pods.size;
  }

  /** Usage of one node (for inspection). */
  usageOf(node: string): NodeUsage | undefined {
    return this.usage.get(node);
  }

  /** Replicas of `shape` that fit, summed over the nodes that satisfy its node claim. */
  maxReplicas(shape: ReplicaShape): number {
    return this.fit(shape).replicas;
  }

  /** Free pod slots on the nodes that satisfy the shape's node claim. */
  freePodSlots(shape: ReplicaShape): number {
    return this.fit(shape).slots;
  }

  private fit(shape: ReplicaShape): ShapeFit {
    const hit = this.cache.get(shape.key);
    if (hit !== undefined) return hit;
    let replicas = 0;
    let slots = 0;
    for (const node of this.nodes.values()) {
      if (!nodeMatchesClaim(node, shape.nodeClaim)) continue;
      const usage = this.usage.get(node.name);
      replicas += replicasOnNode(node, usage, shape.request);
      slots += Math.max(0, node.allocatablePods - (usage?.pods ?? 0));
    }
    const fit = { replicas, slots };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(shape.key, fit);
    return fit;
  }

  private account(slot: PodSlot, sign: 1 | -1): void {
    let u = this.usage.get(slot.node);
    if (u === undefined) {
      if (sign < 0) return;
      u = { requested: new Map(), pods: 0 };
      this.usage.set(slot.node, u);
    }
    u.pods += sign;
    for (const [name, v] of slot.request) {
      const next = (u.requested.get(name) ?? 0) + sign * v;
      if (next === 0) u.requested.delete(name);
      else u.requested.set(name, next);
    }
    if (u.pods <= 0) this.usage.delete(slot.node);
  }
}
