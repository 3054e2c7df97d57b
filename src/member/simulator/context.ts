/** What every simulator controller gets: the member's client, shared informers, clock and settings. */
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import type { EventSink } from './event-recorder.js';
import type { CronJob, DaemonSet, Deployment, Job, Node, Pod, ReplicaSet, Service, StatefulSet } from './types.js';

/** The simulated cluster's shape and timings. */
export interface SimulatorConfig {
  /** The member's name; node names derive from it. */
  readonly memberName: string;
  readonly nodes: number;
  /** Per node, as quantities: `8`, `32Gi`, `110`, `100Gi`. */
  readonly nodeCpu: string;
  readonly nodeMemory: string;
  readonly nodePods: string;
  readonly nodeEphemeralStorage: string;
  readonly region?: string;
  readonly zone?: string;
  readonly provider: string;
  /** `v1.32.0`: nodes' kubeletVersion. */
  readonly kubeletVersion: string;
  /** From binding to Running and Ready. */
  readonly podReadyDelayMs: number;
  /** How long a Job's pod runs before it succeeds. */
  readonly jobPodRunMs: number;
  /** Node Lease renewal period (kubelet: 10 s). */
  readonly leaseRenewMs: number;
  /** How often node conditions' heartbeat times are refreshed. */
  readonly nodeStatusRefreshMs: number;
}

export interface SimulatorInformers {
  readonly pods: Informer<Pod>;
  readonly nodes: Informer<Node>;
  readonly services: Informer<Service>;
  readonly endpointSlices: Informer<KubeObject>;
  readonly deployments: Informer<Deployment>;
  readonly replicaSets: Informer<ReplicaSet>;
  readonly statefulSets: Informer<StatefulSet>;
  readonly daemonSets: Informer<DaemonSet>;
  readonly jobs: Informer<Job>;
  readonly cronJobs: Informer<CronJob>;
}

/** Assigns a pod to a node (the pods/binding subresource); throws the client's ApiError. */
export type PodBindFunc = (pod: Pod, node: string) => Promise<void>;

export interface SimulatorContext {
  readonly client: KubeClient;
  readonly bindPod: PodBindFunc;
  /** Event sink of a component (`default-scheduler`, `replicaset-controller`, ...). */
  readonly events: (component: string) => EventSink;
  readonly informers: SimulatorInformers;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SimulatorConfig;
}
