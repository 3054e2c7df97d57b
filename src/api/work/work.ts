/**
 * work.karmada.io/v1alpha1 Work (`pkg/apis/work/v1alpha1/work_types.go`), namespaced in `karmada-es-<cluster>`.
 */
import type { KubeObject } from '../object.js';
import type { Condition } from '../policy/kube-core.js';

/** `WorkloadTemplate`: the raw manifests to apply in the member. */
export interface WorkloadTemplate {
  manifests?: KubeObject[];
}

/** `WorkSpec`. */
export interface WorkSpec {
  workload?: WorkloadTemplate;
  suspendDispatching?: boolean;
  preserveResourcesOnDeletion?: boolean;
}

/** `ResourceIdentifier` of one manifest. */
export interface ResourceIdentifier {
  ordinal: number;
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespace?: string;
  name: string;
}

/** `ManifestStatus`. */
export interface ManifestStatus {
  identifier: ResourceIdentifier;
  status?: unknown;
  health?: 'Healthy' | 'Unhealthy' | 'Unknown';
}

/** `WorkStatus`. */
export interface WorkStatus {
  conditions?: Condition[];
  manifestStatuses?: ManifestStatus[];
}

/** work.karmada.io/v1alpha1 Work (short name `wk`). */
export interface Work extends KubeObject {
  apiVersion?: 'work.karmada.io/v1alpha1';
  kind?: 'Work';
  spec: WorkSpec;
  status?: WorkStatus;
}

/** Work condition types. */
export const WorkConditionApplied = 'Applied';
export const WorkConditionProgressing = 'Progressing';
export const WorkConditionAvailable = 'Available';
export const WorkConditionDegraded = 'Degraded';
export const WorkConditionDispatching = 'Dispatching';
