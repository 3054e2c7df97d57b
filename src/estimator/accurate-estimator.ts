/**
 * The accurate estimator (Karmada's karmada-scheduler-estimator), as one service in the control
 * plane instead of one component per member: it watches the Nodes and Pods of every push-mode
 * member through the shared member clients and answers, per cluster, how many replicas of a
 * shape fit node by node (see node-fit.ts). Clusters it cannot see — pull mode, no endpoint,
 * not listed yet — answer UNKNOWN_REPLICAS, so the scheduler falls back to the general estimator
 * for them; elsewhere the scheduler takes the minimum of both.
 */
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeClient, ResourceRef } from '../client/client.js';
import type { Clock } from '../client/clock.js';
import type { Logger } from '../client/logger.js';
import { noopLogger } from '../client/logger.js';
import type { MemberClientSource } from '../controllers/shared/member-client-source.js';
import { UNKNOWN_REPLICAS, type EstimateRequest, type ReplicaEstimator } from '../scheduler/estimator/replica-estimator.js';
import { MemberCapacity, type ReplicaShape } from './member-capacity.js';
import { nodeSink, podSink } from './member-sink.js';
import { PodRequestInterner } from './pod-requests.js';
import { SlimReflector } from './slim-reflector.js';

/** Estimator name as in Karmada. */
export const ACCURATE_ESTIMATOR = 'scheduler-estimator';

const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false, kind: 'Node' };
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' };

/** Options of the accurate estimator. */
export interface AccurateEstimatorOptions {
  /** Clients of push-mode members (the controllers' shared MemberClients). */
  readonly memberClients: MemberClientSource;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Server-side watch timeout for the member watches (default random 300..600 s). */
  readonly watchTimeoutSeconds?: number;
}

interface MemberWatch {
  readonly capacity: MemberCapacity;
  readonly reflectors: readonly SlimReflector[];
  /** Connection fields the watch was started for; a change restarts it. */
  readonly fingerprint: string;
}

/** Counts for logs and tests. */
export interface AccurateEstimatorStats {
  readonly members: number;
  readonly synced: number;
  readonly nodes: number;
  readonly pods: number;
  readonly requestShapes: number;
}

/** True when the estimator can watch the cluster: push mode with an API endpoint. */
export function watchable(cluster: Cluster): boolean {
  return cluster.spec.syncMode !== 'Pull' && (cluster.spec.apiEndpoint ?? '') !== '' && cluster.metadata.deletionTimestamp === undefined;
}

function fingerprintOf(cluster: Cluster): string {
  return JSON.stringify([cluster.metadata.uid, cluster.spec.apiEndpoint, cluster.spec.secretRef, cluster.spec.proxyURL]);
}

function shapeKey(request: EstimateRequest): string {
  let key = '';
  for (const r of request.request) key += `${r.name}=${r.amount};`;
  return request.nodeClaim === undefined ? key : `${key}|${JSON.stringify(request.nodeClaim)}`;
}

/** Watches every push member's nodes and pods; estimates replicas node by node. */
export class AccurateEstimator implements ReplicaEstimator {
  readonly name = ACCURATE_ESTIMATOR;
  private readonly members = new Map<string, MemberWatch>();
  private readonly interner = new PodRequestInterner();
  private readonly shapes = new WeakMap<EstimateRequest, ReplicaShape>();
  private readonly logger: Logger;
  private stopped = false;

  constructor(private readonly options: AccurateEstimatorOptions) {
    this.logger = options.logger ?? noopLogger;
  }

  /** Starts (or restarts, when its connection changed) watching `cluster`, or stops when it is not watchable. */
  upsertCluster(cluster: Cluster): void {
    const name = cluster.metadata.name ?? '';
    if (this.stopped || name === '') return;
    const existing = this.members.get(name);
    if (!watchable(cluster)) {
      if (existing !== undefined) this.removeCluster(name);
      return;
    }
    const fingerprint = fingerprintOf(cluster);
    if (existing?.fingerprint === fingerprint) return;
    if (existing !== undefined) this.removeCluster(name);
    const capacity = new MemberCapacity();
    const client = (): Promise<KubeClient> => this.options.memberClients.get(name);
    const common = {
      client,
      logger: this.logger,
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      ...(this.options.watchTimeoutSeconds === undefined ? {} : { watchTimeoutSeconds: this.options.watchTimeoutSeconds }),
    };
    const reflectors = [
      new SlimReflector({ ...common, resource: NODES, sink: nodeSink(capacity) }),
      new SlimReflector({ ...common, resource: PODS, sink: podSink(capacity, this.interner) }),
    ];
    this.members.set(name, { capacity, reflectors, fingerprint });
    for (const r of reflectors) r.start();
    this.logger.debug({ cluster: name }, 'scheduler-estimator: watching member nodes and pods');
  }

  /** Stops watching a cluster (deleted, or turned pull mode). */
  removeCluster(name: string): void {
    const m = this.members.get(name);
    if (m === undefined) return;
    this.members.delete(name);
    for (const r of m.reflectors) void r.stop();
  }

  /** True when the cluster's nodes and pods are both listed. */
  isSynced(name: string): boolean {
    const m = this.members.get(name);
    return m !== undefined && m.reflectors.every((r) => r.hasSynced);
  }

  /** The member's capacity when synced. */
  capacityOf(name: string): MemberCapacity | undefined {
    return this.isSynced(name) ? this.members.get(name)?.capacity : undefined;
  }

  estimate(cluster: Cluster, input: EstimateRequest): number {
    const name = cluster.metadata.name ?? '';
    const capacity = this.capacityOf(name);
    if (capacity === undefined) return UNKNOWN_REPLICAS;
    let shape = this.shapes.get(input);
    if (shape === undefined) {
      shape = { request: input.request, key: shapeKey(input), ...(input.nodeClaim === undefined ? {} : { nodeClaim: input.nodeClaim }) };
      this.shapes.set(input, shape);
    }
    const fit = capacity.maxReplicas(shape);
    // Capacity promised to other bindings this round and not yet visible as pods (the ledger
    // knows clusters, not nodes): their resources in replicas of this shape, and their pod slots.
    const reserved = input.reservations?.(name);
    if (reserved === undefined) return fit;
    let promised = 0;
    for (const r of input.request) promised = Math.max(promised, Math.ceil((reserved.resources.get(r.name) ?? 0) / r.amount));
    return Math.max(0, Math.min(fit - promised, capacity.freePodSlots(shape) - reserved.pods));
  }

  maxAvailableReplicas(clusters: readonly Cluster[], request: EstimateRequest): number[] {
    return clusters.map((c) => this.estimate(c, request));
  }

  stats(): AccurateEstimatorStats {
    let nodes = 0;
    let pods = 0;
    let synced = 0;
    for (const [name, m] of this.members) {
      nodes += m.capacity.nodeCount;
      pods += m.capacity.podCount;
      if (this.isSynced(name)) synced++;
    }
    return { members: this.members.size, synced, nodes, pods, requestShapes: this.interner.size };
  }

  /** Stops every watch. */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.members.values()].flatMap((m) => m.reflectors);
    this.members.clear();
    await Promise.all(all.map((r) => r.stop()));
  }
}
