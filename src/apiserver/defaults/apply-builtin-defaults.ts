/**
 * applyBuiltinDefaults: the defaulting kube-apiserver runs when decoding a built-in object,
 * by group/version/kind. Unknown kinds are left untouched. Mutates and returns the object.
 */
import type { KubeObject } from '../../api/object.js';
import {
  applyEndpointSliceDefaults,
  applyEndpointsDefaults,
  applyHorizontalPodAutoscalerDefaults,
  applyNamespaceDefaults,
  applyNetworkPolicyDefaults,
  applyPriorityClassDefaults,
  applyRoleBindingDefaults,
  applySecretDefaults,
} from './misc-defaults.js';
import { applyPodDefaults, applyPodTemplateDefaults } from './pod-defaults.js';
import { applyServiceDefaults } from './service-defaults.js';
import {
  applyPersistentVolumeClaimDefaults,
  applyPersistentVolumeDefaults,
  applyStorageClassDefaults,
} from './storage-defaults.js';
import {
  applyCronJobDefaults,
  applyDaemonSetDefaults,
  applyDeploymentDefaults,
  applyJobDefaults,
  applyReplicaSetDefaults,
  applyReplicationControllerDefaults,
  applyStatefulSetDefaults,
} from './workload-defaults.js';

type Defaulter = (object: Record<string, unknown>, version: string) => void;

const defaulters: Readonly<Record<string, Defaulter>> = {
  '/Pod': applyPodDefaults,
  '/PodTemplate': (o) => applyPodTemplateDefaults(o['template']),
  '/ReplicationController': applyReplicationControllerDefaults,
  '/Service': applyServiceDefaults,
  '/Secret': applySecretDefaults,
  '/Namespace': applyNamespaceDefaults,
  '/Endpoints': applyEndpointsDefaults,
  '/PersistentVolumeClaim': applyPersistentVolumeClaimDefaults,
  '/PersistentVolume': applyPersistentVolumeDefaults,
  'apps/Deployment': applyDeploymentDefaults,
  'apps/ReplicaSet': applyReplicaSetDefaults,
  'apps/StatefulSet': applyStatefulSetDefaults,
  'apps/DaemonSet': applyDaemonSetDefaults,
  'batch/Job': applyJobDefaults,
  'batch/CronJob': applyCronJobDefaults,
  'autoscaling/HorizontalPodAutoscaler': applyHorizontalPodAutoscalerDefaults,
  'discovery.k8s.io/EndpointSlice': applyEndpointSliceDefaults,
  'networking.k8s.io/NetworkPolicy': applyNetworkPolicyDefaults,
  'rbac.authorization.k8s.io/RoleBinding': applyRoleBindingDefaults,
  'rbac.authorization.k8s.io/ClusterRoleBinding': applyRoleBindingDefaults,
  'scheduling.k8s.io/PriorityClass': applyPriorityClassDefaults,
  'storage.k8s.io/StorageClass': applyStorageClassDefaults,
};

/** Whether kube-apiserver has defaulting for this kind (ServiceAccount, ConfigMap, Ingress, ... have none). */
export function hasBuiltinDefaults(group: string, kind: string): boolean {
  return defaulters[`${group}/${kind}`] !== undefined;
}

/** Applies the kind's defaults in place and returns the same object. */
export function applyBuiltinDefaults<T extends KubeObject>(group: string, version: string, kind: string, object: T): T {
  defaulters[`${group}/${kind}`]?.(object, version);
  return object;
}
