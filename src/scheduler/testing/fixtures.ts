/**
 * Builders of Clusters and ResourceBindings for scheduler tests and benchmarks.
 */
import type { Cluster, ResourceModel } from '../../api/cluster/cluster.js';
import type { ResourceList, Taint } from '../../api/policy/kube-core.js';
import type { Placement } from '../../api/policy/placement.js';
import type {
  GracefulEvictionTask,
  ReplicaRequirements,
  ResourceBindingStatus,
  TargetCluster,
} from '../../api/work/resource-binding.js';
import type { SchedulableBinding } from '../core/scheduler.js';

/** Options of `makeCluster`. */
export interface ClusterOptions {
  labels?: Record<string, string>;
  provider?: string;
  region?: string;
  zone?: string;
  taints?: Taint[];
  /** Free pods: sets allocatable pods (nothing allocated) unless `allocatable` is given. */
  pods?: number;
  allocatable?: ResourceList;
  allocated?: ResourceList;
  allocating?: ResourceList;
  /** Default: apps/v1 Deployment. */
  apis?: Array<{ groupVersion: string; kinds: string[] }>;
  resourceModels?: ResourceModel[];
  modelings?: Array<{ grade: number; count: number }>;
  deleting?: boolean;
  noSummary?: boolean;
}

/** A Cluster with a resource summary and API enablements. */
export function makeCluster(name: string, o: ClusterOptions = {}): Cluster {
  const apis = o.apis ?? [{ groupVersion: 'apps/v1', kinds: ['Deployment'] }];
  const cluster: Cluster = {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}), ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: {
      syncMode: 'Push',
      ...(o.provider ? { provider: o.provider } : {}),
      ...(o.region ? { region: o.region } : {}),
      ...(o.zone ? { zone: o.zone } : {}),
      ...(o.taints ? { taints: o.taints } : {}),
      ...(o.resourceModels ? { resourceModels: o.resourceModels } : {}),
    },
    status: {
      apiEnablements: apis.map((a) => ({ groupVersion: a.groupVersion, resources: a.kinds.map((k) => ({ name: `${k.toLowerCase()}s`, kind: k })) })),
    },
  };
  if (!o.noSummary && cluster.status !== undefined) {
    cluster.status.resourceSummary = {
      allocatable: o.allocatable ?? { pods: String(o.pods ?? 110) },
      ...(o.allocated ? { allocated: o.allocated } : {}),
      ...(o.allocating ? { allocating: o.allocating } : {}),
      ...(o.modelings ? { allocatableModelings: o.modelings } : {}),
    };
  }
  return cluster;
}

/** Options of `makeBinding`. */
export interface BindingOptions {
  name?: string;
  namespace?: string;
  uid?: string;
  replicas?: number;
  placement?: Placement;
  clusters?: TargetCluster[];
  requirements?: ReplicaRequirements;
  status?: ResourceBindingStatus;
  evictions?: GracefulEvictionTask[];
  rescheduleTriggeredAt?: string;
  kind?: string;
}

/** A ResourceBinding for an apps/v1 Deployment. */
export function makeBinding(o: BindingOptions = {}): SchedulableBinding {
  return {
    kind: 'ResourceBinding',
    metadata: { name: o.name ?? 'app', namespace: o.namespace ?? 'default', ...(o.uid ? { uid: o.uid } : {}) },
    spec: {
      resource: { apiVersion: 'apps/v1', kind: o.kind ?? 'Deployment', namespace: o.namespace ?? 'default', name: o.name ?? 'app' },
      ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
      ...(o.placement ? { placement: o.placement } : {}),
      ...(o.clusters ? { clusters: o.clusters } : {}),
      ...(o.requirements ? { replicaRequirements: o.requirements } : {}),
      ...(o.evictions ? { gracefulEvictionTasks: o.evictions } : {}),
      ...(o.rescheduleTriggeredAt ? { rescheduleTriggeredAt: o.rescheduleTriggeredAt } : {}),
    },
    ...(o.status ? { status: o.status } : {}),
  };
}

/** Placement shorthands. */
export const dynamicWeight: Placement = {
  replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } },
};
export const aggregated: Placement = {
  replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' },
};
export const duplicated: Placement = { replicaScheduling: { replicaSchedulingType: 'Duplicated' } };

/** Static weights by cluster name. */
export function staticWeight(weights: Record<string, number>): Placement {
  return {
    replicaScheduling: {
      replicaSchedulingType: 'Divided',
      replicaDivisionPreference: 'Weighted',
      weightPreference: {
        staticWeightList: Object.entries(weights).map(([name, weight]) => ({ targetCluster: { clusterNames: [name] }, weight })),
      },
    },
  };
}

/** `spec.clusters` as a name → replicas record, for compact assertions. */
export function asRecord(clusters: readonly TargetCluster[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of clusters) out[t.name] = t.replicas ?? 0;
  return out;
}
