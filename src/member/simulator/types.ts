/**
 * The fields of built-in kinds the simulator reads and writes. Objects come from the member's own
 * API server, so these are views over JSON: every field is optional and readers default it.
 */
import type { KubeObject } from '../../api/object.js';

export type Quantities = Record<string, string | number>;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
}

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  protocol?: string;
}

export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  resources?: { requests?: Quantities; limits?: Quantities };
  restartPolicy?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  containers?: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  schedulerName?: string;
  volumes?: Record<string, unknown>[];
  overhead?: Quantities;
  [key: string]: unknown;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
  containerID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state?: Record<string, Record<string, unknown>>;
  lastState?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PodStatus {
  phase?: string;
  conditions?: Condition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  qosClass?: string;
  reason?: string;
  message?: string;
  [key: string]: unknown;
}

export type Pod = KubeObject & { spec?: PodSpec; status?: PodStatus };

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec?: PodSpec;
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface NodeStatus {
  capacity?: Quantities;
  allocatable?: Quantities;
  conditions?: Condition[];
  addresses?: { type: string; address: string }[];
  [key: string]: unknown;
}

export type Node = KubeObject & {
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; podCIDRs?: string[]; providerID?: string; [key: string]: unknown };
  status?: NodeStatus;
};

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelectorSpec;
  template?: PodTemplateSpec;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

export type Deployment = KubeObject & { spec?: DeploymentSpec; status?: DeploymentStatus };

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

export type ReplicaSet = KubeObject & {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: LabelSelectorSpec; template?: PodTemplateSpec };
  status?: ReplicaSetStatus;
};

export type StatefulSet = KubeObject & {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    minReadySeconds?: number;
    volumeClaimTemplates?: KubeObject[];
    ordinals?: { start?: number };
  };
  status?: Record<string, unknown>;
};

export type DaemonSet = KubeObject & {
  spec?: {
    selector?: LabelSelectorSpec;
    template?: PodTemplateSpec;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
  };
  status?: Record<string, unknown>;
};

export type Job = KubeObject & {
  spec?: {
    parallelism?: number;
    completions?: number;
    backoffLimit?: number;
    completionMode?: string;
    suspend?: boolean;
    selector?: LabelSelectorSpec;
    template?: PodTemplateSpec;
    ttlSecondsAfterFinished?: number;
    activeDeadlineSeconds?: number;
  };
  status?: {
    startTime?: string;
    completionTime?: string;
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    completedIndexes?: string;
    conditions?: Condition[];
    uncountedTerminatedPods?: Record<string, unknown>;
  };
};

export type CronJob = KubeObject & {
  spec?: {
    schedule?: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  };
  status?: {
    active?: { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string; resourceVersion?: string }[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
};

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export type Service = KubeObject & {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[]; type?: string; publishNotReadyAddresses?: boolean; clusterIP?: string };
};
