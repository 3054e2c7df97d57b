/**
 * The simulated kubelets' node side: registers the nodes with their capacity, labels and Ready
 * conditions, renews each node's heartbeat Lease in kube-node-lease, refreshes the conditions'
 * heartbeat times, and re-registers a node that was deleted (as a running kubelet does).
 */
import type { KubeObject } from '../../api/object.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import type { SimulatorConfig, SimulatorContext } from './context.js';
import { copy, microTimestamp, timestamp } from './object-util.js';
import { LEASES, NODES } from './refs.js';
import type { SharedTicker } from './shared-ticker.js';
import type { Condition, Node, NodeStatus } from './types.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DURATION_SECONDS = 40;

/** `member1-node-1`, ... */
export function nodeNames(config: Pick<SimulatorConfig, 'memberName' | 'nodes'>): string[] {
  return Array.from({ length: config.nodes }, (_, i) => `${config.memberName}-node-${i + 1}`);
}

/** A label value for the instance type, e.g. `sim-8c-32gi`. */
export function instanceType(config: Pick<SimulatorConfig, 'nodeCpu' | 'nodeMemory'>): string {
  return `sim-${config.nodeCpu}c-${config.nodeMemory}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 63);
}

/** The node object (without status) as a kubelet registers it. */
export function nodeObject(config: SimulatorConfig, index: number): Node {
  const name = nodeNames(config)[index] ?? `${config.memberName}-node-${index + 1}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': instanceType(config),
  };
  if (config.region !== undefined && config.region !== '') {
    labels['topology.kubernetes.io/region'] = config.region;
  }
  if (config.zone !== undefined && config.zone !== '') {
    labels['topology.kubernetes.io/zone'] = config.zone;
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      providerID: `${config.provider}://${config.memberName}/${name}`,
    },
  };
}

function condition(type: string, status: Condition['status'], reason: string, message: string, now: string, previous: readonly Condition[]): Condition {
  const old = previous.find((c) => c.type === type);
  const transition = old !== undefined && old.status === status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : now;
  return { type, status, lastHeartbeatTime: now, lastTransitionTime: transition, reason, message };
}

/** The node's status: capacity = allocatable, healthy pressure conditions, Ready, addresses, node info. */
export function nodeStatus(config: SimulatorConfig, index: number, nowMs: number, previous: readonly Condition[] = []): NodeStatus {
  const name = nodeNames(config)[index] ?? '';
  const now = timestamp(nowMs);
  const resources = { cpu: config.nodeCpu, memory: config.nodeMemory, pods: config.nodePods, 'ephemeral-storage': config.nodeEphemeralStorage };
  return {
    capacity: { ...resources },
    allocatable: { ...resources },
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now, previous),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now, previous),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now, previous),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now, previous),
    ],
    addresses: [
      { type: 'InternalIP', address: `172.18.${Math.floor(index / 250)}.${(index % 250) + 2}` },
      { type: 'Hostname', address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: '6.1.0-simulated',
      osImage: 'karmada-ts simulated node',
      containerRuntimeVersion: 'simulated://1.0.0',
      kubeletVersion: config.kubeletVersion,
      kubeProxyVersion: config.kubeletVersion,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

export class NodeSimulator {
  private readonly leases = new Map<string, KubeObject>();
  private readonly names: string[];
  private lastStatusRefresh = 0;

  constructor(private readonly ctx: SimulatorContext) {
    this.names = nodeNames(ctx.config);
  }

  /** Registers every node (creating or refreshing it) and its Lease. */
  async register(): Promise<void> {
    for (let i = 0; i < this.names.length; i++) {
      await this.ensureNode(i);
      await this.renewLease(i);
    }
    this.lastStatusRefresh = this.ctx.clock.now();
  }

  /** Renews the Leases on the shared ticker; refreshes node status every nodeStatusRefreshMs. */
  start(ticker: SharedTicker, signal: AbortSignal): void {
    ticker.every(this.ctx.config.leaseRenewMs, () => this.heartbeat(), signal);
  }

  /** One heartbeat round (exposed for tests). */
  async heartbeat(): Promise<void> {
    const refresh = this.ctx.clock.now() - this.lastStatusRefresh >= this.ctx.config.nodeStatusRefreshMs;
    for (let i = 0; i < this.names.length; i++) {
      try {
        const cached = this.ctx.informers.nodes.cache.get(this.names[i] ?? '');
        if (cached === undefined || refresh) {
          await this.ensureNode(i);
        }
        await this.renewLease(i);
      } catch (err) {
        this.ctx.logger.warn({ err, node: this.names[i] }, 'node heartbeat failed');
      }
    }
    if (refresh) {
      this.lastStatusRefresh = this.ctx.clock.now();
    }
  }

  private async ensureNode(index: number): Promise<void> {
    const client = this.ctx.client;
    const desired = nodeObject(this.ctx.config, index);
    const name = desired.metadata.name ?? '';
    let node = this.ctx.informers.nodes.cache.get(name);
    if (node === undefined) {
      try {
        node = await client.create<Node>(NODES, desired);
      } catch (err) {
        if (!isAlreadyExists(err)) {
          throw err;
        }
        node = await client.get<Node>(NODES, name);
      }
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = copy(node);
      next.status = { ...(node.status ?? {}), ...nodeStatus(this.ctx.config, index, this.ctx.clock.now(), node.status?.conditions ?? []) };
      try {
        await client.updateStatus(NODES, next);
        return;
      } catch (err) {
        if (!isConflict(err)) {
          throw err;
        }
        node = await client.get<Node>(NODES, name);
      }
    }
  }

  private async renewLease(index: number): Promise<void> {
    const client = this.ctx.client;
    const name = this.names[index] ?? '';
    const renewTime = microTimestamp(this.ctx.clock.now());
    const known = this.leases.get(name);
    if (known !== undefined) {
      try {
        const next = copy(known);
        next['spec'] = { ...(known['spec'] as Record<string, unknown>), renewTime };
        this.leases.set(name, await client.update(LEASES, next));
        return;
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) {
          throw err;
        }
        this.leases.delete(name);
      }
    }
    const node = this.ctx.informers.nodes.cache.get(name) ?? (await client.get<Node>(NODES, name));
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
      },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
    };
    try {
      this.leases.set(name, await client.create(LEASES, lease, { namespace: NODE_LEASE_NAMESPACE }));
    } catch (err) {
      if (!isAlreadyExists(err)) {
        throw err;
      }
      const current = await client.get(LEASES, name, { namespace: NODE_LEASE_NAMESPACE });
      const next = copy(current);
      next['spec'] = { ...(current['spec'] as Record<string, unknown>), holderIdentity: name, renewTime };
      this.leases.set(name, await client.update(LEASES, next));
    }
  }
}
