/**
 * The Kubernetes built-in resources the control plane serves, as kube-apiserver 1.32 lists them in
 * discovery (names, scope, short names, categories, verbs, subresources).
 */
import type { ResourceInfo, ScaleSubresource } from '../resource-info.js';
import { CREATE_ONLY, PROXY_VERBS, SUBRESOURCE_RW_VERBS, VERBS_NO_DELETECOLLECTION } from './verbs.js';

type OtherSubresource = NonNullable<ResourceInfo['otherSubresources']>[number];

interface KubeResourceSpec {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs?: readonly string[];
  readonly status?: boolean;
  readonly scale?: ScaleSubresource;
  readonly other?: readonly OtherSubresource[];
  readonly storageVersion?: string;
}

/** Built-in kinds: singular is the lower-cased kind and the list kind is `<Kind>List`, as everywhere in Kubernetes. */
function kube(spec: KubeResourceSpec): ResourceInfo {
  return {
    group: spec.group,
    version: spec.version,
    kind: spec.kind,
    resource: spec.resource,
    singular: spec.kind.toLowerCase(),
    listKind: `${spec.kind}List`,
    namespaced: spec.namespaced,
    builtin: true,
    ...(spec.shortNames ? { shortNames: spec.shortNames } : {}),
    ...(spec.categories ? { categories: spec.categories } : {}),
    ...(spec.verbs ? { verbs: spec.verbs } : {}),
    ...(spec.status ? { statusSubresource: true } : {}),
    ...(spec.scale ? { scaleSubresource: spec.scale } : {}),
    ...(spec.other ? { otherSubresources: spec.other } : {}),
    ...(spec.storageVersion ? { storageVersion: spec.storageVersion } : {}),
  };
}

const ALL_CATEGORY = ['all'] as const;

/**
 * Scale of the built-in workloads. For these kinds `labelSelectorPath` points at a LabelSelector
 * object (ReplicationController: a label map), not at a serialized selector string as it does for
 * CRDs; the scale endpoint serializes it for `Scale.status.selector`.
 */
const WORKLOAD_SCALE: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
};

const POD_SUBRESOURCES: readonly OtherSubresource[] = [
  { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  { name: 'binding', kind: 'Binding', verbs: CREATE_ONLY },
  { name: 'ephemeralcontainers', kind: 'Pod', verbs: SUBRESOURCE_RW_VERBS },
  { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: CREATE_ONLY },
  { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
  { name: 'log', kind: 'Pod', verbs: ['get'] },
  { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  { name: 'proxy', kind: 'PodProxyOptions', verbs: PROXY_VERBS },
];

const CORE: readonly ResourceInfo[] = [
  kube({
    group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false,
    shortNames: ['ns'], verbs: VERBS_NO_DELETECOLLECTION, status: true,
    other: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  }),
  kube({
    group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true,
    shortNames: ['po'], categories: ALL_CATEGORY, status: true, other: POD_SUBRESOURCES,
  }),
  kube({
    group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true,
    shortNames: ['svc'], categories: ALL_CATEGORY, verbs: VERBS_NO_DELETECOLLECTION, status: true,
    other: [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: PROXY_VERBS }],
  }),
  kube({ group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', namespaced: true, shortNames: ['ep'] }),
  kube({ group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, shortNames: ['cm'] }),
  kube({ group: '', version: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true }),
  kube({
    group: '', version: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true,
    shortNames: ['sa'],
    other: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: CREATE_ONLY }],
  }),
  kube({
    group: '', version: 'v1', kind: 'Node', resource: 'nodes', namespaced: false,
    shortNames: ['no'], status: true,
    other: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: PROXY_VERBS }],
  }),
  kube({ group: '', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'] }),
  kube({
    group: '', version: 'v1', kind: 'PersistentVolume', resource: 'persistentvolumes', namespaced: false,
    shortNames: ['pv'], status: true,
  }),
  kube({
    group: '', version: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', namespaced: true,
    shortNames: ['pvc'], status: true,
  }),
  kube({ group: '', version: 'v1', kind: 'LimitRange', resource: 'limitranges', namespaced: true, shortNames: ['limits'] }),
  kube({
    group: '', version: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas', namespaced: true,
    shortNames: ['quota'], status: true,
  }),
  kube({
    group: '', version: 'v1', kind: 'ReplicationController', resource: 'replicationcontrollers', namespaced: true,
    shortNames: ['rc'], categories: ALL_CATEGORY, status: true, scale: WORKLOAD_SCALE,
  }),
  kube({ group: '', version: 'v1', kind: 'PodTemplate', resource: 'podtemplates', namespaced: true }),
];

const APPS: readonly ResourceInfo[] = [
  kube({
    group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true,
    shortNames: ['deploy'], categories: ALL_CATEGORY, status: true, scale: WORKLOAD_SCALE,
  }),
  kube({
    group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', namespaced: true,
    shortNames: ['rs'], categories: ALL_CATEGORY, status: true, scale: WORKLOAD_SCALE,
  }),
  kube({
    group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', namespaced: true,
    shortNames: ['sts'], categories: ALL_CATEGORY, status: true, scale: WORKLOAD_SCALE,
  }),
  kube({
    group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', namespaced: true,
    shortNames: ['ds'], categories: ALL_CATEGORY, status: true,
  }),
  kube({ group: 'apps', version: 'v1', kind: 'ControllerRevision', resource: 'controllerrevisions', namespaced: true }),
];

const BATCH: readonly ResourceInfo[] = [
  kube({ group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true, categories: ALL_CATEGORY, status: true }),
  kube({
    group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', namespaced: true,
    shortNames: ['cj'], categories: ALL_CATEGORY, status: true,
  }),
];

const NETWORKING: readonly ResourceInfo[] = [
  kube({
    group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', resource: 'ingresses', namespaced: true,
    shortNames: ['ing'], status: true,
  }),
  kube({ group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', resource: 'ingressclasses', namespaced: false }),
  kube({
    group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true,
    shortNames: ['netpol'],
  }),
];

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC: readonly ResourceInfo[] = [
  kube({ group: RBAC_GROUP, version: 'v1', kind: 'Role', resource: 'roles', namespaced: true }),
  kube({ group: RBAC_GROUP, version: 'v1', kind: 'RoleBinding', resource: 'rolebindings', namespaced: true }),
  kube({ group: RBAC_GROUP, version: 'v1', kind: 'ClusterRole', resource: 'clusterroles', namespaced: false }),
  kube({ group: RBAC_GROUP, version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false }),
];

/** autoscaling/v2 is preferred and is the storage version; v1 is served from the same objects. */
const AUTOSCALING: readonly ResourceInfo[] = ['v2', 'v1'].map((version) =>
  kube({
    group: 'autoscaling', version, kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', namespaced: true,
    shortNames: ['hpa'], categories: ALL_CATEGORY, status: true, storageVersion: 'v2',
  }),
);

const OTHERS: readonly ResourceInfo[] = [
  kube({
    group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', namespaced: true,
    shortNames: ['pdb'], status: true,
  }),
  kube({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true }),
  kube({ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', resource: 'storageclasses', namespaced: false, shortNames: ['sc'] }),
  kube({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases', namespaced: true }),
  kube({
    group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions',
    namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true,
  }),
  // The same objects as core/v1 events, seen through the newer API.
  kube({ group: 'events.k8s.io', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'] }),
];

/** Review APIs: virtual, create-only, never stored. */
const REVIEWS: readonly ResourceInfo[] = [
  kube({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', resource: 'tokenreviews', namespaced: false, verbs: CREATE_ONLY }),
  kube({
    group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', resource: 'selfsubjectreviews',
    namespaced: false, verbs: CREATE_ONLY,
  }),
  kube({
    group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', resource: 'selfsubjectaccessreviews',
    namespaced: false, verbs: CREATE_ONLY,
  }),
  kube({
    group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', resource: 'selfsubjectrulesreviews',
    namespaced: false, verbs: CREATE_ONLY,
  }),
  kube({
    group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview', resource: 'subjectaccessreviews',
    namespaced: false, verbs: CREATE_ONLY,
  }),
  kube({
    group: 'authorization.k8s.io', version: 'v1', kind: 'LocalSubjectAccessReview', resource: 'localsubjectaccessreviews',
    namespaced: true, verbs: CREATE_ONLY,
  }),
];

/** Every Kubernetes built-in the control plane serves (metrics.k8s.io is served elsewhere). */
export const BUILTIN_RESOURCES: readonly ResourceInfo[] = [
  ...CORE,
  ...APPS,
  ...BATCH,
  ...NETWORKING,
  ...RBAC,
  ...AUTOSCALING,
  ...OTHERS,
  ...REVIEWS,
];
